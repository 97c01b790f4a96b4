"""Shares outstanding for market-value claims: the offline reference first, then the store, then
Yahoo through yfinance's real `get_shares_full` (its timeseries endpoint replayed at the HTTP
transport, with the counts and dates of the real reference CSV). A provider failure is
NOT_CHECKED with its reason; the verdict's evidence says where the count came from.

AVGO closed 406.37 → 359.93 on 2025-12-12; × 4,722,365,022 shares (Yahoo's snapshot of that
day) is -$219.3B, so "about $230 billion" is ACCURATE.
"""
from __future__ import annotations

import csv
from datetime import date

import pytest

from pipeline.config import Settings
from pipeline.prices.store import PriceStore
from pipeline.prices.yahoo import YahooSource
from pipeline.run import Checker, check_text
from tests.yahoo_replay import ReplaySession

TEXT = "Broadcom's market value fell by about $230 billion on Friday."
SESSION = date(2025, 12, 12)


def _yahoo_counts(data_dir, symbol: str) -> list[tuple[date, int]]:
    """The Yahoo snapshots the reference CSV records for symbol: what Yahoo served then."""
    with open(data_dir / "reference" / "shares_outstanding.csv", newline="", encoding="utf-8") as fh:
        return sorted((date.fromisoformat(r["as_of"]), int(r["shares_outstanding"])) for r in csv.DictReader(fh)
                      if r["symbol"] == symbol and r["source_kind"].startswith("yfinance_info"))


@pytest.fixture(scope="module")
def data_without_reference(tmp_path_factory, data_dir):
    """The data directory as a symbol outside the bundled set sees it: everything but the
    shares-outstanding reference (linked, not copied)."""
    root = tmp_path_factory.mktemp("data")
    (root / "prices").symlink_to(data_dir / "prices")
    (root / "reference").mkdir()
    for f in (data_dir / "reference").iterdir():
        if f.name != "shares_outstanding.csv":
            (root / "reference" / f.name).symlink_to(f)
    return root


@pytest.fixture(scope="module")
def avgo_prices(tmp_path_factory, data_dir):
    """A prices directory holding only AVGO's real CSV (linked): seeding stays quick."""
    prices = tmp_path_factory.mktemp("prices")
    (prices / "AVGO.csv").symlink_to(data_dir / "prices" / "AVGO.csv")
    return prices


@pytest.fixture()
def make(tmp_path, data_dir, price_files, avgo_prices):
    """make(data, shares=..., share_faults=..., offline=False) → (Checker, ReplaySession)."""
    def build(data=None, shares=None, share_faults=None, offline=False):
        session = ReplaySession(price_files, shares=shares, share_faults=share_faults)
        source = YahooSource(cache_dir=tmp_path / "yf", session=session, retries=1, sleep=lambda s: None)
        checker = Checker(Settings(home=tmp_path, data_dir=data or data_dir, offline=offline), source=source)
        checker.seed(avgo_prices)  # bars from the store: only share counts go to the replay
        return checker, session
    return build


@pytest.fixture(scope="module")
def price_files(data_dir):
    from pipeline.prices.csv_files import price_files as declared

    return dict(declared(data_dir / "prices"))


def _verdict(checker, text=TEXT, published="2025-12-13"):
    (claim,) = [c for c in check_text(text, published, checker=checker).claims if c.claim.candidate.kind.value == "market_value"]
    return claim.verdict


def test_bundled_symbol_uses_the_reference_and_never_asks_the_provider(make, data_dir):
    from pipeline.report.view import report_view

    checker, session = make(shares={"AVGO": _yahoo_counts(data_dir, "AVGO")})
    verdict = _verdict(checker)
    assert verdict.label.value == "ACCURATE"
    assert verdict.evidence.shares.origin == "reference"
    assert verdict.evidence.shares.as_of == SESSION
    assert session.shares_calls() == []
    card = report_view(check_text(TEXT, "2025-12-13", checker=checker))["claims"][0]["evidence"]
    assert "4,722,365,022 shares from the reference (yfinance_info.sharesOutstanding as of 2025-12-12)" in card


def test_no_share_count_is_asked_for_a_coin(make):
    checker, session = make()
    verdict = _verdict(checker, "Bitcoin's market value fell by about $60 billion on Friday.")
    assert verdict.label.value == "UNVERIFIABLE" and "No shares-outstanding figure" in verdict.explanation
    assert session.shares_calls() == []


