"""ASSET spans for US Treasury yields named by their maturity, in the many ways wires write them
("the yield on the 30-year Treasury", "the two-year rate", "the 2-year note", "with the 10-year up
9.2 basis points"). Used by `fin_rules` (asset_rules.py); the alias table keeps the fixed phrases."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from pipeline.nlp.doc_text import char_span, text_of

# Yahoo's yield indexes by maturity; the 2-year has none, so it stays unlinked (as the gold does).
_SYMBOLS = {"2": "", "two": "", "5": "^FVX", "five": "^FVX", "10": "^TNX", "ten": "^TNX", "30": "^TYX", "thirty": "^TYX"}
_MATURITY = r"(?P<years>2|two|5|five|10|ten|30|thirty)-year"
_US = r"(?:U\.?S\.?\s+)?"
_PAPER = r"(?:Treasury|Treasuries|T-notes?|notes?|bonds?)"
# "yield on the 2-year Treasury", "yield for 10-year US Treasuries", "yield on benchmark U.S. 10-year notes"
_YIELD_ON = re.compile(rf"\byields?\s+(?:on|for)\s+(?:the\s+)?(?:benchmark\s+)?{_US}{_MATURITY}\s+{_US}{_PAPER}\b", re.I)
# "the two-year rate", "the 2-year note", "the 30-year bond", "US 10-year yield": a maturity and its noun
_NAMED = re.compile(rf"\b(?:(?:US|U\.S\.)\s+)?{_MATURITY}(?:\s+{_US}(?:Treasury|T-note|note|bond))?(?:\s+(?:yield|rate))?"
                    rf"(?<!year)\b", re.I)
# "with the 10-year up 9.2 basis points", "and the two-year 7.7 basis points higher": the maturity alone,
# its move in basis points right after
_ELLIPTIC = re.compile(rf"\bthe\s+({_MATURITY})(?=\s+(?:(?:was\s+)?(?:up|down|rose|fell|climbed|added|gained|dropped|"
                       rf"slipped|jumped|eased)\s+)?[\d.]+\s+basis\s+points)", re.I)
# Only where the article talks about Treasuries or yields: "a 30-year bond" of a company is no rate.
_RATES_TEXT = re.compile(r"\bTreasur(?:y|ies)\b|\byields?\b", re.I)


def treasury_spans(doc: Doc) -> list[Span]:
    text = text_of(doc)
    if not _RATES_TEXT.search(text):
        return []
    found = [(m.start(), m.end(), m.group("years")) for m in _YIELD_ON.finditer(text)]
    found += [(m.start(), m.end(), m.group("years")) for m in _NAMED.finditer(text) if not m.group(0).lower().endswith("-year")]
    found += [(m.start(1), m.end(1), m.group("years")) for m in _ELLIPTIC.finditer(text)]
    spans = (char_span(doc, start, end, "ASSET", _SYMBOLS[years.lower()]) for start, end, years in found)
    return [s for s in spans if s is not None]
