"""End to end in a real headless Chromium (Debian `chromium`, driven by Playwright through
`executable_path`): the real server on a loopback port, the real page, real downloads."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest

from tests.conftest import EXAMPLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed: run `make browser` (CI does)")
EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, web_server):
    context = browser.new_context(accept_downloads=True, base_url=web_server)
    tab = context.new_page()
    tab.dialogs, requests, console_errors = [], [], []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    tab.goto("/")
    yield tab
    context.close()
    # the page works offline: nothing requested from elsewhere, no script or CSP errors
    assert [u for u in requests if not u.startswith((web_server, "file://", "blob:", "data:"))] == []
    assert [e for e in console_errors if "status of 4" not in e] == []  # refused inputs answer 4xx on purpose


def _check(page, text: str, published: str = "2025-12-13") -> None:
    page.evaluate("t => { document.querySelector('textarea[name=text]').value = t; }", text)
    page.fill("input[name=published]", published)
    page.click("#check")
    page.wait_for_load_state()


def _labels(report) -> list[str]:
    return [c.verdict.label.value for c in report.claims]


def test_browser_example_article(page, example_report):
    expected = _labels(example_report)  # the page must show what the engine decided, claim for claim
    _check(page, EXAMPLE.read_text(encoding="utf-8"))
    oracle = page.locator("mark.claim", has_text="Oracle continued to fall 4.8%")
    assert oracle.get_attribute("class") == "claim v-INACCURATE"
    assert page.locator("mark.claim", has_text="NVIDIA dropped 3.3%").get_attribute("data-label") == "ACCURATE"
    assert page.locator("mark.claim").count() >= len(expected) >= 14
    labels = page.locator("table.verdicts tbody tr").evaluate_all("rows => rows.map(r => r.dataset.label)")
    assert sorted(labels) == sorted(expected) and labels.count("INACCURATE") == 1 and labels.count("ACCURATE") >= 10
    assert page.locator(".card:not([hidden]) svg.chart").count() == 1  # the open card shows its chart

    oracle.hover()  # hovering a claim opens its card
    card = page.locator(".card:not([hidden])")
    assert "Oracle continued to fall 4.8%" in card.inner_text() and "ORCL" in card.inner_text()
    assert card.locator("svg.chart").get_attribute("aria-label").startswith("ORCL closes")

    page.select_option("#label-filter", "INACCURATE")  # filter by label
    assert page.locator("table.verdicts tbody tr:visible").count() == 1
    page.select_option("#label-filter", "")
    page.click("th:has-text('actual')")  # sort by the actual figure
    actual = page.locator("table.verdicts tbody tr td:nth-child(6)").evaluate_all(
        "cells => cells.map(c => parseFloat(c.dataset.v)).filter(v => !isNaN(v))")
    assert actual == sorted(actual) and len(actual) >= 10
    assert page.dialogs == []


def test_browser_downloads_validate(page, tmp_path, example_report):
    expected = _labels(example_report)
    _check(page, EXAMPLE.read_text(encoding="utf-8"))
    with page.expect_download() as info:
        page.click("button:has-text('CSV')")
    rows = list(csv.DictReader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    assert len(rows) == len(expected) and {"quote", "symbol", "label", "band_low", "band_high"} <= set(rows[0])
    with page.expect_download() as info:
        page.click("button:has-text('ClaimReview')")
    reviews = json.loads(open(info.value.path(), encoding="utf-8").read())
    rated = [label for label in expected if label not in ("UNVERIFIABLE", "NOT_CHECKED")]
    assert {r["reviewRating"]["ratingValue"] for r in reviews} <= {1, 2, 4, 5} and len(reviews) == len(rated)
    with page.expect_download() as info:
        page.click("button:has-text('HTML report')")
    html = open(info.value.path(), encoding="utf-8").read()
    assert not EXTERNAL.search(html)
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    report = page.context.new_page()  # the saved report works on its own, offline
    report.goto(saved.as_uri())
    assert report.locator("mark.claim.v-INACCURATE").count() == 1
    assert report.locator(".card:not([hidden]) svg.chart").count() == 1


def test_browser_hostile_paste_is_inert(page):
    payload = ('<script>alert("s")</script><img src=x onerror="alert(\'i\')">"><svg onload=alert("v")>'
               "' onmouseover='alert(1)' x='  On December 12, Oracle fell 4.8%.")
    _check(page, payload)
    assert page.locator("mark.claim", has_text="Oracle fell 4.8%").count() == 1
    article = page.locator("#article")
    assert '<script>alert("s")</script>' in article.inner_text()  # shown as text
    assert article.locator("script, img, svg").count() == 0
    article.hover()
    page.locator("mark.claim").first.hover()
    assert page.dialogs == []
    assert page.locator("textarea[name=text]").input_value() == payload


def test_browser_refuses_huge_and_binary_input_clearly(page):
    _check(page, "Oracle fell 4.8%. " * 120_000)  # about 2 MB
    assert "over 1,048,576 bytes" in page.locator("#error").inner_text()
    page.goto("/")
    _check(page, "Oracle fell\u0000\u0001 4.8%")
    assert "binary" in page.locator("#error").inner_text()
    page.goto("/")
    page.set_input_files("input[type=file]", files=[{"name": "x.txt", "mimeType": "text/plain", "buffer": bytes(range(256))}])
    page.click("#check")
    assert "binary" in page.locator("#error").inner_text()
    assert page.dialogs == []