def test_other_symbols_ask_yahoo_once_and_the_store_keeps_the_count(make, data_without_reference, data_dir):
    counts = _yahoo_counts(data_dir, "AVGO")
    checker, session = make(data_without_reference, shares={"AVGO": counts})
    verdict = _verdict(checker)
    assert verdict.label.value == "ACCURATE", verdict.explanation
    assert verdict.actual == pytest.approx((359.92999267578125 - 406.3699951171875) * 4722365022)
    shares = verdict.evidence.shares
    assert (shares.shares, shares.as_of, shares.source, shares.origin) == (4722365022, SESSION, "yahoo.shares.v1", "provider")
    assert "yahoo.shares.v1 as of 2025-12-12" in verdict.explanation
    assert verdict.evidence.to_dict()["shares"]["origin"] == "provider"
    assert len(session.shares_calls()) == 1
    # asked up to the session only: the count of 2025-12-20 was neither asked for nor stored
    store = PriceStore(checker.settings.store_path)
    assert store.shares_on("AVGO", date(2025, 12, 13), date(2025, 12, 31)) is None
    # a second check, even with the network gone, reads the stored count
    again, session2 = make(data_without_reference, share_faults={"AVGO": "down"})
    verdict = _verdict(again)
    assert verdict.label.value == "ACCURATE"
    assert verdict.evidence.shares.origin == "store"
    assert session2.shares_calls() == []


def test_a_count_dated_after_the_session_is_not_used(make, data_without_reference, data_dir):
    # On 2025-12-05 Yahoo's only count in the replay is dated 2025-12-12: nothing to multiply.
    checker, _ = make(data_without_reference, shares={"AVGO": _yahoo_counts(data_dir, "AVGO")})
    verdict = _verdict(checker, "Broadcom's market value fell by about $50 billion on December 5.")
    assert verdict.label.value == "UNVERIFIABLE"
    assert "no AVGO share count dated 2024-12-04..2025-12-05" in verdict.explanation


@pytest.mark.parametrize("fault,reason", [
    ("429", "rate-limited"),
    ("down", "Network is unreachable"),
    ("timeout", "timed out"),
    ("500", "Yahoo could not be reached"),
    ("bad-request", "Bad Request"),
])
def test_a_provider_failure_is_not_checked_with_its_reason(make, data_without_reference, fault, reason):
    checker, session = make(data_without_reference, share_faults={"AVGO": fault})
    verdict = _verdict(checker)
    assert verdict.label.value == "NOT_CHECKED"
    assert "Shares-outstanding provider failed" in verdict.explanation and reason in verdict.explanation
    store = PriceStore(checker.settings.store_path)
    assert not store.shares_cover("AVGO", SESSION, SESSION)  # a failure is never cached


def test_a_passing_fault_is_retried_to_success(make, data_without_reference, data_dir):
    checker, session = make(data_without_reference, shares={"AVGO": _yahoo_counts(data_dir, "AVGO")},
                            share_faults={"AVGO": ["429", None]})
    assert _verdict(checker).label.value == "ACCURATE"
    assert len(session.shares_calls()) == 2


def test_offline_without_a_reference_count_is_unverifiable(make, data_without_reference):
    checker, session = make(data_without_reference, offline=True)
    verdict = _verdict(checker)
    assert verdict.label.value == "UNVERIFIABLE"
    assert "offline" in verdict.explanation and "share count" in verdict.explanation
    assert session.shares_calls() == []


def test_the_cli_exits_4_when_the_share_count_provider_fails(tmp_path, data_without_reference, price_files,
                                                             monkeypatch, avgo_prices):
    """End to end through the CLI: the provider is yfinance over the replay, the network down."""
    from typer.testing import CliRunner

    import pipeline.run as run
    from pipeline.cli import app

    session = ReplaySession(price_files, share_faults={"AVGO": "down"})
    real_init = run.Checker.__init__

    def with_replay(self, settings, source=None):
        real_init(self, settings, YahooSource(cache_dir=tmp_path / "yf", session=session, retries=0))
    monkeypatch.setattr(run.Checker, "__init__", with_replay)
    article = tmp_path / "a.txt"
    article.write_text(TEXT)
    result = CliRunner().invoke(app, ["check", str(article), "--published", "2025-12-13", "--format", "json",
                                      "--prices-dir", str(avgo_prices), "--data-dir", str(data_without_reference)],
                                env={"TICKERCHECK_HOME": str(tmp_path)})
    assert result.exit_code == 4, result.output
    assert "NOT_CHECKED" in result.output and "Network is unreachable" in result.output
