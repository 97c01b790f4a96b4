"""Time expressions → what they refer to, relative to a given reference date.

Pure: the reference ("as of") is always an argument, never the wall clock. dateparser is used
only here, for explicit dates. Trading-calendar arithmetic ("the previous trading day") is left
to resolve/sessions.py, which knows the exchange: this module only says "one session before".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pipeline.nlp.time_patterns import (CLOCK, DAY_PART, EDGE_OF_DAY, END_OF, LIVE, MONTHS, NOT_A_SESSION_RE, NUMBER,
                                       INTO_DAY, PREV_SESSION, SINCE_EVENT, WEEKDAYS)

_NUMBERS = {w: i for i, w in enumerate(NUMBER.split("|")[1:13], 1)} | {"fifteen": 15, "twenty": 20, "thirty": 30}
# "early Wednesday morning", "late on Tuesday", "Tuesday's close": the day is the session.
_EDGED_DAY = re.compile(rf"(?:{EDGE_OF_DAY})?((?:{'|'.join(WEEKDAYS)}|yesterday|today))(?:{DAY_PART}|['’]s)?", re.I)


@dataclass(frozen=True, slots=True)
class TimeRef:
    """What a time expression points at, before the exchange calendar is applied."""

    kind: str  # "date" | "sessions_before" | "period" | "sessions_back" | "sessions_after" | "rolling24" | "live"
    day: date | None = None  # for "date"
    offset: int = 0  # "sessions_before": 1 = the session before the anchor; "sessions_back": N sessions
    start: date | None = None  # for "period"
    end: date | None = None  # also "sessions_after": the anchor the move runs to
    # "over the past month": a window ending at its anchor, so a later anchor moves its start
    # too (unlike "this week" or "year to date", whose start is fixed).
    rolling: bool = False


def parse_time(text: str, as_of: date) -> TimeRef | None:
    """Resolve one time expression against the reference date `as_of`.

    text (str): the expression as found, e.g. "December 12", "the previous trading day".
    as_of (date): publication date, or the date the sentence already talks about.
    RETURNS (TimeRef | None): None if the expression cannot be read.
    """
    # "on Friday", "over the past week": the preposition adds nothing ("in" stays: "in 2025").
    plain = re.sub(r"^(?:as of|on|at|during|for|over|of|by|from) (?=\S)", "", re.sub(r"\s+", " ", text.strip()), flags=re.I)
    plain = re.sub(rf"^{END_OF}", "", plain, flags=re.I)  # "by the end of last week": that week's move
    t = plain.lower()
    if t == "weekly":  # "down 4% weekly", "its strongest weekly rally": the week's move (a frequency no more)
        plain = t = "the week"
    year = re.fullmatch(r"(?:so far )?in ((?:19|20)\d\d)", t)
    if year:
        y = int(year.group(1))
        return TimeRef("period", start=date(y, 1, 1), end=min(date(y, 12, 31), as_of))
    through = re.fullmatch(r"(.+?) (?:through|thru) (.+)", plain, re.I)
    if through:  # "this year through Tuesday": the period up to that day
        start, end = (parse_time(part, as_of) for part in through.groups())
        if start is None or end is None or start.kind != "period" or end.kind != "date":
            return None
        return TimeRef("period", start=start.start, end=end.day)
    if NOT_A_SESSION_RE.fullmatch(plain):  # a quarter, "a year ago", "currently": no session to check
        return None
    day = day_name(t)
    if day is not None:  # "Sunday morning", "late yesterday": the session of that day
        t = day
    elif re.fullmatch(r"this (?:morning|afternoon|evening)", t):
        t = "today"
    if re.fullmatch(INTO_DAY, plain, re.I):  # "Heading into today": as of the session before that day
        day = day_name(re.sub(r"\s+(?:trading|session)$", "", plain.split(maxsplit=2)[2], flags=re.I))
        day_ref = parse_time(day, as_of) if day else None
        return TimeRef("sessions_before", day=day_ref.day, offset=1) if day_ref is not None else None
    if re.fullmatch(rf"(?:in\s+)?(?:{PREV_SESSION})", t):  # "in the previous session": one day, not a period
        return TimeRef("sessions_before", offset=1)
    if re.fullmatch(LIVE, t) or re.fullmatch(CLOCK, plain, re.I):
        # "by 1101 GMT", "as of 10:30 a.m. ET": a quote taken during trading, like "intraday"
        return TimeRef("live")
    week = re.fullmatch(r"(?:the )?week end(?:ed|ing) (.+)", t)
    if week:
        end = _explicit_date(week.group(1), as_of)
        if end is None:
            return None
        return TimeRef("period", start=end.day - timedelta(days=end.day.weekday()), end=end.day)
    after = re.fullmatch(r"after (.+)", t)
    if after:  # "after Dec. 17, 2024": from the session after that day's close to the anchor
        ref = _explicit_date(after.group(1), as_of)
        return TimeRef("sessions_after", day=ref.day, end=as_of) if ref is not None else None
    rolling = _rolling(t, as_of)
    if rolling is not None:
        return rolling
    if t.startswith("since "):
        return _since(t.removeprefix("since "), as_of)
    if t == "yesterday":
        return TimeRef("date", day=as_of - timedelta(days=1))
    if t == "today":
        return TimeRef("date", day=as_of)
    if t in ("this year", "year to date", "year-to-date", "ytd", "so far this year"):
        return TimeRef("period", start=date(as_of.year, 1, 1), end=as_of)
    if t in ("this month", "month to date", "month-to-date", "mtd"):
        return TimeRef("period", start=as_of.replace(day=1), end=as_of)
    if t in ("this week", "week to date", "week-to-date"):
        return TimeRef("period", start=as_of - timedelta(days=as_of.weekday()), end=as_of)
    if t == "the week":  # "for the week": a weekly wrap's week, the last one with a finished session
        monday = as_of - timedelta(days=as_of.weekday() + (7 if as_of.weekday() == 0 else 0))
        return TimeRef("period", start=monday, end=min(as_of, monday + timedelta(days=4)))
    if t == "last week":
        monday = as_of - timedelta(days=as_of.weekday() + 7)
        return TimeRef("period", start=monday, end=monday + timedelta(days=4))
    if t == "last month":
        end = as_of.replace(day=1) - timedelta(days=1)
        return TimeRef("period", start=end.replace(day=1), end=end)
    if t == "last year":
        return TimeRef("period", start=date(as_of.year - 1, 1, 1), end=date(as_of.year - 1, 12, 31))
    bare = t.removeprefix("on ")
    if bare in WEEKDAYS:
        # The most recent such weekday strictly before the reference day, or the day itself.
        back = (as_of.weekday() - WEEKDAYS.index(bare)) % 7
        return TimeRef("date", day=as_of - timedelta(days=back))
    if bare.startswith("last ") and bare[5:] in WEEKDAYS:  # "last Friday": never the day itself
        back = (as_of.weekday() - WEEKDAYS.index(bare[5:])) % 7 or 7
        return TimeRef("date", day=as_of - timedelta(days=back))
    return _explicit_date(bare, as_of)


def day_name(text: str) -> str | None:
    """The day a narrowed day expression names ("early Wednesday morning" -> "wednesday"), or None."""
    m = _EDGED_DAY.fullmatch(text.strip())
    return m.group(1).lower() if m else None


def _rolling(t: str, as_of: date) -> TimeRef | None:
    if re.search(r"24[-\s]hours?|a day$|past day|last day", t):
        return TimeRef("rolling24")
    m = re.fullmatch(rf"(?:(?:over|in|during) )?(?:the )?(?:past|last|previous) (?:({NUMBER}) )?(?:(?:trading|business) )?"
                     r"(sessions?|days?|weeks?|months?|years?|hours?)", t)
    if not m:
        return None
    n = _NUMBERS.get(m.group(1) or "one") or int(m.group(1))
    unit = m.group(2).rstrip("s")
    if m.group(2) == "session" and m.group(1) is None:  # "in the last session": one day, as "the previous session"
        return TimeRef("sessions_before", offset=1)
    if unit == "session" or (unit == "day" and ("trading" in t or "business" in t)):
        return TimeRef("sessions_back", offset=n)
    if unit == "hour":
        return TimeRef("rolling24") if n <= 24 else TimeRef("sessions_back", offset=max(1, n // 24))
    if unit == "week" and m.group(1) is None and t.startswith("last"):
        return None  # "last week" is the previous calendar week, read below
    if unit in ("month", "year") and m.group(1) is None and t.startswith("last"):
        return None
    start = {"day": lambda: as_of - timedelta(days=n), "week": lambda: as_of - timedelta(weeks=n),
             "month": lambda: _months_back(as_of, n), "year": lambda: _months_back(as_of, 12 * n)}[unit]()
    return TimeRef("period", start=start, end=as_of, rolling=True)


def _months_back(day: date, n: int) -> date:
    y, m = divmod(day.year * 12 + day.month - 1 - n, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return date(y, m + 1, d)
        except ValueError:
            continue
    raise ValueError(day)


def _since(t: str, as_of: date) -> TimeRef | None:
    event = re.fullmatch(rf"(?:the|their|its) (?:(.+) )?{SINCE_EVENT}", t, re.I)
    if event:  # "since the Nov. 5 election": from its date, if given; "since the election": unknown
        day = _month_day(event.group(1) or "", as_of)
        # Measured from that day's close (an election's result, a listing's first price come
        # at or after it): the run starts with the session after. start: the day itself, for
        # a level's look-back ("the highest since the Nov. 5 election", verdict.py).
        return TimeRef("sessions_after", day=day, start=day, end=as_of) if day is not None else None
    year = re.fullmatch(r"(?:(?:the )?(?:start|beginning) of )?((?:19|20)\d\d)", t)
    if year:  # "since the beginning of 2023", "since 2021"
        return TimeRef("period", start=date(int(year.group(1)), 1, 1), end=as_of)
    start_of = re.fullmatch(rf"(?:the )?(?:start|beginning) of ({MONTHS})", t)
    if start_of:  # "since the start of July"
        t = start_of.group(1)
    if "year" in t:
        return TimeRef("period", start=date(as_of.year, 1, 1), end=as_of)
    if "month" in t:
        return TimeRef("period", start=as_of.replace(day=1), end=as_of)
    if "week" in t:
        return TimeRef("period", start=as_of - timedelta(days=as_of.weekday()), end=as_of)
    explicit = _month_day(t, as_of)
    if explicit is not None:
        return TimeRef("period", start=explicit, end=as_of)
    month = re.match(rf"({MONTHS})\.?(?:,?\s+(?:of\s+)?(\d{{4}}))?$", t)
    if not month:
        return None
    number = _month_number(month.group(1))
    year = int(month.group(2)) if month.group(2) else (as_of.year if number <= as_of.month else as_of.year - 1)
    return TimeRef("period", start=date(year, number, 1), end=as_of)


def _month_number(name: str) -> int:
    return ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"].index(name[:3]) + 1


def _month_day(text: str, as_of: date) -> date | None:
    """"December 12", "Dec. 12, 2024", "12 December": without a year, the latest such day no
    more than two days after the reference (a dateline may run ahead of New York time)."""
    m = (re.fullmatch(rf"({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*(\d{{4}}))?", text)
         or re.fullmatch(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS})\.?(?:,?\s*(\d{{4}}))?", text))
    if not m:
        return None
    a, b, year = m.groups()
    month, day = (_month_number(a), int(b)) if not a.isdigit() else (_month_number(b), int(a))
    try:
        if year:
            return date(int(year), month, day)
        candidate = date(as_of.year, month, day)
        return candidate if candidate <= as_of + timedelta(days=2) else date(as_of.year - 1, month, day)
    except ValueError:
        return None


def _explicit_date(text: str, as_of: date) -> TimeRef | None:
    text = re.sub(rf"^(?:{'|'.join(WEEKDAYS)}),?\s+", "", text)
    day = _month_day(text, as_of)
    if day is not None:
        return TimeRef("date", day=day)
    import dateparser  # imported here: it is slow to import and only explicit dates need it

    base = datetime(as_of.year, as_of.month, as_of.day, 23, 59)
    parsed = dateparser.parse(
        text, languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past",
                  "REQUIRE_PARTS": ["day", "month"], "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return TimeRef("date", day=parsed.date()) if parsed else None
