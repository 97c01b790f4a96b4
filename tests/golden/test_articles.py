"""Whole articles end to end against golden reports (offline, real bars from the data dir).
Regenerate with `pytest --update-golden` and review the JSON diff."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.article import make_article
from pipeline.report.to_json import to_dict
from tests.conftest import FIXTURES, load_article

ARTICLES = sorted((FIXTURES / "articles").glob("*.json"))


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_golden_article_report(path: Path, offline_checker, request):
    spec = json.loads(path.read_text())
    text, published = load_article(spec)
    article, warnings = make_article(text, published, id=spec["id"])
    report = _without_article_text(to_dict(offline_checker.check(article, warnings), stable=True))
    golden = FIXTURES / "golden" / f"{spec['id']}.report.json"
    if request.config.getoption("--update-golden") or not golden.exists():
        golden.write_text(json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    assert report == json.loads(golden.read_text())


def _without_article_text(report: dict) -> dict:
    """Golden files keep offsets, never the third-party article's words (quote, entity...)."""
    for claim in report["claims"]:
        for key in ("quote", "entity", "time_text", "level"):
            claim.pop(key, None)
    return report


def _claims(offline_checker, name):
    spec = json.loads((FIXTURES / "articles" / f"{name}.json").read_text())
    text, published = load_article(spec)
    article, _ = make_article(text, published)
    return [c.to_dict() for c in offline_checker.check(article).claims]


# The example article's checkable claims, written out from the text and the real bars
# (so a wrong golden file cannot hide a regression): symbol, session, value, direction,
# qualifier, expected label.
EXAMPLE = [
    ("^IXIC", "2025-12-12", 1.69, "down", "exact", "ACCURATE"),
    ("^SOX", "2025-12-12", 5.1, "down", "exact", "ACCURATE"),
    ("AVGO", "2025-12-12", 11.4, "down", "exact", "ACCURATE"),
    ("AVGO", "2025-12-12", 230e9, "down", "about", "ACCURATE"),  # market value
    ("ORCL", "2025-12-12", 4.8, "down", "exact", "INACCURATE"),  # ORCL fell 4.47% that day
    ("ORCL", "2025-12-11", 10.0, "down", "more_than", "ACCURATE"),  # -10.83% the session before
    ("AMD", "2025-12-12", 4.8, "down", "exact", "ACCURATE"),
    ("NVDA", "2025-12-12", 3.3, "down", "exact", "ACCURATE"),
    ("SNDK", "2025-12-12", 14.6, "down", "exact", "APPROXIMATELY_ACCURATE"),  # -14.66%
    ("CRWV", "2025-12-12", 5.0, "down", "more_than", "ACCURATE"),
]


def test_example_article_every_checkable_claim(offline_checker):
    claims = _claims(offline_checker, "binance-square-post")
    got = [(c["symbol"], c["session"], c["value"], c["direction"], c["qualifier"], c["verdict"]["label"])
           for c in claims if c["value"] is not None and c["kind"] != "out_of_scope"]
    assert got == EXAMPLE


def test_example_article_two_week_low_and_non_price_percent(offline_checker):
    claims = _claims(offline_checker, "binance-square-post")
    level = next(c for c in claims if c["kind"] == "level" and c["symbol"])
    assert (level["symbol"], level["level"], level["verdict"]["label"]) == ("^IXIC", "two-week low", "ACCURATE")
    margin = next(c for c in claims if c["unit"] == "pp")
    assert margin["kind"] == "out_of_scope" and margin["verdict"]["label"] == "UNVERIFIABLE"
    assert "margin" in margin["verdict"]["explanation"]
