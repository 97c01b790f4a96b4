"""Claims → trading sessions and periods on the symbol's own exchange calendar.

Every relative expression is read against the article's publication time (or a date the
sentence names), never the wall clock. US listings use XNYS; crypto trades 24/7 on UTC days.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time as dt_time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import exchange_calendars as xcals
import numpy as np
import pandas as pd

from pipeline.nlp.dates import TimeRef, day_name, parse_time
from pipeline.resolve.senses import everyday_sense
from pipeline.resolve.share_classes import pick_class
from pipeline.resolve.symbols import CRYPTO_WORDS, RATE_SYMBOLS
from pipeline.types import Article, ClaimCandidate, Kind, Period, ResolvedClaim

CRYPTO = "24/7"
# Yahoo index symbols that trade on a non-US calendar.
_FOREIGN = {"^FTSE": "XLON", "^GDAXI": "XFRA", "^FCHI": "XPAR", "^STOXX50E": "XFRA",
            "^STOXX": "XFRA", "^N225": "XTKS", "^HSI": "XHKG", "000001.SS": "XSHG",
            "^BSESN": "XBOM", "^NSEI": "XBOM", "^TWII": "XTAI", "^KS11": "XKRX", "^AXJO": "XASX",
            "^GSPTSE": "XTSE", "^BVSP": "BVMF", "^MERV": "XBUE", "^IPSA": "XSGO", "^MXX": "XMEX",
            "^KLSE": "XKLS", "^STI": "XSES", "^JKSE": "XIDX", "^SSMI": "XSWX", "^IBEX": "XMAD",
            "FTSEMIB.MI": "XMIL", "^OMX": "XSTO"}


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
        # From the sessions' closes, not exchange_calendars' minute methods: those first build
        # an index of every trading minute since 2000 (30-55 MB a calendar, kept as long as the
        # cached calendar, so a batch grew by that for each new exchange it met).
        ts = pd.Timestamp(moment).tz_convert("UTC")
        last = np.searchsorted(self.cal.closes_nanos, ts.value, side="right") - 1
        if last < 0 or ts.value > self.cal.last_minutes_nanos[-1]:  # out of bounds, as the minute methods said
            raise xcals.errors.MinuteOutOfBounds(self.cal, ts, "moment")
        return self.cal.sessions[last].date()

    def current(self, moment: datetime) -> date:
        """The session an undated move refers to: the publication day's session once it has
        opened (so a mid-session report talks about the live session), else the one before.
        Crypto: the UTC day of publication (the convention of the annotations)."""
        if self.cal is None:
            return moment.astimezone(timezone.utc).date()
        ts = pd.Timestamp(moment).tz_convert("UTC")
        day = ts.tz_convert(self.cal.tz).normalize().tz_localize(None)
        if self.cal.is_session(day) and ts >= self.cal.session_open(day):
            return day.date()
        return self.last_closed(moment)

    def is_live(self, moment: datetime) -> bool:
        """Published while the session was trading: an undated move is an intraday figure."""
        if self.cal is None:
            return False
        ts = pd.Timestamp(moment).tz_convert("UTC")
        day = ts.tz_convert(self.cal.tz).normalize().tz_localize(None)
        return bool(self.cal.is_session(day)) and self.cal.session_open(day) <= ts < self.cal.session_close(day)

    def next_or_same(self, day: date) -> date:
        if self.cal is None or self.cal.is_session(pd.Timestamp(day)):
            return day
        return self.cal.date_to_session(pd.Timestamp(day), direction="next").date()

    def local_date(self, moment: datetime) -> date:
        tz = ZoneInfo("UTC") if self.cal is None else ZoneInfo(str(self.cal.tz))
        return moment.astimezone(tz).date()


def resolve_claim(candidate: ClaimCandidate, article: Article, data_dir=None) -> ResolvedClaim:
    """Attach symbol, calendar and session/period to a candidate, or say why it cannot be.
    data_dir: the data directory, for the share classes of one company (share_classes.py)."""
    everyday = everyday_sense(candidate.entity, candidate.symbol, article.text, candidate.entity_start)
    if everyday:  # "Apple growers": the fruit, not AAPL
        return ResolvedClaim(replace(candidate, symbol=None), None, None, None, None, problem=everyday)
    symbol, class_note = pick_class(candidate.entity, candidate.symbol, article.text, candidate.entity_start,
                                    candidate.end, str(data_dir) if data_dir else None)
    if symbol != candidate.symbol:
        candidate = replace(candidate, symbol=symbol)
    try:
        resolved = _resolve(candidate, article)
    except (xcals.errors.DateOutOfBounds, xcals.errors.MinuteOutOfBounds, ValueError) as exc:
        resolved = ResolvedClaim(candidate, candidate.symbol, None, None, None,
                                 problem=f"the date is outside the trading calendar ({type(exc).__name__})")
    return replace(resolved, notes=(*resolved.notes, class_note)) if class_note else resolved


def _resolve(candidate: ClaimCandidate, article: Article) -> ResolvedClaim:
    symbol = candidate.symbol
    if symbol is None:
        # No symbol to check, but the claim is still about a day: say which, on the calendar
        # the article trades on (a crypto article's UTC days, else New York's sessions).
        what = f"'{candidate.entity}'" if candidate.entity else "the subject of this claim"
        problem = candidate.note if candidate.note and "ambiguous" in candidate.note else f"no listed symbol for {what}"
        if candidate.kind is Kind.OUT_OF_SCOPE:
            return ResolvedClaim(candidate, None, None, None, None, problem=problem)
        # A dollar index, gold or crude named in a crypto article still keeps New York's sessions.
        crypto = CRYPTO_WORDS.search(article.text) and not _ROUND_THE_CLOCK.search(candidate.entity or "")
        china = _CHINA_FUTURES.search(candidate.entity or "")
        when = _when(candidate, article, Sessions(CRYPTO if crypto else "XSHG" if china else "XNYS"))
        return ResolvedClaim(when.candidate, None, None, when.session, when.period, problem=problem)
    return _when(candidate, article, Sessions(calendar_name(symbol)))


def _when(candidate: ClaimCandidate, article: Article, sessions: Sessions) -> ResolvedClaim:
    """The session or period a candidate is about, on `sessions`' calendar."""
    symbol = candidate.symbol
    published_day = sessions.local_date(article.published)
    default = sessions.current(article.published)
    ref = _time_ref(candidate.time_text, published_day, default, sessions)
    if _dateline_today(candidate.time_text, ref, published_day, article.published):
        # "TOKYO (AP) - Asian shares mostly declined Tuesday" at 23:39 New York time on Monday:
        # the dateline's today, not last week's Tuesday. This exchange's session of that day
        # has not opened, so a move told of it is its last closed session's.
        ref = TimeRef("date", day=default)
    session, period, problem, alt, alt_reading, notes = default, None, None, None, None, []
    trading_overnight = _overnight_before_open(symbol, candidate.entity, sessions, article.published, default)
    overnight = ref is None and trading_overnight
    # A premarket report's undated moves, and the prices and market values it quotes
    # ("set to gain about $35 billion in market capitalization, at current share price levels").
    report = ref is None and not overnight and candidate.kind in _REPORTED \
        and _premarket_report(article, sessions, default)
    # Before premarket trading has begun nothing has traded today, whatever day the report
    # names ("Wednesday's biggest stock movers" at midnight): its movers moved after the
    # previous session's close (on results released after the bell).
    after_hours = candidate.kind in _REPORTED and _before_premarket(sessions, article.published) \
        and (report or ref is not None and ref.kind == "date" and ref.day == published_day)
    premarket = report and not after_hours
    if ref is None and candidate.time_text:
        problem = f"cannot read the time expression '{candidate.time_text}'"
    elif after_hours:
        candidate = _as_intraday(candidate)
        notes.append(f"reported before premarket trading began: an after-hours move of {session}, "
                     "which daily bars do not hold")
    elif ref is not None and ref.kind == "date":
        session = ref.day
        if not sessions.is_session(session):
            problem = f"{session} is not a trading session on {sessions.name}"
    elif ref is not None and ref.kind == "sessions_before":
        # Undated, "the previous session" counts back from the publication day's own session
        # (a premarket report's "previous session" is yesterday's), or from the last one on a
        # day without trading.
        today = published_day if sessions.is_session(published_day) else default
        session = sessions.previous(ref.day or today, ref.offset)
    elif ref is not None and ref.kind == "sessions_back":
        end = ref.day or default
        session, period = None, Period(sessions.previous(end, ref.offset - 1), end)
    elif ref is not None and ref.kind == "sessions_after":  # a move measured from a past close
        session, period = None, Period(sessions.next_or_same(ref.day + timedelta(days=1)), min(ref.end or default, default))
    elif ref is not None and ref.kind == "period":
        # "Spot gold up 5% for the week so far" before New York opens: gold has traded today.
        last = published_day if trading_overnight else default
        session, period = None, Period(ref.start, min(ref.end, last))
    elif ref is not None and ref.kind == "live":
        session = sessions.next_or_same(published_day)
        if _AFTER_HOURS.search(candidate.time_text) and session > default:
            session = default  # after-hours trading told before the next open: the last session's evening
        candidate = _as_intraday(candidate)
        notes.append(f"quoted during trading ('{candidate.time_text}'): daily bars only bound it by "
                     f"{session}'s open and range")
    elif overnight or premarket:
        session = published_day  # traded through the night or before the bell: the figure is today's
        candidate = _as_intraday(candidate)
        notes.append(f"quoted before {session}'s cash open ({symbol} trades overnight): checked against the day's range"
                     if overnight else f"a premarket report's figure, before {session}'s open: checked against the day's range")
    elif ref is None and sessions.is_live(article.published) and candidate.kind is Kind.DAILY_MOVE:
        candidate = _as_intraday(candidate)  # a mid-session report: the move so far, not a close
        notes.append(f"published while {session} was trading: checked against the day's range")
    if sessions.cal is None and session is not None and (ref is None or ref.kind == "rolling24") \
            and session >= published_day:
        # A crypto post's "24 hours" may be the UTC day or the day up to the post: check both.
        alt, alt_reading = session - timedelta(days=1), f"the last complete UTC day ({session - timedelta(days=1)})"
    live = ref is not None and ref.kind == "live" or overnight or premarket
    if session is not None and session > default and problem is None and not live:
        problem = f"{session} had not closed when the article was published ({article.published.isoformat()})"
    if period is not None and period.start > period.end and problem is None:  # "in 2027" in a 2026 article
        problem = f"the period from {period.start} had not begun when the article was published"
    return ResolvedClaim(candidate, symbol, sessions.name, session, period, problem,
                         alt_session=alt, alt_reading=alt_reading, notes=tuple(notes))


