"""`tickercheck check --format csv|html|claimreview`: the exporters behind the CLI."""
from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import EXAMPLE

runner = CliRunner()


@pytest.fixture()
def env(seeded_home, data_dir):
    return {"TICKERCHECK_HOME": str(seeded_home), "TICKERCHECK_DATA": str(data_dir)}


def _run(env, fmt):
    return runner.invoke(app, ["check", str(EXAMPLE), "--published", "2025-12-13", "--offline", "--format", fmt], env=env)


@pytest.fixture()
def contract(env):
    """The JSON contract for the same run: what every other format must agree with."""
    return json.loads(_run(env, "json").stdout)["claims"]


def test_cli_format_csv(env, contract):
    result = _run(env, "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(contract) >= 12
    assert [(r["symbol"], r["label"]) for r in rows] == [(c["symbol"] or "", c["verdict"]["label"]) for c in contract]
    assert rows[0]["symbol"] == "^IXIC" and rows[0]["label"] == "ACCURATE"


def test_cli_format_claimreview(env, contract):
    result = _run(env, "claimreview")
    reviews = json.loads(result.stdout)
    rated = [c for c in contract if c["verdict"]["label"] not in ("UNVERIFIABLE", "NOT_CHECKED")]
    assert result.exit_code == 0 and reviews[0]["@type"] == "ClaimReview" and len(reviews) == len(rated) >= 10


def test_cli_format_html_has_charts(env):
    result = _run(env, "html")
    assert result.exit_code == 0 and result.stdout.startswith("<!doctype html>")
    assert result.stdout.count('<svg class="chart"') >= 10


def test_cli_unknown_format_is_exit_2(env):
    result = _run(env, "xml")
    assert result.exit_code == 2 and "unknown format 'xml'" in result.output
