"""Pure: ResolvedClaim + price rows → Verdict. Never fetches; the run layer passes evidence in."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from pipeline.nlp.dates import parse_time
from pipeline.nlp.lexicon import load_lexicon
from pipeline.types import Bar, Evidence, Kind, Label, Qualifier, ResolvedClaim, SharesCount, Verdict
from pipeline.verify.magnitude import check_magnitude
from pipeline.verify.moves import RATE_SYMBOLS, absolute_move, within_day
from pipeline.verify.moves import signed_band as _signed_band
from pipeline.verify.policy import Policy
from pipeline.verify.prices import price_verdict


@dataclass(frozen=True)
class PriceRows:
    """What the run layer found for one claim's symbol and window."""

    bars: tuple[Bar, ...]
    provider: str
    fetched_at: str
    shares: SharesCount | None = None  # market value claims: the count and where it came from
    dates: tuple[date, ...] | None = None  # the bars' dates when the caller has them (saves a pass)
    closes: np.ndarray | None = None  # level claims: the bars' closes, when the caller has them as an array


def window_for(claim: ResolvedClaim) -> tuple[date, date] | None:
    """The calendar window of bars a claim needs (generous: holidays and long weekends)."""
    c = claim.candidate
    if claim.period is not None:
        return claim.period.start - timedelta(days=10), claim.period.end
    if claim.session is None:
        return None
    back = 10
    if c.kind is Kind.LEVEL and c.unit != "USD":
        back = _level_lookback_days(c.level or "") + 10
    # A few days after too: the neighbouring session is a correction hint.
    return claim.session - timedelta(days=back), claim.session + timedelta(days=5)


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
    verdict = _verify_one(claim, rows, policy)
    if claim.alt_session is None or verdict.label is Label.ACCURATE or claim.problem:
        return verdict
    other = _verify_one(replace(claim, session=claim.alt_session, alt_session=None), rows, policy)
    if other.label in (Label.ACCURATE, Label.APPROXIMATELY_ACCURATE) and verdict.label is not Label.APPROXIMATELY_ACCURATE \
            or other.label is Label.ACCURATE:
        return replace(other, hint=f"Matches the other reading, {claim.alt_reading}; "
                                   f"not the UTC day {claim.session} ({verdict.explanation})")
    return verdict


def _verify_one(claim: ResolvedClaim, rows: PriceRows | None, policy: Policy) -> Verdict:
    c = claim.candidate
    if c.kind is Kind.OUT_OF_SCOPE:
        return Verdict(Label.UNVERIFIABLE, f"Not a price claim: {c.reason}.")
    if claim.problem:
        return Verdict(Label.UNVERIFIABLE, f"Cannot check: {claim.problem}.")
    if c.kind is Kind.PERIOD:
        return _period(claim, rows, policy)
    if rows is None or claim.session is None:
        return Verdict(Label.UNVERIFIABLE, "No session to check against.")
    # bars are ascending: cut at the session by bisection (a level claim's window holds years)
    dates = rows.dates if rows.dates is not None else [b.date for b in rows.bars]
    cut = bisect_right(dates, claim.session)
    bars, after = rows.bars[:cut], rows.bars[cut:]
    if not bars or bars[-1].date != claim.session:
        return Verdict(Label.UNVERIFIABLE,
                       f"No {claim.symbol} bar for {claim.session} in {rows.provider}.")
    if c.unit == "USD" and c.kind in (Kind.LEVEL, Kind.INTRADAY) and c.value is not None:
        return price_verdict(c.level or "price", c.value, c.step or 1.0, c.qualifier, bars[-1],
                             claim.symbol, policy, _evidence(claim, bars[-1:], rows))
    if c.kind is Kind.LEVEL:
        verdict = _level(claim, bars, dates, rows)
        if verdict.label is Label.INACCURATE and len(bars) > 2:
            earlier = _level(replace(claim, session=bars[-2].date), bars[:-1], dates, rows)
            if earlier.label is Label.ACCURATE:
                return replace(verdict, hint=f"Holds for the previous session ({bars[-2].date}): {earlier.explanation}")
        return verdict
    if len(bars) < 2:
        return Verdict(Label.UNVERIFIABLE, f"No {claim.symbol} bar before {claim.session}.")
    if c.kind is Kind.MARKET_VALUE:
        return _market_value(claim, bars, rows, policy)
    return _move(claim, bars, rows, policy, after[:1])


def _evidence(claim: ResolvedClaim, bars, rows: PriceRows) -> Evidence:
    return Evidence(claim.symbol, tuple(bars), rows.provider, False, rows.fetched_at)


def _pct(new: float, old: float) -> float:
    return (new / old - 1.0) * 100.0


