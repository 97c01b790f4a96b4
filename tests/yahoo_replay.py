"""A fake Yahoo at the network edge: a requests Session whose transport answers chart requests
with realistic v8 chart payloads built from the real CSV bars in the data directory.

Everything above the HTTP transport — yfinance's request code, its JSON parsing, time-zone
handling and frame building — is the real library code. Faults (HTTP 429, timeouts, empty
results) are injected per symbol.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from urllib.parse import parse_qs, unquote, urlparse

import requests
from requests.adapters import BaseAdapter

from pipeline.prices.csv_files import read_price_csv

_TZ = {"America/New_York": -18000, "UTC": 0}


def chart_payload(symbol: str, bars, period1: int, period2: int) -> dict:
    crypto = symbol.endswith("-USD")
    tz = "UTC" if crypto else "America/New_York"
    # Yahoo stamps daily bars at the session open: 09:30 New York for US listings, 00:00 UTC for crypto.
    open_offset = 0 if crypto else 14 * 3600 + 30 * 60
    rows = []
    for b in bars:
        ts = int(datetime(b.date.year, b.date.month, b.date.day, tzinfo=timezone.utc).timestamp()) + open_offset
        if period1 <= ts < period2:
            rows.append((ts, b))
    meta = {
        "currency": "USD", "symbol": symbol, "exchangeName": "CCC" if crypto else "NMS",
        "instrumentType": "CRYPTOCURRENCY" if crypto else "EQUITY",
        "firstTradeDate": 1262304000, "regularMarketTime": period2, "hasPrePostMarketData": not crypto,
        "gmtoffset": _TZ[tz], "timezone": "UTC" if crypto else "EST", "exchangeTimezoneName": tz,
        "priceHint": 2, "dataGranularity": "1d", "range": "",
        "currentTradingPeriod": {
            "pre": {"timezone": "EST", "start": period2, "end": period2, "gmtoffset": _TZ[tz]},
            "regular": {"timezone": "EST", "start": period2, "end": period2, "gmtoffset": _TZ[tz]},
            "post": {"timezone": "EST", "start": period2, "end": period2, "gmtoffset": _TZ[tz]},
        },
        "validRanges": ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"],
    }
    if not rows:
        return {"chart": {"result": [{"meta": meta, "indicators": {"quote": [{}], "adjclose": [{}]}}],
                          "error": None}}
    quote = {k: [getattr(b, k) for _, b in rows] for k in ("open", "high", "low", "close", "volume")}
    adj = [b.adj_close if b.adj_close is not None else b.close for _, b in rows]
    return {"chart": {"result": [{"meta": meta, "timestamp": [ts for ts, _ in rows],
                                  "indicators": {"quote": [quote], "adjclose": [{"adjclose": adj}]}}],
                      "error": None}}


class _Adapter(BaseAdapter):
    def __init__(self, owner: "ReplaySession"):
        super().__init__()
        self.owner = owner

    def send(self, request, **kwargs):
        url = urlparse(request.url)
        self.owner.calls.append(request.url)
        if "/v8/finance/chart/" in url.path:
            symbol = unquote(url.path.rsplit("/", 1)[1])
            fault = self.owner.faults.get(symbol)
            if fault == "timeout":
                raise requests.exceptions.ConnectTimeout(f"timed out: {request.url}")
            if fault == "429":
                return self._response(request, 429, "Too Many Requests")
            q = parse_qs(url.query)
            period1 = int(q.get("period1", ["0"])[0])
            period2 = int(q.get("period2", ["9999999999"])[0])
            bars = [] if fault == "empty" else self.owner.bars_for(symbol)
            if bars is None:
                body = {"chart": {"result": None, "error": {
                    "code": "Not Found", "description": "No data found, symbol may be delisted"}}}
                return self._response(request, 404, json.dumps(body))
            return self._response(request, 200, json.dumps(chart_payload(symbol, bars, period1, period2)))
        if "getcrumb" in url.path:
            return self._response(request, 200, "replaycrumb")
        return self._response(request, 200, "")  # cookie pages

    @staticmethod
    def _response(request, status: int, text: str):
        r = requests.Response()
        r.status_code = status
        r._content = text.encode()
        r.encoding = "utf-8"
        r.url = request.url
        r.request = request
        r.headers["Content-Type"] = "application/json"
        return r

    def close(self):
        pass


class ReplaySession(requests.Session):
    """requests.Session answering Yahoo chart calls from CSV price files."""

    def __init__(self, price_files: dict[str, object], faults: dict[str, str] | None = None):
        super().__init__()
        self.price_files = price_files
        self.faults = dict(faults or {})
        self.calls: list[str] = []
        self._cache: dict[str, list] = {}
        self.mount("https://", _Adapter(self))
        self.mount("http://", _Adapter(self))

    def bars_for(self, symbol: str):
        if symbol not in self.price_files:
            return None
        if symbol not in self._cache:
            self._cache[symbol] = read_price_csv(self.price_files[symbol])
        return self._cache[symbol]

    def chart_calls(self) -> list[str]:
        return [c for c in self.calls if "/v8/finance/chart/" in c]
