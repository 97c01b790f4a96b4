"""The CLI in-process: output formats, exit codes, bad input."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from tests.conftest import SHARED

runner = CliRunner()


@pytest.fixture()
def env(seeded_home, data_dir):
    return {"TICKERCHECK_HOME": str(seeded_home), "TICKERCHECK_DATA": str(data_dir)}


def test_cli_check_json_example(env):
    result = runner.invoke(app, ["check", str(SHARED / "examples" / "binance-square-post.txt"),
                                 "--published", "2025-12-13", "--offline", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["article"]["published"] == "2025-12-13T12:00:00+00:00"
    moves = {(c["symbol"], c["value"]): c for c in report["claims"] if c["kind"] == "daily_move"}
    assert moves[("AVGO", 11.4)]["verdict"]["band"] == [-11.45, -11.35]
    assert moves[("ORCL", 4.8)]["verdict"]["label"] == "INACCURATE"
    assert moves[("ORCL", 10.0)]["session"] == "2025-12-11"


def test_cli_table_from_stdin_and_strict_exit(env):
    text = "On December 12, Oracle fell 4.8%."
    result = runner.invoke(app, ["check", "-", "--published", "2025-12-13", "--offline", "--strict"],
                           input=text, env=env)
    assert result.exit_code == 3
    assert "INACCURATE" in result.stdout


def test_cli_without_published_says_now(env):
    result = runner.invoke(app, ["check", "-", "--offline", "--format", "json"], input="Nvidia rose 2%.", env=env)
    assert result.exit_code == 0
    assert any("no publication time" in w for w in json.loads(result.stdout)["warnings"])


@pytest.mark.parametrize("data,message", [
    (b"", "empty"), (b"   \n\t ", "empty"), (b"\x00\x01\x02binary", "binary"), (b"\xff\xfe\xfa caf\xe9", "UTF-8"),
])
def test_cli_bad_input_exit_2(env, tmp_path, data, message):
    path = tmp_path / "in.txt"
    path.write_bytes(data)
    result = runner.invoke(app, ["check", str(path), "--offline"], env=env)
    assert result.exit_code == 2
    assert message in result.output


def test_cli_missing_file_and_bad_published(env):
    assert runner.invoke(app, ["check", "/nonexistent.txt", "--offline"], env=env).exit_code == 2
    result = runner.invoke(app, ["check", "-", "--published", "2025-12-13T10:00", "--offline"], input="x", env=env)
    assert result.exit_code == 2 and "time zone" in result.output


def test_cli_data_update_offline_is_a_clear_error(tmp_path, monkeypatch):
    import pipeline.data_update as du

    def no_network(url):
        raise ConnectionError("network is unreachable")

    monkeypatch.setattr(du, "fetch", no_network)
    result = runner.invoke(app, ["data", "update", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1 and "cannot download" in result.output


def test_data_update_writes_files_atomically(tmp_path):
    from pipeline.data_update import SOURCES, update_reference

    written = update_reference(tmp_path, fetcher=lambda url: f"payload for {url}".encode())
    assert sorted(p.name for p in written) == sorted(name for name, _ in SOURCES)
    assert not list((tmp_path / "reference").glob(".*"))  # no temporary files left behind


def test_every_cli_command_has_help_and_is_in_readme():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text()
    for command in ("check", "data seed", "data update", "evaluate", "batch", "bench", "version"):
        assert f"tickercheck {command}" in readme
        result = runner.invoke(app, [*command.split(), "--help"])
        assert result.exit_code == 0 and len(result.stdout) > 100
