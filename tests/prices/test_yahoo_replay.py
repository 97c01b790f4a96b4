"""The yfinance adapter against replayed Yahoo chart payloads built from the real CSV bars,
through yfinance's own request and parsing code. Faults are injected at the transport."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.errors import PriceDataMissing, ProviderError, ProviderRateLimited
from pipeline.prices.csv_files import price_files
from pipeline.prices.yahoo import YahooSource
from tests.yahoo_replay import ReplaySession

DAYS = (date(2025, 12, 10), date(2025, 12, 12))


@pytest.fixture(scope="module")
def files(data_dir):
    return dict(price_files(data_dir / "prices"))


def _source(files, tmp_path, faults=None, sleeps=None):
    session = ReplaySession(files, faults)
    src = YahooSource(cache_dir=tmp_path / "yf", session=session, retries=2,
                      sleep=(sleeps.append if sleeps is not None else lambda s: None))
    return src, session


def test_yahoo_batch_matches_real_bars(files, tmp_path):
    from pipeline.prices.csv_files import read_price_csv

    src, session = _source(files, tmp_path)
    got = src.fetch(["AVGO", "^IXIC", "BTC-USD"], *DAYS)
    for symbol in ("AVGO", "^IXIC", "BTC-USD"):
        expected = [b for b in read_price_csv(files[symbol]) if DAYS[0] <= b.date <= DAYS[1]]
        assert [(b.date, b.close) for b in got[symbol]] == [(b.date, b.close) for b in expected]
    assert got["AVGO"][-1].adj_close == pytest.approx(358.4906005859375)  # auto_adjust=False kept both


def test_yahoo_unknown_symbol_is_missing_data_not_a_crash(files, tmp_path):
    src, _ = _source(files, tmp_path)
    got = src.fetch(["AVGO", "NOSUCHSYM"], *DAYS)
    assert isinstance(got["NOSUCHSYM"], PriceDataMissing)
    assert len(got["AVGO"]) == 3


def test_yahoo_rate_limit_backs_off_then_gives_typed_error(files, tmp_path):
    sleeps: list[float] = []
    src, session = _source(files, tmp_path, faults={"NVDA": "429"}, sleeps=sleeps)
    got = src.fetch(["NVDA", "AMD"], *DAYS)
    assert isinstance(got["NVDA"], ProviderRateLimited)
    assert len(got["AMD"]) == 3
    assert sleeps == [2.0, 4.0]  # exponential backoff between the three tries


def test_yahoo_rate_limit_recovers_when_the_fault_clears(files, tmp_path):
    src, session = _source(files, tmp_path, faults={"NVDA": "429"})
    src._sleep = lambda s: session.faults.clear()  # the limit lifts while we wait
    got = src.fetch(["NVDA"], *DAYS)
    assert [b.date for b in got["NVDA"]] == [date(2025, 12, 10), date(2025, 12, 11), date(2025, 12, 12)]


def test_yahoo_timeout_is_provider_error(files, tmp_path):
    src, _ = _source(files, tmp_path, faults={"ORCL": "timeout"})
    got = src.fetch(["ORCL"], *DAYS)
    assert isinstance(got["ORCL"], ProviderError)


def test_yahoo_never_returns_an_unfinished_session(files, tmp_path):
    from datetime import datetime, timezone

    src, _ = _source(files, tmp_path)
    src._now = lambda: datetime(2025, 12, 12, 18, 0, tzinfo=timezone.utc)  # mid-session
    got = src.fetch(["AVGO"], *DAYS)
    assert [b.date for b in got["AVGO"]] == [date(2025, 12, 10), date(2025, 12, 11)]


@pytest.mark.network
def test_yahoo_live_smoke(tmp_path):
    got = YahooSource(cache_dir=tmp_path).fetch(["AVGO"], *DAYS)
    assert [round(b.close, 2) for b in got["AVGO"]][-1] == 359.93
