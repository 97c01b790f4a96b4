"""Shared set-up for the reliability suite: a moderate hypothesis profile and a checker whose
provider is the replayed Yahoo (real yfinance code, faults injected at the HTTP transport)."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

# Enough examples to find edge cases, few enough to keep `make test` quick. No deadline: the
# shared CI machine's speed varies, and a slow example is not a failure.
settings.register_profile("tickercheck", max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
# A longer hunt, by hand: HYPOTHESIS_PROFILE=long pytest tests/reliability
settings.register_profile("long", parent=settings.get_profile("tickercheck"), max_examples=3000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "tickercheck"))


@pytest.fixture(scope="session")
def price_files(data_dir):
    from pipeline.prices.csv_files import price_files as declared

    return dict(declared(data_dir / "prices"))


@pytest.fixture()
def replay_checker(tmp_path, data_dir, price_files):
    """make(faults=..., splits=...) → (Checker over an empty store, ReplaySession)."""
    from pipeline.config import Settings
    from pipeline.prices.yahoo import YahooSource
    from pipeline.run import Checker
    from tests.yahoo_replay import ReplaySession

    def make(faults=None, splits=None, retries=2):
        session = ReplaySession(price_files, faults, splits)
        source = YahooSource(cache_dir=tmp_path / "yf", session=session, retries=retries,
                             sleep=lambda s: None)
        return Checker(Settings(home=tmp_path, data_dir=data_dir), source=source), session

    return make
