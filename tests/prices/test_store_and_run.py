"""The SQLite store, CSV seeding, and how the run layer turns data problems into verdicts."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.config import Settings
from pipeline.errors import PriceFileError
from pipeline.prices.csv_files import read_price_csv, seed_store
from pipeline.prices.store import PriceStore
from pipeline.run import Checker, check_text
from tests.yahoo_replay import ReplaySession

TEXT = "On December 12, Broadcom fell 11.4% and AMD fell 4.8%."


def test_store_roundtrip_and_coverage(tmp_path, data_dir):
    store = PriceStore(tmp_path / "p.sqlite")
    assert seed_store(store, data_dir / "prices") > 50
    assert seed_store(store, data_dir / "prices") == 0  # unchanged files are not reloaded
    bars = store.bars("AVGO", date(2025, 12, 11), date(2025, 12, 12))
    assert [round(b.close, 2) for b in bars] == [406.37, 359.93]
    assert store.covers("AVGO", date(2025, 12, 1), date(2025, 12, 12))
    assert not store.covers("AVGO", date(2019, 12, 1), date(2020, 1, 3))  # before the file starts


def test_price_csv_bad_header_is_a_coded_error(tmp_path):
    bad = tmp_path / "X.csv"
    bad.write_text("date,close\n2025-01-02,1\n")
    with pytest.raises(PriceFileError, match=r"\[E003\].*header"):
        read_price_csv(bad)


def test_offline_without_bars_is_unverifiable_with_reason(tmp_path, data_dir):
    settings = Settings(home=tmp_path, data_dir=data_dir, offline=True)  # empty store
    report = check_text(TEXT, "2025-12-13", settings=settings)
    labels = {c.verdict.label.value for c in report.claims}
    assert labels == {"UNVERIFIABLE"}
    assert all("offline" in c.verdict.explanation for c in report.claims)


def test_provider_failure_is_not_checked_never_inaccurate(tmp_path, data_dir):
    from pipeline.prices.csv_files import price_files
    from pipeline.prices.yahoo import YahooSource

    files = dict(price_files(data_dir / "prices"))
    session = ReplaySession(files, faults={"AVGO": "429", "AMD": "timeout"})
    source = YahooSource(cache_dir=tmp_path / "yf", session=session, retries=1, sleep=lambda s: None)
    checker = Checker(Settings(home=tmp_path, data_dir=data_dir), source=source)
    report = check_text(TEXT, "2025-12-13", checker=checker)
    assert [c.verdict.label.value for c in report.claims] == ["NOT_CHECKED", "NOT_CHECKED"]
    assert "rate-limited" in report.claims[0].verdict.explanation


def test_online_fetch_is_one_batch_then_served_from_store(tmp_path, data_dir):
    from pipeline.prices.csv_files import price_files
    from pipeline.prices.yahoo import YahooSource

    session = ReplaySession(dict(price_files(data_dir / "prices")))
    source = YahooSource(cache_dir=tmp_path / "yf", session=session, sleep=lambda s: None)
    checker = Checker(Settings(home=tmp_path, data_dir=data_dir), source=source)
    first = check_text(TEXT, "2025-12-13", checker=checker)
    calls = len(session.chart_calls())
    assert [c.verdict.label.value for c in first.claims] == ["ACCURATE", "ACCURATE"]
    assert first.claims[0].verdict.evidence.provider == "yahoo.v1"
    second = check_text(TEXT, "2025-12-13", checker=checker)
    assert len(session.chart_calls()) == calls  # the store answered; no new provider call
    assert [c.verdict.actual for c in second.claims] == [c.verdict.actual for c in first.claims]
