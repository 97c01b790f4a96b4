"""Provider faults injected at the HTTP transport, under the real yfinance code: every fault ends
as a retry that succeeds, or as NOT_CHECKED with the reason. Never INACCURATE, never a crash.

AVGO fell 11.43% and AMD fell 4.80% on 2025-12-12 (the real bars), so both claims are ACCURATE
when the data is right; a fault that slipped through would show up as another label.
"""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.run import check_text

TEXT = "On December 12, Broadcom fell 11.4% and AMD fell 4.8%."


def _run(make, **kwargs):
    checker, session = make(**kwargs)
    report = check_text(TEXT, "2025-12-13", checker=checker)
    return {c.claim.symbol: c.verdict for c in report.claims}, session


@pytest.mark.parametrize("fault,reason", [
    ("429", "rate-limited"),
    ("timeout", "timed out"),
    ("readtimeout", "Read timed out"),
    ("down", "Network is unreachable"),
    ("500", "Yahoo"),
    ("dns", "cannot resolve Yahoo's host name"),
    ("partial", "a partial answer"),
    ("utc-stamps", "time stamps are off"),
])
def test_a_lasting_fault_is_not_checked_with_its_reason(replay_checker, fault, reason):
    verdicts, _ = _run(replay_checker, faults={"AVGO": fault})
    assert verdicts["AVGO"].label.value == "NOT_CHECKED"
    assert reason in verdicts["AVGO"].explanation
    assert verdicts["AMD"].label.value == "ACCURATE"  # the other symbol in the batch is unaffected


@pytest.mark.parametrize("fault", ["429", "timeout", "readtimeout", "down", "500"])
def test_a_passing_fault_is_retried_to_success(replay_checker, fault):
    verdicts, session = _run(replay_checker, faults={"AVGO": [fault, None]})
    assert verdicts["AVGO"].label.value == "ACCURATE"
    assert sum("/AVGO?" in call for call in session.chart_calls()) == 2  # one failure, one retry


def test_a_failed_name_lookup_is_not_retried(replay_checker):
    _, session = _run(replay_checker, faults={"AVGO": "dns", "AMD": "dns"})
    assert len(session.chart_calls()) == 2  # one try per symbol: waiting will not bring DNS back


def test_the_whole_network_down_leaves_every_claim_not_checked(replay_checker):
    verdicts, _ = _run(replay_checker, faults={"AVGO": "down", "AMD": "down"})
    assert {v.label.value for v in verdicts.values()} == {"NOT_CHECKED"}


def test_an_empty_answer_is_unverifiable_with_the_reason(replay_checker):
    verdicts, _ = _run(replay_checker, faults={"AVGO": "empty"})
    assert verdicts["AVGO"].label.value == "UNVERIFIABLE"
    assert "returned no bars for AVGO" in verdicts["AVGO"].explanation


def test_an_unusable_series_is_not_stored(replay_checker):
    checker, session = replay_checker(faults={"AVGO": ["partial"]})  # partial once, then whole
    first = check_text(TEXT, "2025-12-13", checker=checker)
    assert first.claims[0].verdict.label.value == "NOT_CHECKED"
    assert checker.store.bars("AVGO", date(2025, 12, 1), date(2025, 12, 12)) == []
    second = check_text(TEXT, "2025-12-13", checker=checker)  # asks again, gets the whole series
    assert second.claims[0].verdict.label.value == "ACCURATE"


SPLIT_TEXT = "On June 10, 2024, Nvidia rose 0.7%."  # NVDA's 10-for-1 split took effect that day


def test_a_split_day_with_adjusted_bars_is_checked_normally(replay_checker):
    checker, _ = replay_checker(splits={"NVDA": (date(2024, 6, 10), 10)})
    (claim,) = check_text(SPLIT_TEXT, "2024-06-11", checker=checker).claims
    assert claim.verdict.label.value == "ACCURATE"
    assert claim.verdict.actual == pytest.approx(0.746, abs=0.001)


def test_a_split_day_with_unadjusted_bars_is_not_checked(replay_checker):
    checker, _ = replay_checker(faults={"NVDA": "unadjusted"}, splits={"NVDA": (date(2024, 6, 10), 10)})
    (claim,) = check_text(SPLIT_TEXT, "2024-06-11", checker=checker).claims
    assert claim.verdict.label.value == "NOT_CHECKED"
    assert "not split-adjusted" in claim.verdict.explanation


def test_cli_exit_4_when_the_provider_fails(tmp_path, data_dir, monkeypatch, price_files):
    """The CLI's own wiring: a provider failure is exit status 4 ("try again later")."""
    from typer.testing import CliRunner

    import pipeline.prices.yahoo as yahoo
    from pipeline.cli import app
    from tests.yahoo_replay import ReplaySession

    session = ReplaySession(price_files, faults={"AVGO": "down", "AMD": "down"})
    real_init = yahoo.YahooSource.__init__

    def with_replay(self, cache_dir=None, **kwargs):  # the network edge only: same adapter code
        real_init(self, cache_dir=cache_dir, session=session, retries=1, sleep=lambda s: None)

    monkeypatch.setattr(yahoo.YahooSource, "__init__", with_replay)
    result = CliRunner().invoke(app, ["check", "-", "--published", "2025-12-13"], input=TEXT,
                                env={"TICKERCHECK_HOME": str(tmp_path), "TICKERCHECK_DATA": str(data_dir)})
    assert result.exit_code == 4, result.output
    assert "NOT_CHECKED" in result.stdout


def test_a_missing_previous_session_is_not_checked_never_a_two_day_move(replay_checker):
    """The partial answer drops 2025-12-11, the session before the claimed day: read naively,
    the change would span two sessions (AVGO -12.84%, INACCURATE) and miss the claimed 11.4%."""
    verdicts, _ = _run(replay_checker, faults={"AVGO": "partial:2025-12-11"})
    assert verdicts["AVGO"].label.value == "NOT_CHECKED"
    assert "missing for the sessions 2025-12-11" in verdicts["AVGO"].explanation
