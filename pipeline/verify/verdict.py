"""Pure: ResolvedClaim + price rows → Verdict. Never fetches; the run layer passes evidence in."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from pipeline.nlp.dates import parse_time
from pipeline.nlp.lexicon import load_lexicon
from pipeline.resolve.symbols import RATE_SYMBOLS
from pipeline.types import Bar, Evidence, Kind, Label, Qualifier, ResolvedClaim, SharesCount, Verdict
from pipeline.verify.magnitude import check_magnitude
from pipeline.verify.moves import ABSOLUTE_UNITS, absolute_move, change_in, describe, stated, unit_problem, within_day
from pipeline.verify.moves import signed_band as _signed_band
from pipeline.verify.policy import Policy
from pipeline.verify.prices import price_verdict


class PriceRows(NamedTuple):  # a tuple: one is built for every claim of a batch
    """What the run layer found for one claim's symbol: the symbol's bars and the claim's own
    window among them, bars[start:stop]. The window is a pair of indices, not a copy, so one
    symbol's bars (years of them for a level claim) serve every claim of a batch chunk; the
    verdict reads nothing outside the window, whatever else was fetched."""

    bars: tuple[Bar, ...]  # ascending by date
    provider: str
    fetched_at: str
    shares: SharesCount | None = None  # market value claims: the count and where it came from
    dates: tuple[date, ...] | None = None  # the bars' dates when the caller has them (saves a pass)
    closes: np.ndarray | None = None  # the bars' closes as an array, when the caller has them
    start: int = 0
    stop: int | None = None  # None: to the end


def window_for(claim: ResolvedClaim) -> tuple[date, date] | None:
    """The calendar window of bars a claim needs (generous: holidays and long weekends)."""
    c = claim.candidate
    if claim.period is not None:
        return claim.period.start - _BEFORE, claim.period.end
    if claim.session is None:
        return None
    before = _BEFORE
    if c.kind is Kind.LEVEL and not _is_price_level(claim):  # "two-week low": earlier closes too
        before += timedelta(days=_level_lookback_days(c.level or ""))
    return claim.session - before, claim.session + _AFTER


_BEFORE = timedelta(days=10)  # the previous session, across holidays and long weekends
_AFTER = timedelta(days=5)  # the next session too: it is a correction hint


_UNITS = {"day": 1, "week": 7, "month": 31, "year": 366}
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "52": 52}


@lru_cache(maxsize=4096)  # "since April" is parsed once per day it is read against, not per claim
def _level_lookback_days(level: str, on: date | None = None) -> int:
    since = re.search(r"since\s+(.+)$", level)
    if since and on is not None:
        ref = parse_time(since.group(0), on)
        if ref is not None and ref.start is not None:
            return max(1, (on - ref.start).days)
    if since:
        return 400
    m = re.search(r"(\w+)[-\s](day|week|month|year)", level)
    if m:
        n = _NUMBER_WORDS.get(m.group(1).lower()) or (int(m.group(1)) if m.group(1).isdigit() else 1)
        return n * _UNITS[m.group(2)]
    return 365 * 10  # "record", "all-time": ten years back (older records are not re-checked)


def verify(claim: ResolvedClaim, rows: PriceRows | None, policy: Policy) -> Verdict:
    """The verdict for the claim's own reading; where the words allow another reading (a
    crypto "24 hours" as the last complete UTC day), that one is checked too and named."""
    verdict = _verify_one(claim, claim.session, rows, policy)
    if claim.alt_session is None or verdict.label is Label.ACCURATE or claim.problem:
        return verdict
    other = _verify_one(claim, claim.alt_session, rows, policy)
    if other.label in (Label.ACCURATE, Label.APPROXIMATELY_ACCURATE) and verdict.label is not Label.APPROXIMATELY_ACCURATE \
            or other.label is Label.ACCURATE:
        return replace(other, hint=f"Matches the other reading, {claim.alt_reading}; "
                                   f"not the UTC day {claim.session} ({verdict.explanation})")
    return verdict


def _verify_one(claim: ResolvedClaim, session: date | None, rows: PriceRows | None, policy: Policy) -> Verdict:
    """The verdict for the claim read on `session` (its own, or the other reading's)."""
    c = claim.candidate
    if c.kind is Kind.OUT_OF_SCOPE:
        return Verdict(Label.UNVERIFIABLE, f"Not a price claim: {c.reason}.")
    if claim.problem:
        return Verdict(Label.UNVERIFIABLE, f"Cannot check: {claim.problem}.")
    if c.kind is Kind.PERIOD:
        return _period(claim, rows, policy)
    if rows is None or session is None:
        return Verdict(Label.UNVERIFIABLE, "No session to check against.")
    # bars are ascending: find the session by bisection inside the window (a level claim's
    # window holds years) and read its neighbours by index
    bars, dates, (lo, hi) = rows.bars, _dates(rows), _bounds(rows)
    at = bisect_right(dates, session, lo, hi) - 1
    if at < lo or dates[at] != session:
        return Verdict(Label.UNVERIFIABLE, f"No {claim.symbol} bar for {session} in {rows.provider}.")
    if _is_price_level(claim):
        return price_verdict(c.level or "price", c.value, c.step or 1.0, c.qualifier, bars[at],
                             claim.symbol, policy, _evidence(claim, (bars[at],), rows), c.unit)
    if c.kind is Kind.LEVEL:
        verdict = _level(claim, rows, dates, lo, at)
        if verdict.label is Label.INACCURATE and at - lo > 1:
            earlier = _level(claim, rows, dates, lo, at - 1)
            if earlier.label is Label.ACCURATE:
                return replace(verdict, hint=f"Holds for the previous session ({bars[at - 1].date}): {earlier.explanation}")
        return verdict
    if at == lo:
        return Verdict(Label.UNVERIFIABLE, f"No {claim.symbol} bar before {session}.")
    if c.kind is Kind.MARKET_VALUE:
        return _market_value(claim, bars[at - 1], bars[at], rows, policy)
    return _move(claim, rows, lo, at, hi, policy)


def _is_price_level(claim: ResolvedClaim) -> bool:
    """A stated price ("closed at $189.97"), index level in points ("the Nasdaq closed at
    23,195.17") or yield ("the 10-year yield fell to 4.54%", quoted in percent): checked against
    the session's bar. A level phrase without a number ("a two-week low") is checked against
    earlier closes instead (_level)."""
    c = claim.candidate
    if c.value is None:
        return False
    if c.unit == "USD":  # a price has its level ("close", "intraday high"); a change in dollars has none
        return c.kind in (Kind.LEVEL, Kind.INTRADAY) and c.level is not None
    return c.kind is Kind.LEVEL and (c.unit in ("pt", None) or c.unit == "%" and claim.symbol in RATE_SYMBOLS)


def _dates(rows: PriceRows):
    return rows.dates if rows.dates is not None else [b.date for b in rows.bars]


def _bounds(rows: PriceRows) -> tuple[int, int]:
    return rows.start, len(rows.bars) if rows.stop is None else rows.stop


def _evidence(claim: ResolvedClaim, bars: tuple[Bar, ...], rows: PriceRows) -> Evidence:
    return Evidence(claim.symbol, bars, rows.provider, False, rows.fetched_at)


def _pct(new: float, old: float) -> float:
    return (new / old - 1.0) * 100.0


def _move(claim: ResolvedClaim, rows: PriceRows, lo: int, at: int, hi: int, policy: Policy) -> Verdict:
    """The session's bar is rows.bars[at], the one before it rows.bars[at - 1]; the window is
    [lo, hi)."""
    c = claim.candidate
    prev, cur = rows.bars[at - 1], rows.bars[at]
    evidence = _evidence(claim, (prev, cur), rows)
    if problem := unit_problem(claim):
        return Verdict(Label.UNVERIFIABLE, problem, evidence=evidence)
    live = c.kind is Kind.INTRADAY and c.qualifier is not Qualifier.AS_MUCH_AS and c.value is not None
    if live and cur.low is not None and cur.high is not None:
        return within_day(claim, prev, cur, policy, evidence)
    if c.unit in ABSOLUTE_UNITS and c.value is not None:
        return absolute_move(claim, prev, cur, policy, evidence)
    if c.kind is not Kind.INTRADAY and c.qualifier is not Qualifier.AS_MUCH_AS:
        change = _pct(cur.close, prev.close)
        what = f"{claim.symbol} closed at {cur.close:,.2f} on {cur.date}, {change:+.2f}% from {prev.close:,.2f} on {prev.date}"
    else:
        extreme = cur.low if c.direction == "down" else cur.high
        if extreme is None:
            return Verdict(Label.UNVERIFIABLE, f"No intraday {('low' if c.direction == 'down' else 'high')} for {claim.symbol} on {cur.date}.", evidence=evidence)
        change = _pct(extreme, prev.close)
        what = f"{claim.symbol}'s intraday {'low' if c.direction == 'down' else 'high'} on {cur.date} was {extreme:,.2f}, {change:+.2f}% from the previous close {prev.close:,.2f}"
    if c.kind is Kind.DIRECTION or c.value is None:
        right = (change < 0) == (c.direction == "down")
        label = Label.ACCURATE if right and change != 0 else Label.INACCURATE
        return Verdict(label, f"Claimed {c.direction}; {what}.", actual=change, evidence=evidence)
    wrong_way = c.direction is not None and (change < 0) != (c.direction == "down") and abs(change) >= (c.step or 0) / 2
    check = check_magnitude(c.value, c.step or 1.0, c.qualifier or Qualifier.EXACT, abs(change), policy)
    band = _signed_band(check.band, c.direction)
    if wrong_way:
        return Verdict(Label.INACCURATE, f"Wrong direction: claimed {c.direction} {c.value:g}%; {what}.",
                       actual=change, band=band, evidence=evidence)
    label, note = check.label, check.note
    lemma = (c.move_word or "").lower()
    if label in (Label.ACCURATE, Label.APPROXIMATELY_ACCURATE) and _intense(lemma) and abs(change) < policy.intensity_min_pct:
        label, note = Label.MISLEADING, f"'{c.move_word}' overstates a {abs(change):.2f}% move"
    if label is not Label.ACCURATE and claim.symbol in RATE_SYMBOLS and c.unit == "%":
        points = abs(cur.close - prev.close)
        if check_magnitude(c.value, c.step or 1.0, c.qualifier or Qualifier.EXACT, points, policy).label is Label.ACCURATE:
            label, note = Label.MISLEADING, (f"the yield moved {cur.close - prev.close:+.3f} percentage points; "
                                             f"'{c.value:g}%' reads as a relative change of {change:+.2f}%")
    hint = None if label is Label.ACCURATE else _hint(c, rows.bars, lo, at, hi, policy)
    text = f"Claimed {c.direction or ''} {_qual(c)}{c.value:g}%; {what}".replace("  ", " ")
    return Verdict(label, text + (f" ({note})" if note else "") + ".", actual=change, band=band,
                   evidence=evidence, hint=hint)


@lru_cache(maxsize=1024)  # a handful of move words recur across a whole batch
def _intense(word: str) -> bool:
    intense = load_lexicon().intense
    return any(word.startswith(stem[:-1] if stem.endswith("e") else stem) for stem in intense)


def _qual(c) -> str:
    return "" if c.qualifier in (None, Qualifier.EXACT) else c.qualifier.value.replace("_", " ") + " "


def _hint(c, bars: tuple[Bar, ...], lo: int, at: int, hi: int, policy: Policy) -> str | None:
    """A reading of the same figure that holds: the session before or after, or the intraday
    extreme, or the adjusted close. bars[at] is the claim's session, [lo, hi) its window."""
    down = c.direction == "down"
    for name, change in _readings(bars, lo, at, hi, down):
        if (change < 0) == down and check_magnitude(c.value, c.step or 1.0, c.qualifier or Qualifier.EXACT,
                                                    abs(change), policy).label is Label.ACCURATE:
            return f"The figure matches {name()}: {change:+.2f}%."
    return None


def _readings(bars: tuple[Bar, ...], lo: int, at: int, hi: int, down: bool):
    """(name, change) of each other reading; the name is a callable, because most claims'
    hints are looked for and not found, and formatting dates costs more than the arithmetic."""
    prev, cur = bars[at - 1], bars[at]
    if at + 1 < hi:
        nxt = bars[at + 1]
        yield (lambda: f"the next session ({nxt.date})"), _pct(nxt.close, cur.close)
    if at - 2 >= lo:
        yield (lambda: f"the previous session ({prev.date})"), _pct(prev.close, bars[at - 2].close)
    extreme = cur.low if down else cur.high
    if extreme is not None:
        yield (lambda: f"the intraday {'low' if down else 'high'} on {cur.date}"), _pct(extreme, prev.close)
    if cur.adj_close is not None and prev.adj_close is not None:
        yield (lambda: "the adjusted close"), _pct(cur.adj_close, prev.adj_close)


def _market_value(claim: ResolvedClaim, prev: Bar, cur: Bar, rows: PriceRows, policy: Policy) -> Verdict:
    c = claim.candidate
    evidence = replace(_evidence(claim, (prev, cur), rows), shares=rows.shares)
    if rows.shares is None:
        return Verdict(Label.UNVERIFIABLE, f"No shares-outstanding figure for {claim.symbol}.", evidence=evidence)
    delta = (cur.close - prev.close) * rows.shares.shares
    check = check_magnitude(c.value, c.step or 1.0, c.qualifier or Qualifier.EXACT, abs(delta), policy)
    wrong_way = (delta < 0) != (c.direction == "down") if c.direction else False
    label = Label.INACCURATE if wrong_way else check.label
    text = (f"Claimed {c.direction or ''} {_qual(c)}${c.value / 1e9:,.1f}B; close {prev.close:,.2f} → {cur.close:,.2f} "
            f"× {rows.shares.shares:,.0f} shares ({rows.shares.describe()}) = ${delta / 1e9:+,.1f}B.")
    return Verdict(label, text, actual=delta, band=_signed_band(check.band, c.direction), evidence=evidence)


def _level(claim: ResolvedClaim, rows: PriceRows, dates, lo: int, at: int) -> Verdict:
    """Is rows.bars[at] the extreme its level names, over the window from lo?"""
    c, bars = claim.candidate, rows.bars
    level = (c.level or "").lower()
    cur = bars[at]
    low = "low" in level
    lookback = _level_lookback_days(level, cur.date)
    first = bisect_right(dates, cur.date - timedelta(days=lookback), lo, at)
    if first >= at:
        return Verdict(Label.UNVERIFIABLE, f"No {claim.symbol} history before {cur.date} to compare with.")
    # a level window holds years of bars, so the extreme is taken in numpy over the closes
    # (argmin/argmax: the first of equal extremes)
    closes = rows.closes if rows.closes is not None else np.fromiter((b.close for b in bars), float, len(bars))
    window = closes[first:at]
    best = bars[first + int(window.argmin() if low else window.argmax())]
    holds = cur.close < best.close if low else cur.close > best.close
    word = "lowest" if low else "highest"
    span = f"since {bars[first].date}"
    evidence = _evidence(claim, (best, cur), rows)
    if holds:
        text = f"{claim.symbol} closed at {cur.close:,.2f} on {cur.date}, the {word} close {span} (previous {word}: {best.close:,.2f} on {best.date})."
        return Verdict(Label.ACCURATE, text, actual=cur.close, evidence=evidence)
    text = f"{claim.symbol} closed at {cur.close:,.2f} on {cur.date}, but closed {'lower' if low else 'higher'} at {best.close:,.2f} on {best.date} ({span})."
    return Verdict(Label.INACCURATE, text, actual=cur.close, evidence=evidence)


def _period(claim: ResolvedClaim, rows: PriceRows | None, policy: Policy) -> Verdict:
    c, p = claim.candidate, claim.period
    if rows is None or p is None:
        return Verdict(Label.UNVERIFIABLE, "No period to check against.")
    # bars are ascending: bisect (inside the claim's window) instead of scanning a period's bars
    dates, (lo, hi) = _dates(rows), _bounds(rows)
    first_inside, after = bisect_left(dates, p.start, lo, hi), bisect_right(dates, p.end, lo, hi)
    if first_inside == lo or after <= first_inside:
        return Verdict(Label.UNVERIFIABLE, f"No {claim.symbol} bars around {p.start}..{p.end}.")
    base, last = rows.bars[first_inside - 1], rows.bars[after - 1]
    change = change_in(c.unit, last.close, base.close)  # percent, or points or dollars as stated
    evidence = _evidence(claim, (base, last), rows)
    what = f"{claim.symbol} went from {base.close:,.2f} ({base.date}) to {last.close:,.2f} ({last.date}), {describe(change, c.unit)}"
    if c.value is None:
        return Verdict(Label.UNVERIFIABLE, what + ".", actual=change, evidence=evidence)
    if problem := unit_problem(claim):
        return Verdict(Label.UNVERIFIABLE, f"{problem} {what}.", evidence=evidence)
    check = check_magnitude(c.value, c.step or 1.0, c.qualifier or Qualifier.EXACT, abs(change), policy)
    wrong_way = c.direction is not None and (change < 0) != (c.direction == "down")
    label = Label.INACCURATE if wrong_way else check.label
    return Verdict(label, f"Claimed {c.direction or ''} {_qual(c)}{stated(c.value, c.unit)} over {p.start}..{p.end}; {what}.",
                   actual=change, band=_signed_band(check.band, c.direction), evidence=evidence)
