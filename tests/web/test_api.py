"""The web app in-process (FastAPI TestClient): the JSON API and its OpenAPI schema, the error
cases, the form page and its downloads, and the runner's concurrency and time limits."""
from __future__ import annotations

import asyncio
import csv
import io
import threading

import pytest
from fastapi.testclient import TestClient

from pipeline.config import Settings
from pipeline.errors import CheckTimedOut, ServerBusy
from pipeline.web.app import create_app
from pipeline.web.runner import CheckRunner
from pipeline.web.schemas import CheckResponse
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def client(seeded_home, data_dir):
    app = create_app(Settings(home=seeded_home, data_dir=data_dir, offline=True))
    with TestClient(app) as c:
        yield c


def test_api_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    op = schema["paths"]["/api/check"]["post"]
    assert op["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/CheckRequest")
    assert set(op["responses"]) >= {"200", "400", "413", "422", "503", "504"}
    request = schema["components"]["schemas"]["CheckRequest"]
    assert request["required"] == ["text"] and set(request["properties"]) == {"text", "published", "time", "timezone"}
    assert "/check" not in schema["paths"]  # the page's form routes are not part of the API
    assert client.get("/docs").status_code == 404  # Swagger UI would pull scripts from a CDN


def test_api_check_example_matches_the_contract(client, example_report):
    response = client.post("/api/check", json={"text": EXAMPLE.read_text(encoding="utf-8"), "published": "2025-12-13"})
    assert response.status_code == 200
    body = response.json()
    CheckResponse.model_validate(body)
    assert [c["quote"] for c in body["claims"]] == [c.claim.candidate.quote for c in example_report.claims]
    oracle = next(c for c in body["claims"] if c["quote"] == "Oracle continued to fall 4.8%")
    assert oracle["verdict"]["label"] == "INACCURATE" and oracle["verdict"]["band"] == [-4.85, -4.75]


@pytest.mark.parametrize("body,status,message", [
    ({"text": ""}, 400, "empty"),
    ({"text": "   \n "}, 400, "empty"),
    ({"text": "x" * 2_000_000}, 413, "over 1,048,576 bytes"),
    ({"text": "Apple rose 2%. " * 8_000}, 413, "at most 100,000"),
    ({"text": "Apple\x00\x01\x02 rose 2%"}, 400, "binary"),
    ({"text": "Apple rose 2%", "published": "2025-13-45"}, 400, "publication date '2025-13-45'"),
    ({"text": "Apple rose 2%", "published": "yesterday"}, 400, "publication date"),
    ({"text": "Apple rose 2%", "published": "2025-12-12T10:00"}, 400, "no time zone"),
    ({"text": "Apple rose 2%", "published": "2025-12-12", "time": "10:00", "timezone": "Mars/Olympus"}, 400, "unknown time zone"),
    ({"text": "Apple rose 2%", "published": "2025-12-12", "time": "25:99"}, 400, "publication time '25:99'"),
    ({"txt": "Apple rose 2%"}, 422, "text: Field required"),
    ({"text": 42}, 422, "text: Input should be a valid string"),
])
def test_api_errors_are_clear_4xx(client, body, status, message):
    response = client.post("/api/check", json=body)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"].startswith("E0") and message in error["message"]


