"""The exporters (CSV, self-contained HTML, ClaimReview JSON-LD) on the checked example
article, and the pieces the HTML is built from (highlight segments, SVG charts)."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest

from pipeline.report.charts import chart_bars, chart_svg
from pipeline.report.highlight import Segment, segments
from pipeline.report.to_claimreview import RATINGS, to_claimreview_json
from pipeline.report.to_csv import COLUMNS, to_csv
from pipeline.report.to_html import to_html
from pipeline.types import Label

EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def _claim(report, quote_part: str):
    return next(c for c in report.claims if quote_part in c.claim.candidate.quote)


def test_csv_has_the_columns_and_one_row_per_claim(example_report):
    rows = list(csv.DictReader(io.StringIO(to_csv(example_report))))
    assert tuple(rows[0].keys()) == COLUMNS
    assert len(rows) == len(example_report.claims)
    oracle = next(r for r in rows if r["quote"] == "Oracle continued to fall 4.8%")
    assert (oracle["symbol"], oracle["session"], oracle["label"]) == ("ORCL", "2025-12-12", "INACCURATE")
    assert float(oracle["band_low"]) == -4.85 and float(oracle["band_high"]) == -4.75
    assert float(oracle["actual_value"]) == pytest.approx(-4.47, abs=0.005)


def test_csv_defuses_spreadsheet_formulas(example_report):
    from dataclasses import replace

    claim = example_report.claims[0]
    hostile = replace(claim, claim=replace(claim.claim, candidate=replace(claim.claim.candidate, quote="=HYPERLINK(\"x\")")))
    row = next(csv.DictReader(io.StringIO(to_csv(replace(example_report, claims=(hostile,))))))
    assert row["quote"] == "'=HYPERLINK(\"x\")"


def test_claimreview_fields(example_report):
    reviews = json.loads(to_claimreview_json(example_report, reviewed_on=date(2026, 1, 5)))
    rated = [c for c in example_report.claims if c.verdict.label in RATINGS]
    assert len(reviews) == len(rated) and len(rated) < len(example_report.claims)  # unrated claims left out
    for review, claim in zip(reviews, rated):
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["datePublished"] == "2026-01-05"
        assert review["claimReviewed"] == claim.claim.candidate.quote
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["itemReviewed"]["datePublished"] == "2025-12-13"
        rating = review["reviewRating"]
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
        assert rating["ratingValue"] == RATINGS[claim.verdict.label][0]
    oracle = next(r for r in reviews if r["claimReviewed"] == "Oracle continued to fall 4.8%")
    assert oracle["reviewRating"]["ratingValue"] == 1 and oracle["reviewRating"]["alternateName"] == "Inaccurate"


def test_html_report_is_self_contained(example_report, offline_checker):
    html = to_html(example_report, lambda c: chart_bars(offline_checker.store, c))
    assert not EXTERNAL.search(html), EXTERNAL.search(html).group(0)
    assert "<link" not in html and "<script src" not in html
    assert html.count('<svg class="chart"') >= 10  # one chart per checked claim with bars
    assert 'class="claim v-INACCURATE"' in html and ">Oracle continued to fall 4.8%</mark>" in html


def test_html_report_escapes_the_article(example_report):
    from dataclasses import replace

    article = replace(example_report.article, text="<script>alert(1)</script> & <b>bold</b>")
    html = to_html(replace(example_report, article=article, claims=()))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in html


@pytest.mark.parametrize("text,spans,expected", [
    ("abc", [], [("abc", None)]),
    ("Nvidia fell 3%.", [(0, 14)], [("Nvidia fell 3%", 0), (".", None)]),
    # a short claim nested in a long one stays visible; the long one shows around it
    ("hit a two-week low today", [(0, 18), (6, 18)], [("hit a ", 0), ("two-week low", 1), (" today", None)]),
    ("ab cd", [(0, 2), (3, 5)], [("ab", 0), (" ", None), ("cd", 1)]),
])
def test_highlight_segments(text, spans, expected):
    assert segments(text, spans) == [Segment(t, i) for t, i in expected]


def test_chart_marks_previous_close_and_close(example_report, offline_checker):
    avgo = _claim(example_report, "closing down 11.4%")
    bars = chart_bars(offline_checker.store, avgo)
    svg = chart_svg(avgo, bars)
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "previous close 2025-12-11: 406.37" in svg and "close 2025-12-12: 359.93" in svg
    assert 'class="range"' not in svg  # a daily close move does not use the intraday range
    assert min(b.date for b in bars) < date(2025, 12, 1)  # context around the session, not just the two rows


def test_chart_marks_intraday_range_when_used(example_report, offline_checker):
    from dataclasses import replace

    from pipeline.types import Kind

    avgo = _claim(example_report, "closing down 11.4%")
    intraday = replace(avgo, claim=replace(avgo.claim, candidate=replace(avgo.claim.candidate, kind=Kind.INTRADAY)))
    svg = chart_svg(intraday, chart_bars(offline_checker.store, intraday))
    assert 'class="range"' in svg and "intraday range" in svg


def test_chart_nothing_to_draw_for_out_of_scope(example_report, offline_checker):
    margin = _claim(example_report, "profit margins")
    assert margin.verdict.label is Label.UNVERIFIABLE
    assert chart_bars(offline_checker.store, margin) == [] and chart_svg(margin, []) is None
