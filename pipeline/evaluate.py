"""`tickercheck evaluate`: score extraction on the hand-annotated real articles."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipeline.annotations import CLAIM_KINDS, LABELS, claim_key, claim_scores, field_scores, load_gold, span_scores
from pipeline.near_duplicates import SAME_STORY, SeenText
from pipeline.nlp.build import MODEL_LABELS


def evaluate(annotations_dir: Path, data_dir: Path, split: str = "test", show_misses: bool = False,
             model_labels: tuple[str, ...] | None = None) -> dict:
    """Span and claim scores on one split. model_labels: what the fine-tuned model decides
    (None: the default pipeline's choice; (): spaCy + rules alone)."""
    from pipeline.article import make_article
    from pipeline.nlp.build import make_nlp
    from pipeline.resolve.sessions import resolve_claim

    model_labels = MODEL_LABELS if model_labels is None else model_labels
    nlp = make_nlp(str(data_dir), model_labels)
    annotated = load_gold(annotations_dir, data_dir)
    items = [a for a in annotated if split == "all" or a.split == split]
    gold_spans, pred_spans, gold_claims, pred_claims = [], [], [], []
    linked = []  # (predicted symbol, gold symbol) for ASSET spans that are a gold claim's subject
    for n, (item, doc) in enumerate(zip(items, nlp.pipe(it.text for it in items))):
        subjects = {tuple(c["asset"]): c.get("symbol") for c in item.record["claims"] if c.get("asset")}
        linked += [(s.kb_id_, subjects[(s.start_char, s.end_char)]) for s in doc.spans["fin"]
                   if s.label_ == "ASSET" and s.kb_id_ and subjects.get((s.start_char, s.end_char))]
        gold_spans += [(n, s["start"], s["end"], s["label"]) for s in item.record["spans"]]
        pred_spans += [(n, s.start_char, s.end_char, s.label_) for s in doc.spans["fin"] if s.label_ in LABELS]
        article, _ = make_article(item.text, item.published)
        for cand in doc._.claims:
            r = resolve_claim(cand, article, data_dir)
            pred_claims.append({"kind": cand.kind.value, "symbol": r.symbol, "value": cand.value,
                                "direction": cand.direction, "qualifier": cand.qualifier.value if cand.qualifier else None,
                                "session": r.session.isoformat() if r.session else None,
                                "period": {"start": r.period.start.isoformat(), "end": r.period.end.isoformat()} if r.period else None,
                                "article": n, "quote": cand.quote, "start": cand.start, "end": cand.end})
        gold_claims += [{**c, "article": n, "quote": item.text[c["start"]:c["end"]]} for c in item.record["claims"]]
    spans, claims = _scores(gold_spans, pred_spans, gold_claims, pred_claims)
    out = {"split": split, "pipeline": "spacy+rules+model" if model_labels else "spacy+rules",
           "model_labels": list(model_labels or ()), "articles": len(items), "gold_claims": len(gold_claims),
           "spans": spans, "claims": claims, "claim_fields": field_scores(gold_claims, pred_claims),
           "asset_linking": {"precision": round(sum(p == g for p, g in linked) / len(linked), 3) if linked else 0.0,
                             "linked_subjects": len(linked)},
           "gold_kinds": dict(Counter(c["kind"] for c in gold_claims))}
    if split != "all":
        out["unseen_text"] = _unseen_text(items, [a for a in annotated if a.split != split],
                                          gold_spans, pred_spans, gold_claims, pred_claims)
    if show_misses:
        if split == "test":
            raise ValueError("misses are for train/dev only: the test split is never studied")
        out["misses"] = claim_misses(gold_claims, pred_claims)
    return out


def _scores(gold_spans: list, pred_spans: list, gold_claims: list[dict], pred_claims: list[dict]) -> tuple[dict, dict]:
    """Span and claim scores. Spans and claims are compared within their own article: the
    article index is part of the key."""
    spans = span_scores([((a, s), e, l) for a, s, e, l in gold_spans],
                        [((a, s), e, l) for a, s, e, l in pred_spans])
    claims = claim_scores([{**c, "symbol": (c["article"], c.get("symbol"))} for c in gold_claims],
                          [{**c, "symbol": (c["article"], c.get("symbol"))} for c in pred_claims])
    return spans, claims


def _unseen_text(items: list, others: list, gold_spans: list, pred_spans: list,
                 gold_claims: list[dict], pred_claims: list[dict]) -> dict:
    """The scores again without the articles that are another version of a story annotated in
    another split: rules written while reading the train copy have, in effect, seen them."""
    seen = SeenText(o.text for o in others)
    left_out = {n for n, item in enumerate(items) if seen.share(item.text) >= SAME_STORY}
    spans, claims = _scores([s for s in gold_spans if s[0] not in left_out],
                            [s for s in pred_spans if s[0] not in left_out],
                            [c for c in gold_claims if c["article"] not in left_out],
                            [c for c in pred_claims if c["article"] not in left_out])
    return {"articles": len(items) - len(left_out),
            "left_out": sorted(items[n].record["id"] for n in left_out),
            "spans": spans["micro"], "claims": claims}


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


def ablation(annotations_dir: Path, data_dir: Path, split: str) -> list[dict]:
    """The same split through spaCy + rules alone, with the model deciding every label, and with
    the model deciding one label at a time: which labels the model should own."""
    configs = [(), tuple(LABELS), MODEL_LABELS, *((label,) for label in LABELS if (label,) != MODEL_LABELS)]
    rows = []
    for labels in configs:
        r = evaluate(annotations_dir, data_dir, split, model_labels=labels)
        name = "+".join(labels) or "(rules only)"
        rows.append({"model_labels": name + (" (default)" if labels == MODEL_LABELS else ""), "span_f1": r["spans"]["micro"]["f1"],
                     **{f"{label}_f1": r["spans"][label]["f1"] for label in LABELS},
                     "claim_p": r["claims"]["precision"], "claim_r": r["claims"]["recall"],
                     "claim_f1": r["claims"]["f1"], "asset_linking_p": r["asset_linking"]["precision"]})
    return rows