_AFTER_HOURS = re.compile(r"\bafter[-\s]?hours|\bafter\s+the\s+(?:closing\s+)?bell|\bextended\b", re.I)


_REPORTED = (Kind.DAILY_MOVE, Kind.DIRECTION, Kind.LEVEL, Kind.MARKET_VALUE)


# A report on the trading before the open: its undated moves are premarket moves.
_PREMARKET = re.compile(r"\b(?:pre-?market|pre-bell|before the (?:opening )?bell|ahead of the (?:opening )?bell|"
                        r"futures)\b", re.I)


def _premarket_report(article: Article, sessions: Sessions, default: date) -> bool:
    """"US Steel, McDonald's and Rockwell rise premarket", "Wall St set for subdued open ...
    futures": published before the cash open on a trading day, a stock's undated move is the
    premarket move of that day, not the previous close."""
    return _before_open(sessions, article.published, default) and _PREMARKET.search(article.text) is not None


_PREMARKET_START = dt_time(4, 0)  # US premarket (extended-hours) trading begins at 4:00 New York time


def _before_premarket(sessions: Sessions, published: datetime) -> bool:
    """Published at a stated time on a US trading day before its premarket trading began."""
    if sessions.name != "XNYS":
        return False
    local = published.astimezone(ZoneInfo("America/New_York"))
    return _has_time(published) and local.time() < _PREMARKET_START and sessions.is_session(local.date())


