"""What a dollar amount is: a price ("closed at $189.97" a close, "fell to $360" a level reached
with the move's direction, "briefly hit $124,000" an intraday extreme, "trades at $230.18" a
price during the session) or a change ("down $1.37", "gained 50 cents": a move in dollars).
Market values are read elsewhere. Pure: text in, reading out."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.types import Kind

_CHANGE = re.compile(r"\b(?:by|down|up|lost|gained|added|shed|fell|rose|dropped|jumped|climbed|"
                     r"declined|slipped|increased|decreased)\s*$", re.I)
_INTRADAY = re.compile(r"\b(?:briefly|intraday|at\s+one\s+point|as\s+(?:high|low)\s+as|session\s+(?:high|low)|"
                       r"reach(?:ed|es|ing)?|hit|hitting|touch(?:ed|ing)?|tapp(?:ed|ing)|peak(?:ed|ing)?|"
                       r"spik(?:ed|ing)\s+to|climb(?:ed|ing)?\s+to|extremes?|overnight\s+highs?|between)\b", re.I)
_CLOSE = re.compile(r"\b(?:clos(?:ed|ing)|end(?:ed|ing)?|finish(?:ed|ing)?|settl(?:ed|ing))\b[^.;]{0,25}$", re.I)
_AT = re.compile(r"\b(?:at|to|near|around|above|below|past|under|over|beyond|of|surpassing|topping|"
                 r"breaking\s+above|priced\s+at|trad(?:es|ed|ing)\s+at)\s+(?:the\s+|about\s+|around\s+|"
                 r"roughly\s+|almost\s+|nearly\s+|just\s+(?:under|over|above|below)\s+)?(?:US)?$", re.I)
# "rose 1 basis point to 4.543% from 4.536%", "fell 2% to $71.33 a barrel from $72.80", "to
# 4.366%, from 4.290%": the figure after "from" is where the move started, the previous close.
_FROM_PREVIOUS = re.compile(r"\bto\s+(?:US)?\$?\d[\d,.]*\s*(?:%|percent)?(?:\s+[a-z]+){0,3},?\s+from\s+(?:US)?$", re.I)
_LOW = re.compile(r"\b(?:low|lows|lowest|dip(?:ped)?|fell|drop(?:ped)?|slid|below|under|sank|plunged)\b", re.I)


_HIGH = re.compile(r"\b(?:high|highs|highest|peak(?:ed)?|above|over|top(?:ped)?)\b", re.I)


def _says_low(text: str) -> bool:
    """Is the extreme a low? The word nearest the figure decides: "slid 2% from overnight highs
    near $115,000" is a high, "rose, then fell to a low of $90" a low."""
    low = [m.end() for m in _LOW.finditer(text)]
    high = [m.end() for m in _HIGH.finditer(text)]
    return bool(low) and (not high or low[-1] > high[-1])


@dataclass(frozen=True)
class PriceReading:
    kind: Kind  # LEVEL or INTRADAY for a price, DAILY_MOVE for a change
    direction: str | None
    level: str | None  # "close" | "price" | "intraday high" | "intraday low" | a level phrase; None: a change
    previous: bool = False  # "rose to 4.543% from 4.536%": the close of the session before


def read_price(before: str, move_direction: str | None, level_phrase: str | None) -> PriceReading | None:
    """before (str): the clause text right before the dollar amount.
    move_direction: the direction of the move word tied to the amount, if any.
    level_phrase: "all-time high" when the amount is "an all-time high of $X"."""
    tail = before[-60:]
    if _FROM_PREVIOUS.search(tail):
        return PriceReading(Kind.LEVEL, None, "close", previous=True)
    if _CHANGE.search(tail):
        # "down $1.37": a change in dollars, which needs the move's direction to be a claim
        return PriceReading(Kind.DAILY_MOVE, move_direction, None) if move_direction else None
    if level_phrase is not None:
        return PriceReading(Kind.LEVEL, None, level_phrase)
    if _INTRADAY.search(tail[-45:]):
        # the whole tail: "lowest intraday level since Nov. 27, 2024, when it hit $326.59"
        low = _says_low(tail) if move_direction is None else move_direction == "down"
        return PriceReading(Kind.INTRADAY, "down" if low else "up", "intraday low" if low else "intraday high")
    if not _AT.search(tail):
        return None
    if _CLOSE.search(tail):
        return PriceReading(Kind.LEVEL, move_direction, "close")
    return PriceReading(Kind.LEVEL, move_direction, "price")
