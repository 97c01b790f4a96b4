"""Resident memory of a long batch grew with every new exchange calendar its claims met,
because exchange_calendars' minute methods build an index of every trading minute since 2000
(30-55 MB a calendar) and the cached calendar kept it. Sessions now reads the sessions' closes."""
from __future__ import annotations

import ctypes
import random

import pandas as pd
import pytest

from pipeline.article import make_article
from pipeline.batch.work import release_free_memory
from pipeline.resolve.sessions import _FOREIGN, CRYPTO, Sessions, calendar_name
from tests.conftest import load_article

CALENDARS = sorted({"XNYS", *_FOREIGN.values()})
# Real articles from the memory bench's feed whose claims resolve on New York's and four
# foreign calendars (London, Hong Kong, Shanghai, Bombay).
ARTICLES = [("news_articles_perplexity_tracker.jsonl", "pnt-7e547801122fda32"),
            ("news_articles_financedatabuilder.jsonl", "fdb-a80d6551ca5f9654"),
            ("news_articles_genkin_news.jsonl", "gkn25-c31b812a9ee7b615")]


def _minute_reading(cal, moment: pd.Timestamp):
    """The old reading of "the latest session closed by `moment`", with the minute methods."""
    # the local date, not normalize(): Santiago's clocks skip midnight when DST starts
    day = pd.Timestamp(moment.tz_convert(cal.tz).date())
    try:
        if cal.is_session(day) and moment >= cal.session_close(day):
            return cal.minute_to_session(moment, direction="previous").date()
        return cal.minute_to_past_session(moment).date()
    except ValueError:  # out of the calendar's bounds
        return "out of bounds"


@pytest.mark.parametrize("name", CALENDARS)
def test_last_closed_agrees_with_the_minute_methods(name):
    ours = Sessions(name)
    # A calendar of its own (not the cached one), so its minute index never reaches the test below.
    reference = type(ours.cal)(start=ours.cal.first_session, end=ours.cal.last_session)
    rng = random.Random(name)
    moments = [pd.Timestamp(rng.randint(reference.opens_nanos[0], reference.closes_nanos[-1]), tz="UTC").floor("min")
               for _ in range(150)]
    for i in (0, 1, len(reference.sessions) - 1, *rng.sample(range(len(reference.sessions)), 40)):
        edges = [reference.opens.iloc[i], reference.closes.iloc[i]]
        if reference.has_break and not pd.isna(reference.break_starts.iloc[i]):
            edges += [reference.break_starts.iloc[i], reference.break_ends.iloc[i]]
        moments += [edge + pd.Timedelta(minutes=d) for edge in edges for d in (-1, 0, 1)]
    for moment in moments:
        try:
            got = ours.last_closed(moment.to_pydatetime())
        except ValueError:
            got = "out of bounds"
        assert got == _minute_reading(reference, moment), moment


def test_real_articles_build_no_minute_index(offline_checker):
    calendars = set()
    for corpus_file, record_id in ARTICLES:
        text, published = load_article({"corpus_file": corpus_file, "record_id": record_id})
        article, _ = make_article(text, published)
        claims = offline_checker.extract(article)
        calendars |= {calendar_name(c.symbol) for c in claims if c.symbol and c.session}
    assert {"XNYS", "XLON", "XHKG", "XSHG", "XBOM"} <= calendars  # else this test checks nothing
    for name in calendars - {CRYPTO}:
        cal = Sessions(name).cal  # the cached calendar the claims were resolved on
        assert "minutes_nanos" not in vars(cal), f"{name} built its index of every trading minute"


def _rss_mb() -> float:
    status = dict(line.split(":", 1) for line in open("/proc/self/status"))
    return int(status["VmRSS"].split()[0]) / 1024


@pytest.mark.skipif(not hasattr(ctypes.CDLL(None), "malloc_trim"), reason="glibc only")
def test_release_free_memory_returns_freed_heap():
    # 100 KB blocks stay under glibc's mmap threshold, so they live in the heap; the one block
    # kept at the end stops free() from shrinking the heap by itself, as in a real chunk.
    blocks = [b"x" * 100_000 for _ in range(2_000)]
    kept = blocks[-1]
    del blocks
    freed = _rss_mb()
    release_free_memory()
    assert _rss_mb() < freed - 100  # about 200 MB were freed but still resident
    assert kept
