"""Company names that are everyday words: "Apple shares rose 5%" is AAPL, "Apple growers saw
prices rise 5%" is the fruit. The words around the mention decide (pipeline/data/senses.toml):
its sentence first, then the whole article. Only a clear everyday reading unlinks a name; with
no cue either way the company reading stands, as it did before this table existed.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from pipeline.config import PACKAGE_DATA

_SENTENCE_END = re.compile(r"[.!?]\s|\n")


@dataclass(frozen=True)
class Sense:
    name: str
    symbol: str
    other: str  # the everyday sense, in words
    other_cues: re.Pattern
    company_cues: re.Pattern


def _cues(words: list[str]) -> re.Pattern:
    return re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                      + r")(?![\w'])", re.I)


@lru_cache(maxsize=1)
def load_senses() -> dict[tuple[str, str], Sense]:
    data = tomllib.loads((PACKAGE_DATA / "senses.toml").read_text(encoding="utf-8"))
    return {(s["name"], s["symbol"]): Sense(s["name"], s["symbol"], s["other"], _cues(s["other_cues"]),
                                            _cues(s["company_cues"])) for s in data["sense"]}


def everyday_sense(entity: str, symbol: str | None, text: str, at: int | None) -> str | None:
    """Why the mention `entity` at offset `at` is not the company `symbol`, or None when it is
    (or may be). text: the whole article."""
    sense = load_senses().get((entity, symbol or ""))
    if sense is None or at is None:
        return None
    sentence = _sentence(text, at, at + len(entity))
    for scope, where in ((sentence, "its sentence"), (text, "the article")):
        other = sense.other_cues.search(scope)
        if sense.company_cues.search(scope):
            return None
        if other:
            return (f"'{entity}' reads as {sense.other} here, not the company {symbol} "
                    f"({where} mentions '{other.group(0)}' and nothing about the company's stock)")
    return None


def _sentence(text: str, start: int, end: int) -> str:
    before = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    after = _SENTENCE_END.search(text, end)
    return text[before[-1] if before else 0:after.start() + 1 if after else len(text)]
