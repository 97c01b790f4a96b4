"""A fake Yahoo at the network edge: a requests Session whose transport answers chart requests
with realistic v8 chart payloads built from the real CSV bars in the data directory.

Everything above the HTTP transport — yfinance's request code, its JSON parsing, time-zone
handling and frame building — is the real library code. Faults are injected per symbol:

    "429"        HTTP 429 Too Many Requests
    "timeout"    connect timeout;  "readtimeout": the server stops answering mid-request
    "down"       the network is unreachable (ConnectionError)
    "dns"        the host name does not resolve (ConnectionError caused by NameResolutionError)
    "500"        Yahoo's server fails
    "empty"      a 200 answer without bars
    "partial"    the session before the last one left out; "partial:YYYY-MM-DD": that session
    "utc-stamps" bars stamped at midnight UTC instead of the exchange open (wrong time zone)
    "unadjusted" bars before a split (see `splits`) left unadjusted

A fault may also be a list, consumed one item per chart request (None = answer normally), to
model a fault that clears: ["timeout", None].

Share counts (for market-value claims) are answered at Yahoo's fundamentals-timeseries endpoint,
the one yfinance's `Ticker.get_shares_full` reads, from `shares` (symbol -> [(as_of, count)], the
figures taken from the real reference CSV by the tests). `share_faults` injects the same faults
there, per symbol, independently of the chart faults.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from urllib.parse import parse_qs, unquote, urlparse

import requests
from requests.adapters import BaseAdapter

from pipeline.prices.csv_files import read_price_csv

_TZ = {"America/New_York": -18000, "UTC": 0}


def _stamp(day, offset: int) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()) + offset


def chart_payload(symbol: str, bars, period1: int, period2: int, fault: str | None = None,
                  split: tuple | None = None) -> dict:
    crypto = symbol.endswith("-USD")
    tz = "UTC" if crypto else "America/New_York"
    # Yahoo stamps daily bars at the session open: 09:30 New York for US listings, 00:00 UTC for crypto.
    open_offset = 0 if crypto or fault == "utc-stamps" else 14 * 3600 + 30 * 60
    rows = []
    for b in bars:
        ts = _stamp(b.date, open_offset)
        if period1 <= ts < period2:
            rows.append((ts, b))
    if fault == "partial" and len(rows) > 2:
        del rows[-2]  # the session before the last: a daily change would silently span two days
    if isinstance(fault, str) and fault.startswith("partial:"):
        rows = [(ts, b) for ts, b in rows if b.date.isoformat() != fault.partition(":")[2]]
    events = {}
    if split is not None:
        day, ratio = split
        ts = _stamp(day, open_offset)
        if period1 <= ts < period2:
            events = {"splits": {str(ts): {"date": ts, "numerator": ratio, "denominator": 1,
                                           "splitRatio": f"{ratio}:1"}}}
            if fault == "unadjusted":
                rows = [(t, _scaled(b, ratio) if b.date < day else b) for t, b in rows]
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
    result = {"meta": meta, "timestamp": [ts for ts, _ in rows],
              "indicators": {"quote": [quote], "adjclose": [{"adjclose": adj}]}}
    if events:
        result["events"] = events
    return {"chart": {"result": [result], "error": None}}


def _scaled(bar, ratio: int):
    """A bar as it was quoted before a split (prices times the ratio)."""
    from dataclasses import replace

    return replace(bar, **{k: getattr(bar, k) * ratio for k in ("open", "high", "low", "close", "adj_close")
                           if getattr(bar, k) is not None})


def shares_payload(symbol: str, counts, period1: int, period2: int) -> dict:
    """Yahoo's shares_out time series: epoch seconds (midnight UTC of the count's date) and the
    counts, ascending; no `shares_out` key when the range holds none."""
    points = [(_stamp(day, 0), n) for day, n in sorted(counts) if period1 <= _stamp(day, 0) < period2]
    result = {"meta": {"symbol": [symbol], "type": ["shares_out"]}}
    if points:
        result["timestamp"] = [ts for ts, _ in points]
        result["shares_out"] = [n for _, n in points]
    return {"timeseries": {"result": [result], "error": None}}


class _Adapter(BaseAdapter):
    def __init__(self, owner: "ReplaySession"):
        super().__init__()
        self.owner = owner

    def send(self, request, **kwargs):
        url = urlparse(request.url)
        self.owner.calls.append(request.url)
        if "/v8/finance/chart/" in url.path:
            symbol = unquote(url.path.rsplit("/", 1)[1])
            fault = self.owner.next_fault(symbol)
            failed = self._network_fault(request, url, fault)
            if failed is not None:
                return failed
            q = parse_qs(url.query)
            period1 = int(q.get("period1", ["0"])[0])
            period2 = int(q.get("period2", ["9999999999"])[0])
            bars = [] if fault == "empty" else self.owner.bars_for(symbol)
            if bars is None:
                body = {"chart": {"result": None, "error": {
                    "code": "Not Found", "description": "No data found, symbol may be delisted"}}}
                return self._response(request, 404, json.dumps(body))
            payload = chart_payload(symbol, bars, period1, period2, fault, self.owner.splits.get(symbol))
            return self._response(request, 200, json.dumps(payload))
        if "/finance/timeseries/" in url.path:
            return self._shares(request, url)
        if "getcrumb" in url.path:
            return self._response(request, 200, "replaycrumb")
        return self._response(request, 200, "")  # cookie pages

    def _network_fault(self, request, url, fault):
        """Raise (or answer) the fault shared by every endpoint; None when there is none."""
        if fault == "timeout":
            raise requests.exceptions.ConnectTimeout(f"timed out: {request.url}")
        if fault == "readtimeout":
            raise requests.exceptions.ReadTimeout(f"Read timed out. (read timeout=10): {request.url}")
        if fault == "down":
            raise requests.exceptions.ConnectionError(
                f"HTTPSConnectionPool(host='{url.hostname}', port=443): Max retries exceeded "
                "(Caused by NewConnectionError('Failed to establish a new connection: "
                "[Errno 101] Network is unreachable'))")
        if fault == "dns":
            raise requests.exceptions.ConnectionError(
                f"HTTPSConnectionPool(host='{url.hostname}', port=443): Max retries exceeded "
                f"(Caused by NameResolutionError(\"Failed to resolve '{url.hostname}' "
                "([Errno -3] Temporary failure in name resolution)\"))")
        if fault == "429":
            return self._response(request, 429, "Too Many Requests")
        if fault == "500":
            return self._response(request, 500, "Internal Server Error")
        return None

    def _shares(self, request, url):
        symbol = unquote(url.path.rsplit("/", 1)[1])
        fault = self.owner.next_fault(symbol, self.owner.share_faults)
        failed = self._network_fault(request, url, fault)
        if failed is not None:
            return failed
        if fault == "bad-request":  # what Yahoo answers for a malformed or unknown series request
            body = {"finance": {"result": None, "error": {"code": "Bad Request",
                                                          "description": "Invalid input"}}}
            return self._response(request, 400, json.dumps(body))
        q = parse_qs(url.query)
        period1 = int(q.get("period1", ["0"])[0])
        period2 = int(q.get("period2", ["9999999999"])[0])
        counts = [] if fault == "empty" else self.owner.shares.get(symbol, [])
        return self._response(request, 200, json.dumps(shares_payload(symbol, counts, period1, period2)))

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

    def __init__(self, price_files: dict[str, object], faults: dict[str, object] | None = None,
                 splits: dict[str, tuple] | None = None, shares: dict[str, list] | None = None,
                 share_faults: dict[str, object] | None = None):
        super().__init__()
        self.shares = dict(shares or {})  # symbol -> [(as_of date, count)]
        self.share_faults = dict(share_faults or {})
        self.price_files = price_files
        self.faults = dict(faults or {})
        self.splits = dict(splits or {})  # symbol -> (split day, ratio): reported as a split event
        self.calls: list[str] = []
        self._cache: dict[str, list] = {}
        self.mount("https://", _Adapter(self))
        self.mount("http://", _Adapter(self))

    def next_fault(self, symbol: str, faults: dict | None = None) -> str | None:
        fault = (self.faults if faults is None else faults).get(symbol)
        if isinstance(fault, list):
            return fault.pop(0) if fault else None
        return fault

    def bars_for(self, symbol: str):
        if symbol not in self.price_files:
            return None
        if symbol not in self._cache:
            self._cache[symbol] = read_price_csv(self.price_files[symbol])
        return self._cache[symbol]

    def chart_calls(self) -> list[str]:
        return [c for c in self.calls if "/v8/finance/chart/" in c]

    def shares_calls(self) -> list[str]:
        return [c for c in self.calls if "/finance/timeseries/" in c]
