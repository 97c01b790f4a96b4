"""A claim reads only its own window of a symbol's bars. The run layer passes all the bars it
fetched for the symbol with the window as a pair of indices (no copy); on real Nvidia bars the
verdict is the same as with the window's bars copied out, and nothing outside the window (the
next session beyond it, a period's base before it) leaks into a verdict or its hint."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.config import PACKAGE_DATA
from pipeline.prices.csv_files import read_price_csv
from pipeline.prices.gather import SymbolBars
from pipeline.types import ClaimCandidate, Kind, Label, Period, Qualifier, ResolvedClaim
from pipeline.verify.policy import Policy
from pipeline.verify.verdict import PriceRows, verify, window_for


@pytest.fixture(scope="module")
def nvda(data_dir):
    bars = tuple(read_price_csv(data_dir / "prices" / "NVDA.csv"))
    return SymbolBars(bars, "csv", "2025-12-13T00:00:00Z", tuple(b.date for b in bars))


@pytest.fixture(scope="module")
def policy():
    return Policy.load(PACKAGE_DATA / "policy.toml")


def _move(value: float, direction: str, session: date, period: Period | None = None) -> ResolvedClaim:
    kind = Kind.PERIOD if period else Kind.DAILY_MOVE
    text = f"Nvidia {'fell' if direction == 'down' else 'rose'} {value:g}%"
    candidate = ClaimCandidate(text, 0, len(text), "Nvidia", 0, "NVDA", kind, direction, value, "%",
                               Qualifier.EXACT, None, "fell" if direction == "down" else "rose", step=0.1)
    return ResolvedClaim(candidate, "NVDA", "XNYS", None if period else session, period)


def _pct(new: float, old: float) -> float:
    return (new / old - 1) * 100


def _indexed(bars: SymbolBars, claim: ResolvedClaim, stop: int | None = None) -> PriceRows:
    lo, hi = bars.span(*window_for(claim))
    return PriceRows(bars.bars, "csv", "t", None, bars.dates, None, lo, hi if stop is None else stop)


def _copied(bars: SymbolBars, claim: ResolvedClaim, stop: int | None = None) -> PriceRows:
    lo, hi = bars.span(*window_for(claim))
    hi = hi if stop is None else stop
    return PriceRows(bars.bars[lo:hi], "csv", "t", None, bars.dates[lo:hi])


def test_a_move_claimed_with_the_next_sessions_figure_is_hinted_only_inside_the_window(nvda, policy):
    checked = 0
    for at in range(len(nvda.bars) - 60, len(nvda.bars) - 1):
        prev, cur, nxt = nvda.bars[at - 1], nvda.bars[at], nvda.bars[at + 1]
        actual, following = _pct(cur.close, prev.close), _pct(nxt.close, cur.close)
        if abs(following) < 0.5 or abs(abs(following) - abs(actual)) < 0.3 or (following < 0) != (actual < 0):
            continue  # only figures that cannot pass for the session's own move
        claim = _move(round(abs(following), 1), "down" if following < 0 else "up", cur.date)
        indexed, copied = verify(claim, _indexed(nvda, claim), policy), verify(claim, _copied(nvda, claim), policy)
        assert (indexed.label, indexed.explanation, indexed.hint) == (copied.label, copied.explanation, copied.hint)
        assert indexed.label is not Label.ACCURATE, indexed
        assert f"the next session ({nxt.date})" in (indexed.hint or ""), indexed
        # a window that ends at the session has no next session to offer
        cut = verify(claim, _indexed(nvda, claim, stop=at + 1), policy)
        assert "the next session" not in (cut.hint or ""), cut
        assert cut.label is indexed.label and cut.explanation == indexed.explanation
        checked += 1
    assert checked >= 5  # the real bars offer enough such sessions for the test to mean something


def test_a_period_claim_reads_its_base_from_inside_the_window(nvda, policy):
    december = Period(date(2025, 12, 1), date(2025, 12, 12))
    base = next(b for b in reversed(nvda.bars) if b.date < december.start)
    last = next(b for b in reversed(nvda.bars) if b.date <= december.end)
    change = _pct(last.close, base.close)
    claim = _move(round(abs(change), 1), "down" if change < 0 else "up", date(2025, 12, 12), december)
    indexed, copied = verify(claim, _indexed(nvda, claim), policy), verify(claim, _copied(nvda, claim), policy)
    assert indexed.label is Label.ACCURATE and indexed == copied
    assert indexed.evidence.rows == (base, last)
    # without the base session inside the window there is nothing to compare with
    lo, hi = nvda.span(*window_for(claim))
    inside = nvda.dates.index(base.date) + 1
    starved = PriceRows(nvda.bars, "csv", "t", None, nvda.dates, None, inside, hi)
    assert lo < inside and verify(claim, starved, policy).label is Label.UNVERIFIABLE