def _before_open(sessions: Sessions, published: datetime, default: date) -> bool:
    """Published at a stated time on a trading day before its session opened."""
    day = sessions.local_date(published)
    return _has_time(published) and sessions.is_session(day) and default < day


def _has_time(published: datetime) -> bool:
    """A publication stamped exactly midnight UTC is a date without a time of day."""
    return published.astimezone(timezone.utc).time() != datetime.min.time()


def _overnight_before_open(symbol: str | None, entity: str | None, sessions: Sessions, published: datetime,
                           default: date) -> bool:
    """Futures (Yahoo's continuous contracts, "ES=F", "CL=F", "GC=F") and Treasury yields
    quoted on a trading day before the cash session opened: a premarket or European-morning
    report. Both trade through the night, so the figure is the day's so far, not the previous
    close. So do the unlisted ones of their kind ("the German 10-year Bund yield", "the Dutch
    futures contract TTF", "the WSJ Dollar Index")."""
    overnight = bool(symbol) and (symbol.endswith("=F") or symbol in RATE_SYMBOLS) \
        or symbol is None and bool(entity) and bool(_ROUND_THE_CLOCK.search(entity))
    return overnight and _before_open(sessions, published, default)


# Steel and its raw materials trade in Dalian, Shanghai and Singapore: their day is China's
# trading day (Shanghai's calendar), not New York's.
_CHINA_FUTURES = re.compile(r"\b(?:iron ore|rebar|hot-rolled coil|wire rod|stainless steel|coking coal|coke)\b", re.I)


