"""Pure parsing of amounts: "1.69%", "11.4 percent", "1 percentage point", "$230 billion",
"230 billion USD", "25 basis points". No spaCy here: spec-tested on its own.

Numbers may come in the forms news actually uses: a Unicode minus or an en dash as one
("−5.1%", "(–2.0%)"), a decimal comma
("5,1 %": one or two digits after the comma; three digits are a thousands group), and vulgar
fractions ("2½%", "½%")."""
from __future__ import annotations

import re
import unicodedata
from fractions import Fraction

_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "mn": 1e6,
          "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "t": 1e12}
_FRACTIONS = "½¼¾⅓⅔⅛⅜⅝⅞"
_NUM = (r"[-+−–]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?"  # 1,234.5
        r"|\d+,\d{1,2}(?![\d,])"  # 5,1 (decimal comma)
        rf"|\d*[{_FRACTIONS}]"  # 2½, ½
        r"|\d+(?:\.\d+)?)")
_SCALE_RE = r"(?:thousand|million|billion|trillion|mln|bn|tn|mn|[kmbt])\b"

PERCENT = rf"(?:{_NUM})\s?(?:%|percent\b|per cent\b|pct\b|pc\b)"
POINTS = rf"(?:{_NUM})\s?(?:percentage points?|pct points?|ppts?\b|pp\b)"
BASIS = rf"(?:{_NUM})\s?(?:basis points?|bps?\b)"
MONEY = (
    rf"(?:US\s?)?\$\s?(?:{_NUM})(?:\s?{_SCALE_RE})?"
    rf"|(?:{_NUM})(?:\s?{_SCALE_RE})?\s?(?:USD|US dollars|dollars)\b"
    rf"|(?:{_NUM})\s?cents?\b"  # "a per-share profit of 42 cents"
)
_POS = r"\d+(?:\.\d+)?"
# "2-3%", "6%-10%", "2 to 3 percent": a range, read as its middle with the range as its
# precision. "53% to 61%" is two amounts (a change from one to the other, or a range the
# claim extractor pairs up), as the annotations have it.
RANGE = rf"(?:{_POS})\s?(?:%\s?(?:-|–)|-|–|to)\s?(?:{_POS})\s?(?:%|percent\b|per cent\b)"
RANGE_RE = re.compile(rf"({_POS})\s?%?\s?(?:-|–|to)\s?({_POS})")
# "fell 444.23 points": index points (not percentage or basis points).
INDEX_POINTS = rf"(?:{_NUM})\s(?:points?|pts?\.?)(?![\w])"
AMOUNT_RE = re.compile(rf"(?<![\w.$])(?:{RANGE}|{POINTS}|{BASIS}|{PERCENT}|{MONEY}|{INDEX_POINTS})", re.I)


def _read_number(number: str) -> tuple[float, float]:
    """One number as matched by _NUM → (magnitude, one unit of its last stated digit)."""
    digits = number.lstrip("+-−–")
    if digits[-1] in _FRACTIONS:
        part = Fraction(unicodedata.numeric(digits[-1])).limit_denominator(8)
        return float(int(digits[:-1] or 0) + part), 1.0 / part.denominator
    if re.fullmatch(r"\d+,\d{1,2}", digits):
        digits = digits.replace(",", ".")
    digits = digits.replace(",", "")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return float(digits), 10.0 ** -decimals


def parse_amount(text: str) -> tuple[float, str] | None:
    """Parse one amount. RETURNS (value, unit): value positive as stated, scale applied;
    unit "%", "pp", "bp", "USD" or "pt" (index points). A range ("2-3%") gives its middle. None if the text is not an amount."""
    t = text.strip()
    match = re.search(_NUM, t)
    if not match:
        return None
    value = _read_number(match.group(0))[0]
    low = t.lower()
    span = _range(t)
    if span is not None and re.search(r"%|percent", low):
        return (span[0] + span[1]) / 2, "%"
    if re.search(r"percentage point|pct point|ppt|\dpp\b|\spp\b", low):
        return value, "pp"
    if re.search(r"basis point|bps?\b", low):
        return value, "bp"
    if re.search(r"%|percent|per cent|pct|\dpc\b|\spc\b", low):
        return value, "%"
    if re.search(r"\d\s?cents?$", low) and "$" not in t:
        return value / 100, "USD"
    if "$" in t or re.search(r"usd|dollar", low):
        scale = re.search(_SCALE_RE, low[match.end():])
        return value * (_SCALE[scale.group(0)] if scale else 1.0), "USD"
    if re.search(r"\d\s(?:points?|pts?)\b", low):
        return value, "pt"
    return None


def parse_bare_number(text: str) -> tuple[float, float] | None:
    """A number written without a unit ("44,303.40", an index level) -> (value, one unit of
    its last stated digit); None if the text is anything more than a number."""
    t = text.strip()
    if not re.fullmatch(_NUM, t) or t[:1] in "+-−–":
        return None
    return _read_number(t)


def is_range(text: str) -> bool:
    """"6%-10%", "2 to 3 percent": one AMOUNT holding a range (read as its midpoint)."""
    return _range(text) is not None


def _range(text: str) -> tuple[float, float] | None:
    m = RANGE_RE.search(text)
    if not m:
        return None
    lo, hi = float(m.group(1)), float(m.group(2))
    return (lo, hi) if hi > lo else None


def step_of(text: str) -> float | None:
    """One unit of the last stated digit, scale applied: "5.1%" -> 0.1, "$230 billion" -> 1e9,
    "2½%" -> 0.5."""
    parsed = parse_amount(text)
    if parsed is None:
        return None
    span = _range(text)
    if span is not None and parsed[1] == "%":
        return span[1] - span[0]  # the band is the stated range itself
    number, step = _read_number(re.search(_NUM, text).group(0))
    scale = parsed[0] / number if number else 1.0
    return step * scale
