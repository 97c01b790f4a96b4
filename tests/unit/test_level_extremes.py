"""Level claims ("two-week low", "record close", "highest since April") on the real Nasdaq
Composite bars: the array path the run layer uses and the plain path give the same verdicts,
session after session, including the first of equal extremes."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.prices.csv_files import read_price_csv
from pipeline.prices.gather import SymbolBars
from pipeline.types import ClaimCandidate, Kind, ResolvedClaim
from pipeline.config import PACKAGE_DATA
from pipeline.verify.policy import Policy
from pipeline.verify.verdict import PriceRows, verify, window_for

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


@pytest.mark.parametrize("level", LEVELS)
def test_array_and_plain_extremes_agree(ixic, level):
    policy = Policy.load(PACKAGE_DATA / "policy.toml")
    sessions = ixic.dates[-60:]
    labels = set()
    for session in sessions:
        claim = _claim(level, session)
        bars, dates = ixic.between(*window_for(claim))
        plain = verify(claim, PriceRows(bars, "csv", "t", None, dates), policy)
        fast = verify(claim, PriceRows(bars, "csv", "t", None, dates, ixic.closes_between(*window_for(claim))), policy)
        assert (fast.label, fast.explanation, fast.hint) == (plain.label, plain.explanation, plain.hint), session
        labels.add(plain.label.value)
    assert len(labels) >= 1 and labels <= {"ACCURATE", "INACCURATE", "UNVERIFIABLE"}


def test_known_two_week_low_on_the_example_session(ixic):
    """The example article's "two-week low" (^IXIC closed at 23,195.17 on 2025-12-12)."""
    claim = _claim("two-week low", date(2025, 12, 12))
    bars, dates = ixic.between(*window_for(claim))
    verdict = verify(claim, PriceRows(bars, "csv", "t", None, dates, ixic.closes_between(*window_for(claim))),
                     Policy.load(PACKAGE_DATA / "policy.toml"))
    assert verdict.label.value == "ACCURATE" and "23,195.17" in verdict.explanation
