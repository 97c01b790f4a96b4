"""Stand-off hand annotations (fixtures/annotations/gold_*.jsonl) and their evaluation.

The corpus text is read from the data directory; the annotation files hold only offsets and
fields. The split is derived from the article id, so it cannot be edited by accident.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

LABELS = ("ASSET", "AMOUNT", "MOVE", "TIME", "QUALIFIER", "METRIC")
# TIME spans start at the time words: "Friday", not "on Friday" (see fixtures/annotations/README.md).
TIME_PREPOSITION = re.compile(r"^(?:as of|on|in|at|during|for|over|of|by|from)\s", re.I)


def split_of(article_id: str) -> str:
    """60% train, 10% dev, 30% test, by a hash of the id (stable across runs and machines)."""
    bucket = int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 10
    return "train" if bucket < 6 else "dev" if bucket == 6 else "test"


@dataclass(frozen=True)
class Annotated:
    record: dict  # the annotation record
    text: str  # the corpus text it points into
    published: str

    @property
    def split(self) -> str:
        return split_of(self.record["id"])


def load_gold(annotations_dir: Path, data_dir: Path) -> list[Annotated]:
    records = [json.loads(line) for path in sorted(Path(annotations_dir).glob("gold_*.jsonl"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted: dict[str, set[str]] = {}
    for r in records:
        wanted.setdefault(r["corpus_file"], set()).add(r["id"])
    corpus: dict[str, dict] = {}
    for name, ids in wanted.items():
        with open(Path(data_dir) / "corpus" / name, encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                if row["id"] in ids:
                    corpus[row["id"]] = row
    return [Annotated(r, corpus[r["id"]]["text"], corpus[r["id"]]["published"]) for r in records]


def problems(item: Annotated) -> list[str]:
    """Integrity checks: offsets inside the text, no overlaps, no edge spaces, assets exist."""
    out, text, rec = [], item.text, item.record
    spans = sorted(rec["spans"], key=lambda s: s["start"])
    for s in spans:
        if not (0 <= s["start"] < s["end"] <= len(text)):
            out.append(f"{rec['id']}: span {s} outside the text")
        elif text[s["start"]:s["end"]] != text[s["start"]:s["end"]].strip():
            out.append(f"{rec['id']}: span {s} has edge whitespace")
        if s["label"] == "TIME" and TIME_PREPOSITION.match(text[s["start"]:s["end"]]):
            out.append(f"{rec['id']}: TIME span {s} starts with a preposition")
        if s["label"] not in LABELS:
            out.append(f"{rec['id']}: unknown label {s['label']}")
    for a, b in zip(spans, spans[1:]):
        if b["start"] < a["end"]:
            out.append(f"{rec['id']}: spans {a} and {b} overlap")
    assets = {(s["start"], s["end"]) for s in spans if s["label"] == "ASSET"}
    for c in rec["claims"]:
        if c.get("asset") and tuple(c["asset"]) not in assets:
            out.append(f"{rec['id']}: claim asset {c['asset']} is not an ASSET span")
    return out


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def span_scores(gold: list[tuple[int, int, str]], pred: list[tuple[int, int, str]]) -> dict:
    """Exact-boundary span P/R/F1 per label and micro-averaged."""
    out = {}
    g_all, p_all = set(gold), set(pred)
    for label in LABELS:
        g = {x for x in g_all if x[2] == label}
        p = {x for x in p_all if x[2] == label}
        out[label] = prf(len(g & p), len(p - g), len(g - p))
    out["micro"] = prf(len(g_all & p_all), len(p_all - g_all), len(g_all - p_all))
    return out


CLAIM_KINDS = {"daily_move", "intraday", "period", "level", "market_value", "direction"}


def claim_key(c: dict) -> tuple:
    period = c.get("period") or {}
    value = round(float(c["value"]), 4) if c.get("value") is not None else None
    return (c.get("symbol"), value, c.get("direction"), c.get("session"),
            period.get("start"), period.get("end"), c.get("qualifier"))


def claim_scores(gold_claims: list[dict], pred_claims: list[dict]) -> dict:
    """A predicted claim counts when symbol, value, direction, session/period and qualifier
    all equal a gold claim's (each gold claim matched at most once)."""
    gold = Counter(claim_key(c) for c in gold_claims if c["kind"] in CLAIM_KINDS)
    pred = Counter(claim_key(c) for c in pred_claims if c["kind"] in CLAIM_KINDS)
    tp = sum((gold & pred).values())
    return prf(tp, sum(pred.values()) - tp, sum(gold.values()) - tp)


FIELDS = ("symbol", "kind", "direction", "value", "qualifier", "time")


def _field(c: dict, name: str):
    if name == "value":
        return round(float(c["value"]), 4) if c.get("value") is not None else None
    if name == "time":  # the session, or the period for period claims
        period = c.get("period") or {}
        return c.get("session"), period.get("start"), period.get("end")
    return c.get(name)


def field_scores(gold_claims: list[dict], pred_claims: list[dict]) -> dict:
    """Per-field P/R/F1, to see which field costs claim-level F1. A prediction is paired with
    the gold claim of the same article whose quote overlaps it most (each gold claim once,
    largest overlaps first); "found" scores the pairing alone, and each field counts as right
    only on a pair that agrees on it. Unpaired predictions are wrong on every field, unpaired
    gold claims missed on every field. Claims need "article", "start" and "end"."""
    gold = [c for c in gold_claims if c["kind"] in CLAIM_KINDS]
    pred = [c for c in pred_claims if c["kind"] in CLAIM_KINDS]
    overlaps = sorted(((min(g["end"], p["end"]) - max(g["start"], p["start"]), gi, pi)
                       for gi, g in enumerate(gold) for pi, p in enumerate(pred)
                       if g["article"] == p["article"] and min(g["end"], p["end"]) > max(g["start"], p["start"])),
                      reverse=True)
    pairs, used_gold, used_pred = [], set(), set()
    for _, gi, pi in overlaps:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi), used_pred.add(pi)
            pairs.append((gold[gi], pred[pi]))
    out = {"found": prf(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))}
    for name in FIELDS:
        right = sum(_field(g, name) == _field(p, name) for g, p in pairs)
        out[name] = prf(right, len(pred) - right, len(gold) - right)
    return out