def _move(claim: ResolvedClaim, bars: list[Bar], rows: PriceRows, policy: Policy, after=()) -> Verdict:
    c = claim.candidate
    prev, cur = bars[-2], bars[-1]
    evidence = _evidence(claim, (prev, cur), rows)
    if c.unit in ("pt", "pp", "bp") and c.value is not None:
        return absolute_move(claim, prev, cur, policy, evidence)
    change = _pct(cur.close, prev.close)
    what = f"{claim.symbol} closed at {cur.close:,.2f} on {cur.date}, {change:+.2f}% from {prev.close:,.2f} on {prev.date}"
    live = c.kind is Kind.INTRADAY and c.qualifier is not Qualifier.AS_MUCH_AS and c.value is not None
    if live and cur.low is not None and cur.high is not None:
        return within_day(claim, prev, cur, policy, evidence)
    if c.kind is Kind.INTRADAY or c.qualifier is Qualifier.AS_MUCH_AS:
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
    hint = None if label is Label.ACCURATE else _hint(c, [*bars, *after], policy, len(bars))
    text = f"Claimed {c.direction or ''} {_qual(c)}{c.value:g}%; {what}".replace("  ", " ")
    return Verdict(label, text + (f" ({note})" if note else "") + ".", actual=change, band=band,
                   evidence=evidence, hint=hint)


@lru_cache(maxsize=1024)  # a handful of move words recur across a whole batch
def _intense(word: str) -> bool:
    intense = load_lexicon().intense
    return any(word.startswith(stem[:-1] if stem.endswith("e") else stem) for stem in intense)


def _qual(c) -> str:
    return "" if c.qualifier in (None, Qualifier.EXACT) else c.qualifier.value.replace("_", " ") + " "


def _hint(c, all_bars: list[Bar], policy: Policy, n: int | None = None) -> str | None:
    """A reading of the same figure that holds: the session before or after, or the intraday
    extreme, or the adjusted close."""
    n = len(all_bars) if n is None else n
    bars = all_bars[:n]
    readings = []
    if len(all_bars) > n:
        nxt = all_bars[n]
        readings.append((f"the next session ({nxt.date})", _pct(nxt.close, bars[-1].close)))
    if len(bars) >= 3:
        readings.append((f"the previous session ({bars[-2].date})", _pct(bars[-2].close, bars[-3].close)))
    prev, cur = bars[-2], bars[-1]
    extreme = cur.low if c.direction == "down" else cur.high
    if extreme is not None:
        readings.append((f"the intraday {'low' if c.direction == 'down' else 'high'} on {cur.date}", _pct(extreme, prev.close)))
    if cur.adj_close is not None and prev.adj_close is not None:
        readings.append(("the adjusted close", _pct(cur.adj_close, prev.adj_close)))
    for name, change in readings:
        same_way = (change < 0) == (c.direction == "down")
        check = check_magnitude(c.value, c.step or 1.0, c.qualifier or Qualifier.EXACT, abs(change), policy)
        if same_way and check.label is Label.ACCURATE:
            return f"The figure matches {name}: {change:+.2f}%."
    return None


def _market_value(claim: ResolvedClaim, bars: list[Bar], rows: PriceRows, policy: Policy) -> Verdict:
    c = claim.candidate
    prev, cur = bars[-2], bars[-1]
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


def _level(claim: ResolvedClaim, bars, dates, rows: PriceRows) -> Verdict:
    """bars end at the session; dates are the dates of (at least) those bars, ascending."""
    c = claim.candidate
    level = (c.level or "").lower()
    cur = bars[-1]
    low = "low" in level
    lookback = _level_lookback_days(level, cur.date)
    first = bisect_right(dates, cur.date - timedelta(days=lookback))
    if first >= len(bars) - 1:
        return Verdict(Label.UNVERIFIABLE, f"No {claim.symbol} history before {cur.date} to compare with.")
    # closes are aligned with rows.bars, of which bars is a prefix; a level window holds years
    # of bars, so the extreme is taken in numpy (argmin/argmax: the first of equal extremes)
    closes = rows.closes if rows.closes is not None else np.fromiter((b.close for b in rows.bars), float)
    window = closes[first:len(bars) - 1]
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
    # bars are ascending: bisect instead of scanning a period's worth of bars per claim
    dates = rows.dates if rows.dates is not None else [b.date for b in rows.bars]
    first_inside, after = bisect_left(dates, p.start), bisect_right(dates, p.end)
    if first_inside == 0 or after <= first_inside:
        return Verdict(Label.UNVERIFIABLE, f"No {claim.symbol} bars around {p.start}..{p.end}.")
    base, last = rows.bars[first_inside - 1], rows.bars[after - 1]
    change = _pct(last.close, base.close)
    evidence = _evidence(claim, (base, last), rows)
    what = f"{claim.symbol} went from {base.close:,.2f} ({base.date}) to {last.close:,.2f} ({last.date}), {change:+.2f}%"
    if c.value is None:
        return Verdict(Label.UNVERIFIABLE, what + ".", actual=change, evidence=evidence)
    check = check_magnitude(c.value, c.step or 1.0, c.qualifier or Qualifier.EXACT, abs(change), policy)
    wrong_way = c.direction is not None and (change < 0) != (c.direction == "down")
    label = Label.INACCURATE if wrong_way else check.label
    return Verdict(label, f"Claimed {c.direction or ''} {_qual(c)}{c.value:g}% over {p.start}..{p.end}; {what}.",
                   actual=change, band=_signed_band(check.band, c.direction), evidence=evidence)
