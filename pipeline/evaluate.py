"""`tickercheck evaluate`: score extraction on the hand-annotated real articles."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipeline.annotations import CLAIM_KINDS, LABELS, claim_key, claim_scores, load_gold, span_scores


def evaluate(annotations_dir: Path, data_dir: Path, split: str = "test", show_misses: bool = False) -> dict:
    from pipeline.article import make_article
    from pipeline.nlp.build import make_nlp
    from pipeline.resolve.sessions import resolve_claim

    nlp = make_nlp(str(data_dir))
    items = [a for a in load_gold(annotations_dir, data_dir) if split == "all" or a.split == split]
    gold_spans, pred_spans, gold_claims, pred_claims = [], [], [], []
    for n, item in enumerate(items):
        doc = nlp(item.text)
        gold_spans += [(n, s["start"], s["end"], s["label"]) for s in item.record["spans"]]
        pred_spans += [(n, s.start_char, s.end_char, s.label_) for s in doc.spans["fin"] if s.label_ in LABELS]
        article, _ = make_article(item.text, item.published)
        for cand in doc._.claims:
            r = resolve_claim(cand, article)
            pred_claims.append({"kind": cand.kind.value, "symbol": r.symbol, "value": cand.value,
                                "direction": cand.direction, "qualifier": cand.qualifier.value if cand.qualifier else None,
                                "session": r.session.isoformat() if r.session else None,
                                "period": {"start": r.period.start.isoformat(), "end": r.period.end.isoformat()} if r.period else None,
                                "article": n, "quote": cand.quote})
        gold_claims += [{**c, "article": n, "quote": item.text[c["start"]:c["end"]]} for c in item.record["claims"]]
    # Spans and claims are compared within their own article: the article index is part of the key.
    spans = span_scores([((a, s), e, l) for a, s, e, l in gold_spans],
                        [((a, s), e, l) for a, s, e, l in pred_spans])
    claims = claim_scores([{**c, "symbol": (c["article"], c.get("symbol"))} for c in gold_claims],
                          [{**c, "symbol": (c["article"], c.get("symbol"))} for c in pred_claims])
    out = {"split": split, "articles": len(items), "gold_claims": len(gold_claims),
           "spans": spans, "claims": claims,
           "gold_kinds": dict(Counter(c["kind"] for c in gold_claims))}
    if show_misses:
        if split == "test":
            raise ValueError("misses are for train/dev only: the test split is never studied")
        out["misses"] = claim_misses(gold_claims, pred_claims)
    return out


def claim_misses(gold_claims: list[dict], pred_claims: list[dict]) -> dict:
    """Gold claims no prediction matched, and predictions matching no gold claim, per article."""
    def key(c):
        return (c["article"], *claim_key(c))

    def row(c):
        period = c.get("period") or {}
        return {"article": c["article"], "quote": c["quote"][:120], "kind": c["kind"],
                "key": [c.get("symbol"), c.get("value"), c.get("direction"), c.get("session"),
                        period.get("start"), period.get("end"), c.get("qualifier")]}

    gold = [c for c in gold_claims if c["kind"] in CLAIM_KINDS]
    pred = [c for c in pred_claims if c["kind"] in CLAIM_KINDS]
    left = Counter(key(c) for c in pred)
    missed = []
    for c in gold:
        if left[key(c)] > 0:
            left[key(c)] -= 1
        else:
            missed.append(row(c))
    gold_left = Counter(key(c) for c in gold)
    spurious = []
    for c in pred:
        if gold_left[key(c)] > 0:
            gold_left[key(c)] -= 1
        else:
            spurious.append(row(c))
    return {"missed": missed, "spurious": spurious}
