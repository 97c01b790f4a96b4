"""Time expressions → what they refer to, relative to a given reference date.

Pure: the reference ("as of") is always an argument, never the wall clock. dateparser is used
only here, for explicit dates. Trading-calendar arithmetic ("the previous trading day") is left
to resolve/sessions.py, which knows the exchange: this module only says "one session before".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_PREV_SESSION = (r"(?:the\s+)?(?:previous|prior|preceding)\s+(?:trading\s+)?(?:day|session)"
                 r"|the\s+day\s+before")

TIME_RE = re.compile(
    rf"\b(?:(?:{'|'.join(_WEEKDAYS)})(?:,?\s+(?:{_MONTHS})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?)?"
    rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})(?:\s+\d{{4}})?"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|{_PREV_SESSION}"
    rf"|yesterday|today|this\s+(?:week|month|year)|last\s+(?:week|month|year)"
    rf"|year[-\s]to[-\s]date|so\s+far\s+this\s+year|YTD)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class TimeRef:
    """What a time expression points at, before the exchange calendar is applied."""

    kind: str  # "date" | "sessions_before" | "period"
    day: date | None = None  # for "date"
    offset: int = 0  # for "sessions_before": 1 = the session before the anchor
    start: date | None = None  # for "period"
    end: date | None = None


def parse_time(text: str, as_of: date) -> TimeRef | None:
    """Resolve one time expression against the reference date `as_of`.

    text (str): the expression as found, e.g. "December 12", "the previous trading day".
    as_of (date): publication date, or the date the sentence already talks about.
    RETURNS (TimeRef | None): None if the expression cannot be read.
    """
    t = re.sub(r"\s+", " ", text.strip().lower())
    if re.fullmatch(_PREV_SESSION, t):
        return TimeRef("sessions_before", offset=1)
    if t == "yesterday":
        return TimeRef("date", day=as_of - timedelta(days=1))
    if t == "today":
        return TimeRef("date", day=as_of)
    if t in ("this year", "year to date", "year-to-date", "ytd", "so far this year"):
        return TimeRef("period", start=date(as_of.year, 1, 1), end=as_of)
    if t == "this month":
        return TimeRef("period", start=as_of.replace(day=1), end=as_of)
    if t == "this week":
        return TimeRef("period", start=as_of - timedelta(days=as_of.weekday()), end=as_of)
    if t == "last week":
        monday = as_of - timedelta(days=as_of.weekday() + 7)
        return TimeRef("period", start=monday, end=monday + timedelta(days=4))
    if t == "last month":
        end = as_of.replace(day=1) - timedelta(days=1)
        return TimeRef("period", start=end.replace(day=1), end=end)
    if t == "last year":
        return TimeRef("period", start=date(as_of.year - 1, 1, 1), end=date(as_of.year - 1, 12, 31))
    bare = t.removeprefix("on ")
    if bare in _WEEKDAYS:
        # The most recent such weekday strictly before the reference day, or the day itself.
        back = (as_of.weekday() - _WEEKDAYS.index(bare)) % 7
        return TimeRef("date", day=as_of - timedelta(days=back))
    return _explicit_date(bare, as_of)


def _explicit_date(text: str, as_of: date) -> TimeRef | None:
    import dateparser  # imported here: it is slow to import and only explicit dates need it

    base = datetime(as_of.year, as_of.month, as_of.day, 23, 59)
    text = re.sub(rf"^(?:{'|'.join(_WEEKDAYS)}),?\s+", "", text)
    parsed = dateparser.parse(
        text, languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past",
                  "REQUIRE_PARTS": ["day", "month"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return TimeRef("date", day=parsed.date()) if parsed else None
