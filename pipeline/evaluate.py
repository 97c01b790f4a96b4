"""`tickercheck evaluate`: score extraction on the hand-annotated real articles."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipeline.annotations import LABELS, claim_scores, load_gold, span_scores


def evaluate(annotations_dir: Path, data_dir: Path, split: str = "test") -> dict:
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
                                "article": n})
        gold_claims += [{**c, "article": n} for c in item.record["claims"]]
    # Spans and claims are compared within their own article: the article index is part of the key.
    spans = span_scores([((a, s), e, l) for a, s, e, l in gold_spans],
                        [((a, s), e, l) for a, s, e, l in pred_spans])
    claims = claim_scores([{**c, "symbol": (c["article"], c.get("symbol"))} for c in gold_claims],
                          [{**c, "symbol": (c["article"], c.get("symbol"))} for c in pred_claims])
    return {"split": split, "articles": len(items), "gold_claims": len(gold_claims),
            "spans": spans, "claims": claims,
            "gold_kinds": dict(Counter(c["kind"] for c in gold_claims))}
