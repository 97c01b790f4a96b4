"""Claims → trading sessions and periods on the symbol's own exchange calendar.

Every relative expression is read against the article's publication time (or a date the
sentence names), never the wall clock. US listings use XNYS; crypto trades 24/7 on UTC days.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import exchange_calendars as xcals
import pandas as pd

from pipeline.nlp.dates import TimeRef, parse_time
from pipeline.types import Article, ClaimCandidate, Period, ResolvedClaim

CRYPTO = "24/7"
# Yahoo index symbols that trade on a non-US calendar.
_FOREIGN = {"^FTSE": "XLON", "^GDAXI": "XFRA", "^FCHI": "XPAR", "^STOXX50E": "XFRA",
            "^STOXX": "XFRA", "^N225": "XTKS", "^HSI": "XHKG", "000001.SS": "XSHG",
            "^BSESN": "XBOM", "^NSEI": "XBOM", "^TWII": "XTAI", "^KS11": "XKRX", "^AXJO": "XASX"}


def calendar_name(symbol: str) -> str:
    if symbol.endswith("-USD"):
        return CRYPTO
    return _FOREIGN.get(symbol, "XNYS")


@lru_cache(maxsize=16)
def _calendar(name: str):
    return xcals.get_calendar(name, start="2000-01-01")


class Sessions:
    """Session arithmetic for one calendar, with crypto's every-day UTC sessions built in."""

    def __init__(self, name: str):
        self.name = name
        self.cal = None if name == CRYPTO else _calendar(name)

    def is_session(self, day: date) -> bool:
        return True if self.cal is None else bool(self.cal.is_session(pd.Timestamp(day)))

    def previous(self, day: date, n: int = 1) -> date:
        if self.cal is None:
            return day - timedelta(days=n)
        ts = pd.Timestamp(day)
        if not self.cal.is_session(ts):
            ts = self.cal.date_to_session(ts, direction="previous")
            n -= 1
        return self.cal.session_offset(ts, -n).date() if n else ts.date()

    def last_closed(self, moment: datetime) -> date:
        """The latest session whose close is at or before `moment`."""
        if self.cal is None:
            return (moment.astimezone(timezone.utc) - timedelta(days=1)).date()
        ts = pd.Timestamp(moment).tz_convert("UTC")
        if self._closed_at(ts):  # after today's close: today's session counts
            return self.cal.minute_to_session(ts, direction="previous").date()
        return self.cal.minute_to_past_session(ts).date()

    def _closed_at(self, ts: pd.Timestamp) -> bool:
        day = ts.tz_convert(self.cal.tz).normalize().tz_localize(None)
        return bool(self.cal.is_session(day)) and ts >= self.cal.session_close(day)

    def local_date(self, moment: datetime) -> date:
        tz = ZoneInfo("UTC") if self.cal is None else ZoneInfo(str(self.cal.tz))
        return moment.astimezone(tz).date()


def resolve_claim(candidate: ClaimCandidate, article: Article) -> ResolvedClaim:
    """Attach symbol, calendar and session/period to a candidate, or say why it cannot be."""
    try:
        return _resolve(candidate, article)
    except (xcals.errors.DateOutOfBounds, xcals.errors.MinuteOutOfBounds, ValueError) as exc:
        return ResolvedClaim(candidate, candidate.symbol, None, None, None,
                             problem=f"the date is outside the trading calendar ({type(exc).__name__})")


def _resolve(candidate: ClaimCandidate, article: Article) -> ResolvedClaim:
    symbol = candidate.symbol
    if symbol is None:
        what = f"'{candidate.entity}'" if candidate.entity else "the subject of this claim"
        return ResolvedClaim(candidate, None, None, None, None, problem=f"no listed symbol for {what}")
    sessions = Sessions(calendar_name(symbol))
    published_day = sessions.local_date(article.published)
    default = sessions.last_closed(article.published)
    ref = _time_ref(candidate.time_text, published_day)
    session, period, problem = default, None, None
    if ref is None and candidate.time_text:
        problem = f"cannot read the time expression '{candidate.time_text}'"
    elif ref is not None and ref.kind == "date":
        session = ref.day
        if not sessions.is_session(session):
            problem = f"{session} is not a trading session on {sessions.name}"
    elif ref is not None and ref.kind == "sessions_before":
        session = sessions.previous(ref.day or default, ref.offset)
    elif ref is not None and ref.kind == "period":
        session, period = None, Period(ref.start, min(ref.end, default))
    if session is not None and session > default and problem is None:
        problem = f"{session} had not closed when the article was published ({article.published.isoformat()})"
    return ResolvedClaim(candidate, symbol, sessions.name, session, period, problem)


def _time_ref(time_text: str | None, published_day: date) -> TimeRef | None:
    """Read "the previous trading day | December 12": the part after '|' is the anchor."""
    if not time_text:
        return None
    expr, _, anchor_text = (p.strip() for p in time_text.partition("|"))
    anchor = published_day
    if anchor_text:
        anchor_ref = parse_time(anchor_text, published_day)
        if anchor_ref is not None and anchor_ref.kind == "date":
            anchor = anchor_ref.day
    ref = parse_time(expr, anchor)
    if ref is not None and ref.kind == "sessions_before":
        return TimeRef("sessions_before", day=anchor if anchor_text else None, offset=ref.offset)
    return ref
