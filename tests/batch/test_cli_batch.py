"""`tickercheck batch` from the command line: summary on stdout, files beside the output,
clear exit codes for unreadable inputs and a leftover unfinished run."""
from __future__ import annotations

import json

from typer.testing import CliRunner

from pipeline.cli import app
from tests.batch.helpers import TEAM, read_rows, write_jsonl

runner = CliRunner()


def _said(result) -> str:
    return " ".join(result.output.split())  # rich wraps long messages


def test_cli_batch_writes_outputs_and_prints_summary(tmp_path, seeded_home, data_dir):
    feed = write_jsonl(tmp_path / "in.jsonl", TEAM, ("{broken",))
    env = {"TICKERCHECK_HOME": str(seeded_home), "TICKERCHECK_DATA": str(data_dir)}
    result = runner.invoke(app, ["batch", str(feed), "--out", str(tmp_path / "out.parquet"), "--offline",
                                 "--chunk-size", "2"], env=env)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["articles"] == 4 and summary["errors"] == 1 and summary["error_codes"] == {"E050": 1}
    assert len(read_rows(tmp_path / "out.parquet")) == summary["claims"]
    assert json.loads((tmp_path / "out.summary.json").read_text())["records"] == 5


def test_cli_batch_bad_inputs_exit_2(tmp_path, seeded_home):
    env = {"TICKERCHECK_HOME": str(seeded_home)}
    missing = runner.invoke(app, ["batch", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o.jsonl"), "--offline"], env=env)
    assert missing.exit_code == 2 and "no such file" in _said(missing)
    feed = write_jsonl(tmp_path / "in.jsonl", TEAM)
    bad_out = runner.invoke(app, ["batch", str(feed), "--out", str(tmp_path / "o.xlsx"), "--offline"], env=env)
    assert bad_out.exit_code == 2 and "output format" in _said(bad_out)
    (tmp_path / "o.jsonl.parts").mkdir()
    (tmp_path / "o.jsonl.parts" / "journal.sqlite").write_bytes(b"")
    leftover = runner.invoke(app, ["batch", str(feed), "--out", str(tmp_path / "o.jsonl"), "--offline"], env=env)
    assert leftover.exit_code == 2 and "--resume" in _said(leftover)
