"""A bounded load test for a local `tickercheck serve`: N concurrent clients post one article
to /api/check for S seconds, then the latency percentiles and errors are printed.

Bounded on purpose: loopback addresses only, at most MAX_REQUESTS_PER_CLIENT requests per
client and a hard stop at the deadline, so it cannot be pointed at someone else's server or
left running.
"""
from __future__ import annotations

import asyncio
import ipaddress
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from pipeline.errors import InputError

MAX_REQUESTS_PER_CLIENT = 5_000
DEFAULT_TEXT = ("On December 12, 2025, the Nasdaq fell 1.69% and Broadcom closed down 11.4%. "
                "Oracle fell 4.8%, AMD lost 4.8% and Nvidia dropped 3.3%.")


def loopback_url(url: str) -> str:
    host = urlsplit(url).hostname or ""
    try:
        local = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = False
    if not local or urlsplit(url).scheme != "http":
        raise InputError(f"the load test only targets http://127.0.0.1 or localhost, not '{url}'")
    return url.rstrip("/")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


async def _client(http, url: str, body: dict, deadline: float, latencies: list[float], outcomes: Counter) -> None:
    for _ in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() >= deadline:
            return
        started = time.perf_counter()
        try:
            response = await http.post(url, json=body)
            outcomes[response.status_code] += 1
            if response.status_code == 200:
                latencies.append(time.perf_counter() - started)
        except Exception as exc:  # the load test reports every failure, whatever its kind
            outcomes[type(exc).__name__] += 1


async def _run(url: str, clients: int, seconds: float, body: dict) -> tuple[list[float], Counter, float]:
    import httpx

    latencies: list[float] = []
    outcomes: Counter = Counter()
    started = time.monotonic()
    deadline = started + seconds
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(timeout=60.0, limits=limits, trust_env=False) as http:
        await asyncio.wait_for(
            asyncio.gather(*(_client(http, url + "/api/check", body, deadline, latencies, outcomes) for _ in range(clients))),
            timeout=seconds + 90)
    return latencies, outcomes, time.monotonic() - started


def run_loadtest(url: str, clients: int, seconds: float, article: Path | None, published: str) -> str:
    base = loopback_url(url)
    text = article.read_text(encoding="utf-8") if article else DEFAULT_TEXT
    latencies, outcomes, elapsed = asyncio.run(_run(base, clients, seconds, {"text": text, "published": published}))
    total = sum(outcomes.values())
    errors = {str(k): v for k, v in outcomes.items() if k != 200}
    return (f"{clients} clients, {elapsed:.1f} s, {total} requests, {outcomes[200]} ok "
            f"({outcomes[200] / elapsed:.1f}/s), errors: {errors or 'none'}\n"
            f"latency of ok requests: p50 {percentile(latencies, .5) * 1000:.0f} ms, "
            f"p95 {percentile(latencies, .95) * 1000:.0f} ms, max {max(latencies, default=float('nan')) * 1000:.0f} ms")
