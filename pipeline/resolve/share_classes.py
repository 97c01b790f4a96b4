"""One company, several listed share classes: Alphabet's GOOGL (Class A) and GOOG (Class C),
Berkshire Hathaway's BRK-A and BRK-B. Their prices differ (BRK-A is ~1,500 BRK-B), and so do
their moves a little, so the class matters.

The families come from the Nasdaq screener in the data directory (read in place): listings that
share a common name (listings.py's rules), each with its class letter from the name ("Alphabet
Inc. Class C Capital Stock") or the symbol ("BRK/A"). A name links to the company's primary
class (the team's alias, else the biggest listing: listings.py); when the text names a class
("Class C shares", "Berkshire's B shares") the claim moves to that class, and when it does
not, the claim keeps the primary class with a note that the company has others.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from pipeline.resolve.listings import common_name

_NOT_SHARES = re.compile(r"warrant|right|unit|preferred|notes due|depositary|\(ADW\)", re.I)
_CLASS_IN_NAME = re.compile(r"\bClass\s+([A-Z])(?![-\w])")  # not "Class C-1 ADS (ADW)", warrants
_CLASS_IN_SYMBOL = re.compile(r"[/.-]([A-Z])$")
# "Class C shares", "class-A stock", "B shares", "its A-shares": the class the text names.
_CLASS_IN_TEXT = re.compile(r"\b[Cc]lass[\s-]+([A-Z])\b|(?<![\w$])([A-Z])[\s-](?:shares?|stock)\b")
_LOOK_AHEAD = 40  # characters after the name where "... Class C shares" may follow


@lru_cache(maxsize=4)
def share_classes(data_dir: str | None) -> dict[str, dict[str, str]]:
    """symbol → {class letter: symbol} for every company with two or more classes listed."""
    path = Path(data_dir) / "reference" / "nasdaq_screener.csv" if data_dir else None
    if path is None or not path.exists():
        return {}
    companies: dict[str, dict[str, str]] = {}
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            name, symbol = row.get("name") or "", row.get("symbol") or ""
            letter = _CLASS_IN_NAME.search(name) or _CLASS_IN_SYMBOL.search(symbol)
            if not symbol or "^" in symbol or _NOT_SHARES.search(name) or letter is None:
                continue
            yahoo = symbol.replace("/", "-").replace(".", "-")
            companies.setdefault(common_name(name).lower(), {})[letter.group(1)] = yahoo
    return {s: family for family in companies.values() if len(family) > 1 for s in family.values()}


def pick_class(entity: str, symbol: str | None, text: str, at: int | None, until: int,
               data_dir: str | None) -> tuple[str | None, str | None]:
    """RETURNS (the symbol for the class the text names, a note) — or (symbol, note about the
    other classes), or (symbol, None) when the company has one class or the ticker was written.
    at: the mention's offset in text; until: the end of the claim's quote."""
    family = share_classes(data_dir).get(symbol or "")
    if not family or at is None or entity.lstrip("$").upper().replace(".", "-") in family.values():
        return symbol, None
    end = max(until, at + len(entity) + _LOOK_AHEAD)
    window = re.split(r"[.!?](?:\s|$)", text[at:end], maxsplit=1)[0]
    # The company named a sentence before: "The Class A shares ended Tuesday at $768,010."
    claim_sentence = re.split(r"[.!?](?:\s|$)", text[at:until])[-1] if until > at else ""
    named = _CLASS_IN_TEXT.search(window) or _CLASS_IN_TEXT.search(claim_sentence)
    classes = ", ".join(f"Class {k} {v}" for k, v in sorted(family.items()))
    if named:
        letter = named.group(1) or named.group(2)
        if letter in family:
            return family[letter], f"'{named.group(0).strip()}' names {family[letter]} ({entity}: {classes})"
        return symbol, f"'{named.group(0).strip()}' names no listed class of {entity} ({classes}); read as {symbol}"
    return symbol, f"{entity} has several share classes ({classes}); read as {symbol}, the primary one"
