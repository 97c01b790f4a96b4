"""Government bond yields named by their tenor, as ASSET spans: "the 10-year yield", "the yield
on benchmark U.S. 10-year notes", "the 30-year rate", "the two-year and 10-year yields".

Writers vary the words around the tenor far more than an alias table can list, so the tenor is
read with a pattern and linked by it: Yahoo's Treasury yield indexes exist for 5, 10 and 30 years
(13 weeks is a bill, named otherwise). Other tenors, and other countries' bonds ("Japan's 10-year
JGB yield", "the German 10-year Bund yield"), are assets left unlinked, never guessed.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span

from pipeline.nlp.doc_text import char_span, text_of

TENOR_SYMBOLS = {5: "^FVX", 10: "^TNX", 30: "^TYX"}
_TENOR_WORDS = {"two": 2, "three": 3, "five": 5, "seven": 7, "ten": 10, "twenty": 20, "thirty": 30}

_TENOR = rf"(?:\d{{1,2}}|{'|'.join(_TENOR_WORDS)})-year"
_US = r"(?:(?:US|U\.S\.)\s+)"
_INSTRUMENT = r"(?:Treasury\s+|Treasuries\s+|T-note\s+|government\s+bond\s+)?(?:yields?|rates?|T-notes?|notes?|bonds?)"
# "10-year yield", "US 10-Year Treasury yield", "benchmark U.S. 10-year note", "30-year rate".
_NAMED = rf"{_US}?(?:benchmark\s+)?{_US}?{_TENOR}\s+{_US}?{_INSTRUMENT}"
# "yield on the 10-year U.S. Treasury", "yield for 10-year US Treasuries", "yields on the 10-year
# bond", "the yield of 10-year US Treasuries".
_YIELD_ON = rf"yields?\s+(?:on|for|of)\s+(?:the\s+)?(?:benchmark\s+)?{_US}?{_TENOR}\s+{_US}?" \
            rf"(?:Treasury|Treasuries|T-notes?|notes?|bonds?)"
# "the two-year and 10-year yields": the first tenor stands for its yield too.
_ELLIPTIC = rf"{_TENOR}(?=\s+(?:and|or)\s+{_TENOR}\s+(?:yields|rates|notes|bonds))"
# "with the 10-year up 9.2 basis points": the tenor alone, its move in basis points right after.
_BEFORE_ITS_MOVE = rf"(?<=the\s){_TENOR}(?=\s+(?:(?:was\s+)?(?:up|down|rose|fell|climbed|added|gained|dropped|" \
                   rf"slipped|jumped|eased)\s+)?[\d.]+\s+basis\s+points)"
YIELD_RE = re.compile(rf"\b(?:{_YIELD_ON}|{_NAMED}|{_ELLIPTIC}|{_BEFORE_ITS_MOVE})\b", re.I)

# Another country's bond: the country before the tenor, or its bond's own name after it.
_FOREIGN_BEFORE = re.compile(r"\b(?:German|Germany's|Japan's|Japanese|UK|U\.K\.|British|Britain's|Italian|Italy's|"
                             r"French|France's|Spanish|Spain's|Australian|Australia's|Canadian|Canada's|Chinese|"
                             r"China's|Indian|India's|euro\s+zone|eurozone|Swiss)\s+(?:benchmark\s+)?$", re.I)
_FOREIGN_AFTER = re.compile(r"^\s*(?:Bund|gilt|JGB|OAT|BTP|bond\s+future)", re.I)
# Without "Treasury" or a country, a "10-year note" or "bond" is a yield only in an article on yields.
_RATES_TEXT = re.compile(r"\b(?:Treasur(?:y|ies)|yields?)\b", re.I)


def treasury_yields(doc: Doc) -> Iterator[Span]:
    text = text_of(doc)
    rates_text = _RATES_TEXT.search(text) is not None
    for m in YIELD_RE.finditer(text):
        phrase = m.group(0)
        if not rates_text and not re.search(r"yield|rate", phrase, re.I):
            continue  # "sold $2 billion of 10-year notes" in a company's story: its own debt
        foreign = _FOREIGN_BEFORE.search(text, max(0, m.start() - 30), m.start()) \
            or _FOREIGN_AFTER.match(text, m.end())
        span = char_span(doc, m.start(), m.end(), "ASSET", "" if foreign else _symbol(phrase))
        if span is not None:
            yield span


def _symbol(phrase: str) -> str:
    tenor = re.search(r"(\d{1,2}|[a-z]+)-year", phrase, re.I).group(1).lower()
    years = int(tenor) if tenor.isdigit() else _TENOR_WORDS.get(tenor)
    return TENOR_SYMBOLS.get(years, "")