def test_api_refuses_non_json_and_undeclared_large_bodies(client):
    response = client.post("/api/check", content=b"\xff\xfe\x00\x01binary", headers={"content-type": "application/json"})
    assert response.status_code == 422 and "JSON decode error" in response.json()["error"]["message"]

    def chunks():  # no Content-Length: the limit is enforced on the bytes actually received
        for _ in range(40):
            yield b" " * 65_536
    response = client.post("/api/check", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "E004"


def test_api_time_zone_applies_to_the_time(client):
    body = {"text": "Oracle fell 4.8%.", "published": "2025-12-12", "time": "18:30", "timezone": "America/New_York"}
    report = client.post("/api/check", json=body).json()
    assert report["article"]["published"] == "2025-12-12T18:30:00-05:00"
    assert report["claims"][0]["session"] == "2025-12-12"  # after the close: that day's session


def test_page_renders_highlights_table_and_charts(client):
    response = client.post("/check", data={"text": EXAMPLE.read_text(encoding="utf-8"), "published": "2025-12-13"})
    assert response.status_code == 200
    html = response.text
    assert '<mark class="claim v-INACCURATE" data-claim="6" data-label="INACCURATE"' in html
    assert html.count('<svg class="chart"') >= 10
    assert "out of scope: &#39;profit margins&#39; is not a market price" in html
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_page_escapes_hostile_paste(client):
    payload = '<script>alert(1)</script><img src=x onerror=alert(2)>"><b>Apple rose 2% on December 12.'
    html = client.post("/check", data={"text": payload, "published": "2025-12-13"}).text
    assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>Apple" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html


@pytest.mark.parametrize("name,data,ctype,message", [
    ("notes.bin", b"\x00\x01\x02\x03", "application/octet-stream", "upload a .txt or .html file"),
    ("a.txt", b"\x00\x01binary", "text/plain", "binary"),
    ("a.txt", b"caf\xe9 rose 2%", "text/plain", "not valid UTF-8"),
    ("a.html", b"<html><body><script>x</script></body></html>", "text/html", "no article text found"),
])
def test_page_upload_errors(client, name, data, ctype, message):
    response = client.post("/check", data={"published": "2025-12-13"}, files={"file": (name, data, ctype)})
    assert response.status_code == 400
    assert 'role="alert"' in response.text and message in response.text


def test_page_upload_html_is_reduced_to_text(client):
    page = (b"<html><head><title>t</title><script>var x=1;</script></head><body><nav>Home | Markets</nav>"
            b"<article><h1>Chip stocks slide</h1><p>On December 12, Oracle fell 4.8% and AMD fell 4.8%, "
            b"while Broadcom closed down 11.4% after its results.</p><p>Analysts were unsurprised by the move "
            b"and said the sector remains volatile into year end.</p></article></body></html>")
    response = client.post("/check", data={"published": "2025-12-13"}, files={"file": ("story.html", page, "text/html")})
    assert response.status_code == 200
    assert ">Oracle fell 4.8%</mark>" in response.text and "var x=1" not in response.text
    assert 'id="note"' not in response.text  # the user's date wins


def test_page_upload_html_takes_the_date_the_page_declares(client):
    page = (b'<html><head><meta property="article:published_time" content="2025-12-12T21:05:00Z"></head><body>'
            b"<article><p>Oracle fell 4.8% and AMD fell 4.8%, while Broadcom closed down 11.4% after its results, "
            b"and analysts said the sector remains volatile into year end.</p></article></body></html>")
    response = client.post("/check", data={"published": ""}, files={"file": ("story.html", page, "text/html")})
    assert "Publication date 2025-12-12 read from the uploaded page" in response.text
    assert 'name="published" value="2025-12-12"' in response.text
    assert "published 2025-12-12T12:00:00+00:00" in response.text


@pytest.mark.parametrize("fmt,media,check", [
    ("csv", "text/csv", lambda body: next(csv.DictReader(io.StringIO(body)))["symbol"] == "ORCL"),
    ("claimreview", "application/ld+json", lambda body: '"@type": "ClaimReview"' in body),
    ("json", "application/json", lambda body: '"label": "INACCURATE"' in body),
    ("html", "text/html", lambda body: body.startswith("<!doctype html>") and '<svg class="chart"' in body),
])
def test_page_exports(client, fmt, media, check):
    response = client.post(f"/export/{fmt}", data={"text": "On December 12, Oracle fell 4.8%.", "published": "2025-12-13"})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"] and check(response.text)


def test_runner_refuses_when_saturated_and_times_out(seeded_home, data_dir):
    runner = CheckRunner(Settings(home=seeded_home, data_dir=data_dir, offline=True), max_pending=1, timeout_s=0.2)
    runner._checker = object()  # the bound and the clock are under test, not the Checker
    release = threading.Event()

    async def scenario():
        blocked = asyncio.ensure_future(runner.run(lambda _: release.wait(30)))
        await asyncio.sleep(0)
        with pytest.raises(ServerBusy, match="E040"):
            await runner.run(lambda _: None)
        with pytest.raises(CheckTimedOut, match="E041"):
            await blocked
        with pytest.raises(ServerBusy):  # the timed-out job still holds its slot until it really ends
            await runner.run(lambda _: None)
        release.set()
        for _ in range(100):
            try:
                return await runner.run(lambda _: "done")
            except ServerBusy:
                await asyncio.sleep(0.05)

    assert asyncio.run(scenario()) == "done"
    runner.close()