# Unlisted assets that trade through the night: rates, currencies, commodity contracts.
_ROUND_THE_CLOCK = re.compile(r"\b(?:yields?|bunds?|gilts?|bonds?|notes?|treasur(?:y|ies)|futures|contract|"
                              r"dollar|euro|yen|sterling|pound|franc|crude|oil|gas|TTF|gold|silver|platinum|palladium|copper)\b", re.I)


def _as_intraday(candidate: ClaimCandidate) -> ClaimCandidate:
    if candidate.kind is Kind.DAILY_MOVE:
        return replace(candidate, kind=Kind.INTRADAY)
    return candidate


def _dateline_today(time_text: str | None, ref: TimeRef | None, published_day: date, published: datetime) -> bool:
    """A bare weekday read as six days back is the UTC day of publication, when the UTC day is
    already the next one (a wire dated in Asia or Europe in the New York evening)."""
    if ref is None or ref.kind != "date" or not time_text or "|" in time_text:
        return False
    utc_day = published.astimezone(timezone.utc).date()
    return day_name(time_text.lower().removeprefix("on ")) is not None \
        and ref.day == published_day - timedelta(days=6) and utc_day == published_day + timedelta(days=1)


def _time_ref(time_text: str | None, published_day: date, last_session: date, sessions: Sessions) -> TimeRef | None:
    """Read "the previous trading day | December 12": the part after '|' is the anchor.
    last_session: the latest session at publication; a rolling window ("over the past month")
    with no anchor of its own ends there, so a report published before the open measures the
    month up to the previous close, not up to a session that has not traded. An anchor
    "Coming into Wednesday trading" is the session before that day: "Coming into Wednesday
    trading, Tesla was off 3% for the week" measures the week up to Tuesday's close."""
    if not time_text:
        return None
    expr, _, anchor_text = (p.strip() for p in time_text.partition("|"))
    if sessions.cal is None and expr.lower() == "weekly":
        expr = "the past week"  # crypto has no weekly close: its week is the seven days up to the post
    anchor = published_day
    if anchor_text:
        anchor_ref = parse_time(anchor_text, published_day)
        if anchor_ref is not None and anchor_ref.kind == "date":
            anchor = anchor_ref.day
        elif anchor_ref is not None and anchor_ref.kind == "sessions_before" and anchor_ref.day is not None:
            anchor = sessions.previous(anchor_ref.day, anchor_ref.offset)
    ref = parse_time(expr, anchor)
    if ref is not None and ref.rolling and not anchor_text and last_session < anchor:
        ref = parse_time(expr, last_session)
    if ref is not None and ref.kind == "sessions_before":
        # "Coming into Wednesday trading" brings its own day; "the previous session" counts from the anchor.
        return TimeRef("sessions_before", day=anchor if anchor_text else ref.day, offset=ref.offset)
    return ref
