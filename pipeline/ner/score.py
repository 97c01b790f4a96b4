"""The fine-tuned model on its own, span by span, against the hand annotations.

`tickercheck evaluate --model-alone` answers "how good is the model as a tagger?", apart from
how the pipeline uses it. Two scopes, each scored for the model's raw spans and for the rule
spans on exactly the same text:

- every sentence of the split's articles (what a tagger reading everything would find);
- the claim sentences only (those with a rule amount or level: what the pipeline lets the
  model read, prefilter.py), gold spans outside them left out of both sides.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.annotations import LABELS, load_gold, span_scores


def _inside(span: tuple[int, int], sentences: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in sentences)


def model_alone(annotations_dir: Path, data_dir: Path, split: str = "test") -> dict:
    from pipeline.nlp.build import make_nlp
    from pipeline.nlp.rules import SPANS_KEY
    from pipeline.ner.prefilter import claim_sentences

    nlp = make_nlp(str(data_dir), tuple(LABELS))
    tagger = nlp.get_pipe("fin_ner")
    items = [a for a in load_gold(annotations_dir, data_dir) if split == "all" or a.split == split]
    with nlp.select_pipes(disable=["fin_ner"]):
        docs = list(nlp.pipe(it.text for it in items))
    every = [[(s.start_char, s.end_char) for s in doc.sents] for doc in docs]
    claim = [claim_sentences(doc) for doc in docs]
    model_spans = tagger.tag(docs, every)

    scores = {}
    for scope, sentences in (("all_sentences", every), ("claim_sentences", claim)):
        gold, model, rules = [], [], []
        for n, (item, doc) in enumerate(zip(items, docs)):
            keep = sentences[n]
            gold += [((n, s["start"]), s["end"], s["label"]) for s in item.record["spans"]
                     if _inside((s["start"], s["end"]), keep)]
            model += [((n, s), e, label) for s, e, label in model_spans[n] if _inside((s, e), keep)]
            rules += [((n, s.start_char), s.end_char, s.label_) for s in doc.spans[SPANS_KEY]
                      if s.label_ in LABELS and _inside((s.start_char, s.end_char), keep)]
        scores[scope] = {"gold_spans": len(gold), "model": span_scores(gold, model),
                         "rules": span_scores(gold, rules)}
    return {"split": split, "articles": len(items), **scores}
