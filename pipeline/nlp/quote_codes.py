"""ASSET spans for the quote codes wires print after a name: Reuters instrument codes
("FTSEurofirst 300 index (.FTEU3)", "the 2-year note (US2YT=RR)", "gold futures (GCc1)", "the
Mexican peso < MXN=>") and MarketWatch's ("the 30-year Treasury BX:TMUBMUSD30Y", "CBOE:EFS").
A code names what the name before it names, so it takes that name's link. Used by `fin_rules`."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from pipeline.nlp.doc_text import char_span, text_of

# Reuters: an index code (".FTEU3"), a rate, currency or coin ("US2YT=RR", "MXN=", "ETH="), a
# continuous future ("GCc1", "LCOc1"), in parentheses or angle brackets.
_RIC = r"\.[A-Z][A-Z0-9]{1,14}|[A-Z][A-Z0-9]{1,9}=(?:RR|X)?|[A-Z]{2,4}c[1-9]"
_BRACKETED = re.compile(rf"[(<]\s?({_RIC})\s?[)>]")
# MarketWatch: the venue's prefix, then the code ("BX:TMUBMUSD10Y", "EURONEXT:IACWI").
_PREFIXED = re.compile(r"\b(?:BX|EURONEXT|CBOE|XNAS|XNYS|TTT):([A-Z][A-Z0-9]{1,14})\b")


def quote_code_spans(doc: Doc, assets: list[Span]) -> list[Span]:
    text = text_of(doc)
    ends = {s.end_char: s.kb_id_ for s in assets}
    out = []
    for m in [*_BRACKETED.finditer(text), *_PREFIXED.finditer(text)]:
        name_end = m.start()  # where the name before the code ends (spaces skipped)
        while name_end > 0 and text[name_end - 1].isspace():
            name_end -= 1
        span = char_span(doc, m.start(1), m.end(1), "ASSET", ends.get(name_end, ""))
        if span is not None:
            out.append(span)
    return out
