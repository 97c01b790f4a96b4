"""Property-based tests (hypothesis) for the parsers and the claim extractor, and a fuzz run over
check_text: whatever the text and publication time, it returns a report or raises one of the
project's own coded errors."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.errors import TickercheckError
from pipeline.nlp.dates import parse_time
from pipeline.nlp.quantities import AMOUNT_RE, parse_amount, step_of
from pipeline.run import check_text
from pipeline.types import Label

magnitudes = st.decimals(min_value=0, max_value=999_999, places=2, allow_nan=False, allow_infinity=False)
decimals = st.integers(min_value=0, max_value=3)
units = st.sampled_from([("%", "%"), (" percent", "%"), ("pc", "%"), (" percentage points", "pp"),
                         (" basis points", "bp")])


# -- numbers ---------------------------------------------------------------------------------------

@given(magnitudes, decimals, units, st.sampled_from(["", "-", "+", "−"]), st.booleans())
def test_a_written_amount_reads_back_as_its_value_and_precision(value, places, unit, sign, grouped):
    number = f"{value:,.{places}f}" if grouped else f"{value:.{places}f}"
    text = f"{sign}{number}{unit[0]}"
    parsed = parse_amount(text)
    assert parsed is not None
    assert parsed == (pytest.approx(float(number.replace(",", ""))), unit[1])
    assert step_of(text) == pytest.approx(10.0 ** -places)


@given(st.integers(0, 999), st.integers(1, 99), st.sampled_from(["%", " %", " percent"]))
def test_a_decimal_comma_reads_like_a_decimal_point(whole, fraction, unit):
    digits = f"{fraction:02d}" if fraction >= 10 else str(fraction)
    assert parse_amount(f"{whole},{digits}{unit}") == parse_amount(f"{whole}.{digits}{unit}")


@given(st.integers(0, 999), st.sampled_from(["¼", "½", "¾"]))
def test_a_vulgar_fraction_adds_its_value(whole, fraction):
    value = {"¼": 0.25, "½": 0.5, "¾": 0.75}[fraction]
    assert parse_amount(f"{whole}{fraction}%") == (pytest.approx(whole + value), "%")
    assert step_of(f"{whole}{fraction}%") == {"¼": 0.25, "½": 0.5, "¾": 0.25}[fraction]


@given(st.text(max_size=80))
def test_every_amount_the_rules_find_is_parseable(text):
    for match in AMOUNT_RE.finditer(text):
        parsed = parse_amount(match.group(0))
        assert parsed is not None and parsed[0] >= 0
        assert step_of(match.group(0)) > 0


@given(st.text(max_size=80))
def test_parse_amount_never_raises(text):
    parsed = parse_amount(text)
    assert parsed is None or (parsed[0] >= 0 and parsed[1] in ("%", "pp", "bp", "USD"))


# -- dates -----------------------------------------------------------------------------------------

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


@given(days, st.integers(0, 300), st.sampled_from(["%B %d, %Y", "%b. %d, %Y", "%d %B %Y", "%Y-%m-%d"]))
def test_an_explicit_date_reads_back_as_itself(day, days_later, form):
    assert parse_time(day.strftime(form), day + timedelta(days=days_later)).day == day


@given(days, st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "on Friday"]))
def test_a_weekday_is_the_latest_such_day_not_after_the_reference(as_of, name):
    ref = parse_time(name, as_of)
    assert ref.kind == "date" and as_of - timedelta(days=6) <= ref.day <= as_of
    assert ref.day.strftime("%A").lower() == name.removeprefix("on ").lower()


@given(days, st.sampled_from(["this year", "this month", "this week", "last week", "last month", "last year", "YTD"]))
def test_a_period_never_ends_after_the_reference_or_starts_after_it_ends(as_of, name):
    ref = parse_time(name, as_of)
    assert ref.kind == "period" and ref.start <= ref.end <= as_of


@given(st.text(max_size=30), days)
def test_parse_time_never_raises(text, as_of):
    ref = parse_time(text, as_of)
    assert ref is None or ref.kind in ("date", "sessions_before", "period", "sessions_back", "sessions_after",
                                       "rolling24", "live")  # every kind TimeRef documents


# -- claims ----------------------------------------------------------------------------------------

COMPANIES = {"Broadcom": "AVGO", "Oracle": "ORCL", "Nvidia": "NVDA", "AMD": "AMD", "the Nasdaq": "^IXIC"}
VERBS = {"fell": "down", "dropped": "down", "slid": "down", "rose": "up", "gained": "up", "jumped": "up"}


@given(st.sampled_from(sorted(COMPANIES)), st.sampled_from(sorted(VERBS)),
       st.decimals(min_value="0.1", max_value="60", places=1), st.sampled_from(["%", " percent"]),
       st.dates(min_value=date(2024, 1, 2), max_value=date(2025, 12, 12)))
def test_a_plain_move_sentence_gives_exactly_that_claim(offline_checker, company, verb, value, unit, day):
    text = f"On {day:%B} {day.day}, {day.year}, {company} {verb} {value}{unit}."
    (claim,) = offline_checker.nlp(text)._.claims
    assert (claim.symbol, claim.direction, claim.value, claim.unit) == (
        COMPANIES[company], VERBS[verb], float(value), "%")
    assert text[claim.start:claim.end] == claim.quote


# -- fuzz ------------------------------------------------------------------------------------------

FRAGMENTS = ["Broadcom", "Nvidia", "the Nasdaq", "$BTC", "(NASDAQ: NVDA)", " fell ", " rose ", " minus ",
             "11.4%", "−5.1%", "5,1 %", "½%", "$230 billion", "more than", "about", "on December 12",
             "the previous trading day", "yesterday", "last week", "a two-week low", "respectively",
             ". ", "\n", "<div>", "</p>", "&amp;", "📉", "‮", "ש", "東京", "\x0b", "\u00a0"]
published = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2026, 11, 1)),
                      st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2026, 11, 1),
                                   timezones=st.just(timezone.utc)),
                      st.text(max_size=25))


@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=30), published)
def test_check_text_returns_a_report_or_a_coded_error(offline_checker, parts, when):
    text = "".join(parts)
    try:
        report = check_text(text, when, checker=offline_checker)
    except TickercheckError as exc:
        assert re.match(r"\[E\d{3}\] ", str(exc))
        return
    for checked in report.claims:
        assert checked.verdict.label in Label
        assert report.article.text[checked.claim.candidate.start:checked.claim.candidate.end] == checked.claim.candidate.quote
    report.to_dict()  # the JSON contract serialises


@given(st.binary(max_size=300))
def test_check_text_on_any_bytes_returns_a_report_or_a_coded_error(offline_checker, data):
    try:
        check_text(data, "2025-12-13", checker=offline_checker)
    except TickercheckError as exc:
        assert str(exc).startswith("[E")
