"""Which sentences can hold a numeric market claim: the only ones the model reads.

A claim needs a number or a level phrase ("a two-week low"). Everything else (most of an
article) costs the model nothing; the rule spans still cover it.
"""
from __future__ import annotations

import re

from pipeline.nlp.rules import LEVEL_RE

_DIGIT = re.compile(r"\d")


def may_hold_claim(sentence: str) -> bool:
    return bool(_DIGIT.search(sentence)) or bool(LEVEL_RE.search(sentence))
