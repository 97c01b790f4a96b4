"""Which sentences can hold a numeric market claim: the only ones the model reads.

A claim needs an amount or a level phrase ("a two-week low"). Training reads every sentence
with a digit or a level phrase (`may_hold_claim`, on plain text); the component reads only
sentences where the rules found an AMOUNT or LEVEL span (`claim_sentences`), a subset of those,
so that the rest of an article — most of it — costs the model nothing. The rule spans still
cover every sentence.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.nlp.rules import LEVEL_RE, SPANS_KEY

_DIGIT = re.compile(r"\d")
_CLAIM_LABELS = frozenset({"AMOUNT", "LEVEL"})


def may_hold_claim(sentence: str) -> bool:
    return bool(_DIGIT.search(sentence)) or bool(LEVEL_RE.search(sentence))


def claim_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the sentences holding a rule AMOUNT or LEVEL span, in order."""
    starts = sorted(s.start_char for s in doc.spans[SPANS_KEY] if s.label_ in _CLAIM_LABELS)
    out, k = [], 0
    for sent in doc.sents:  # one pass: Span.sent would rescan the doc for every span
        while k < len(starts) and starts[k] < sent.start_char:
            k += 1
        if k < len(starts) and starts[k] < sent.end_char:
            out.append((sent.start_char, sent.end_char))
    return out
