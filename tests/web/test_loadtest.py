"""The load-test command: loopback only, bounded, and it reports what the server answered."""
from __future__ import annotations

import re

import pytest

from pipeline.errors import InputError
from pipeline.web.loadtest import loopback_url, percentile, run_loadtest


@pytest.mark.parametrize("url,allowed", [
    ("http://127.0.0.1:8000", True),
    ("http://localhost:8000/", True),
    ("http://[::1]:8000", True),
    ("http://127.9.9.9:1", True),
    ("http://10.0.0.5:8000", False),
    ("http://example.com", False),
    ("https://127.0.0.1:8000", False),
    ("http://localhost.example.com", False),
])
def test_loadtest_targets_loopback_only(url, allowed):
    if allowed:
        assert loopback_url(url) == url.rstrip("/")
    else:
        with pytest.raises(InputError, match="only targets"):
            loopback_url(url)


@pytest.mark.parametrize("values,q,expected", [
    ([3.0, 1.0, 2.0], 0.5, 2.0), ([1.0, 2.0, 3.0, 4.0], 0.95, 4.0), ([5.0], 0.95, 5.0),
])
def test_percentile(values, q, expected):
    assert percentile(values, q) == expected


def test_loadtest_against_the_real_server(web_server):
    summary = run_loadtest(web_server, clients=2, seconds=1.0, article=None, published="2025-12-13")
    ok = int(re.search(r"(\d+) ok", summary).group(1))
    assert ok >= 2 and "errors: none" in summary and re.search(r"p50 \d+ ms, p95 \d+ ms", summary)
