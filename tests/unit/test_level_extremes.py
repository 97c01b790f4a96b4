"""Level claims ("two-week low", "record close", "highest since April") on the real Nasdaq
Composite bars: given all the fetched bars with the claim's window as indices and the closes as
an array (as the run layer passes them), or only the window's bars copied out, the verdict is
the one the definition gives, session after session, naming the first of equal extremes."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from pipeline.prices.csv_files import read_price_csv
from pipeline.prices.gather import SymbolBars
from pipeline.types import ClaimCandidate, Kind, ResolvedClaim
from pipeline.config import PACKAGE_DATA
from pipeline.verify.policy import Policy
from pipeline.verify.verdict import PriceRows, _level_lookback_days, verify, window_for

LEVELS = ["two-week low", "record close", "52-week high", "lowest since April", "three-month high"]


@pytest.fixture(scope="module")
def ixic(data_dir):
    bars = tuple(read_price_csv(data_dir / "prices" / "IDX_IXIC.csv"))
    return SymbolBars(bars, "csv", "2025-12-13T00:00:00Z", tuple(b.date for b in bars))


def _claim(level: str, session: date) -> ResolvedClaim:
    text = f"the Nasdaq hit a {level}"
    candidate = ClaimCandidate(text, 0, len(text), "the Nasdaq", 0, "^IXIC", Kind.LEVEL, None, None, None,
                               None, None, "hit", level=level)
    return ResolvedClaim(candidate, "^IXIC", "XNYS", session, None)


def _expected(bars, dates, level: str, session: date) -> tuple[str, date]:
    """The definition read plainly: the session's close against every earlier close in the
    lookback window; the first of equal extremes is the one named."""
    lookback = _level_lookback_days(level.lower(), session)
    cur = bars[dates.index(session)]
    earlier = [b for b in bars if session - timedelta(days=lookback) < b.date < session]
    low = "low" in level
    best = (min if low else max)(earlier, key=lambda b: b.close)
    holds = cur.close < best.close if low else cur.close > best.close
    return ("ACCURATE" if holds else "INACCURATE"), best.date


@pytest.mark.parametrize("level", LEVELS)
def test_fetched_closes_and_plain_bars_give_the_defined_verdict(ixic, level):
    policy = Policy.load(PACKAGE_DATA / "policy.toml")
    for session in ixic.dates[-60:]:
        claim = _claim(level, session)
        lo, hi = ixic.span(*window_for(claim))
        bars, dates = ixic.bars[lo:hi], ixic.dates[lo:hi]
        plain = verify(claim, PriceRows(bars, "csv", "t", None, dates), policy)
        fast = verify(claim, PriceRows(ixic.bars, "csv", "t", None, ixic.dates, ixic.closes, lo, hi), policy)
        assert (fast.label, fast.explanation, fast.hint) == (plain.label, plain.explanation, plain.hint), session
        label, best = _expected(bars, dates, level, session)
        assert fast.label.value == label, session
        assert best.isoformat() in fast.explanation, session


def test_known_two_week_low_on_the_example_session(ixic):
    """The example article's "two-week low" (^IXIC closed at 23,195.17 on 2025-12-12)."""
    claim = _claim("two-week low", date(2025, 12, 12))
    lo, hi = ixic.span(*window_for(claim))
    verdict = verify(claim, PriceRows(ixic.bars, "csv", "t", None, ixic.dates, ixic.closes, lo, hi),
                     Policy.load(PACKAGE_DATA / "policy.toml"))
    assert verdict.label.value == "ACCURATE" and "23,195.17" in verdict.explanation


@pytest.mark.parametrize("value, unit, label", [
    (23195.17, None, "ACCURATE"),  # the close, as the annotations write an index level
    (23195.17, "pt", "ACCURATE"),  # the same, as the rules write index points
    (23195.2, "pt", "ACCURATE"),  # to the stated precision
    (25000.0, "pt", "INACCURATE"),  # far from the close
])
def test_an_index_level_in_points_is_checked_against_the_sessions_bar(ixic, value, unit, label):
    """"The Nasdaq closed at 23,195.17": a number, not a level phrase, so no lookback of earlier
    closes; the session's close (or its range) decides, and the explanation speaks in points."""
    text = f"the Nasdaq closed at {value:,}"
    step = 0.01 if value == 23195.17 else 0.1 if value == 23195.2 else 1.0
    candidate = ClaimCandidate(text, 0, len(text), "the Nasdaq", 0, "^IXIC", Kind.LEVEL, None, value, unit,
                               None, None, "closed", step=step, level="close")
    claim = ResolvedClaim(candidate, "^IXIC", "XNYS", date(2025, 12, 12), None)
    start, end = window_for(claim)
    assert (end - start).days < 30  # not a level phrase's years of history
    lo, hi = ixic.span(start, end)
    verdict = verify(claim, PriceRows(ixic.bars, "csv", "t", None, ixic.dates, ixic.closes, lo, hi),
                     Policy.load(PACKAGE_DATA / "policy.toml"))
    assert verdict.label.value == label, verdict
    assert f"{value:,.2f} points" in verdict.explanation and "23,195.17" in verdict.explanation
    assert "$" not in verdict.explanation
