"""The only module that imports yfinance.

Why a wall around it:
- yfinance reports most failures by logging them and returning an empty or all-NaN frame, so
  callers that look only at the frame cannot tell "no such symbol" from "rate limited". This
  adapter listens to yfinance's logger during the call and turns both into typed errors.
- Its defaults have changed between releases (`auto_adjust` became True): we pass every flag
  that matters explicitly and always fetch unadjusted closes.
- Its `end` is exclusive and its index carries exchange time zones; ours are inclusive dates.
- It keeps process-wide state (a session singleton, a time-zone cache file); we point the cache
  into tickercheck's home and never run two downloads at once.
- Rate limits and transient network faults (timeouts, refused or reset connections) are retried
  with exponential backoff; a failed name lookup is not (the machine is offline: waiting will not
  help). Whatever still fails becomes a typed ProviderError, so its claims are NOT_CHECKED.
- By default yfinance swallows a network error during the price request and reports "possibly
  delisted; no price data found", which would read as missing data. During our downloads its
  `debug.hide_exceptions` is off, so the real exception reaches its error log and us.
- yfinance memoizes raw responses (its time-zone lookup) for the life of the process, failed
  ones included: one HTTP 500 would poison a symbol until restart. The memo is cleared before
  every download.
- Closes are split-adjusted at Yahoo. A split day whose close jumps by the split ratio means the
  bars before it were not adjusted: that series is refused rather than read as a 90% fall.
"""
from __future__ import annotations

import logging
import math
import re
import threading
import time
import warnings
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterator, Sequence

from pipeline.errors import PriceDataMissing, ProviderError, ProviderRateLimited
from pipeline.prices.source import FetchResult
from pipeline.types import Bar

_DOWNLOAD_LOCK = threading.Lock()  # yfinance's download context is process-global
_RATE_LIMIT = re.compile(r"rate.?limit|too many requests|429", re.I)
_DNS = re.compile(r"resolve|name or service not known|nodename nor servname|getaddrinfo|NameResolution", re.I)
_TRANSIENT = re.compile(r"timeout|timed out|connection|reset by peer|unreachable|RemoteDisconnected|"
                        r"ChunkedEncoding|\b50[234]\b", re.I)
_MISSING = re.compile(r"no (price )?data|delisted|not found|no timezone", re.I)
_GARBLED = re.compile(r"JSONDecode|Expecting value", re.I)  # an error page instead of JSON (HTTP 5xx)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _yfinance_errors() -> Iterator[_Collect]:
    logger = logging.getLogger("yfinance")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def _reason_for(symbol: str, messages: list[str]) -> str | None:
    """The most telling of yfinance's messages about one symbol: one fault is often logged
    several times over (the time-zone lookup, then the download), and only some say why."""
    mine = [m for m in messages if symbol.upper() in m]
    for pattern in (_RATE_LIMIT, _DNS, _TRANSIENT, _MISSING, _GARBLED):
        telling = next((m for m in mine if pattern.search(m)), None)
        if telling:
            return telling
    return mine[0] if mine else None


class YahooSource:
    """Batched daily bars from Yahoo Finance through yfinance, unadjusted."""

    name = "yahoo.v1"
    shares_name = "yahoo.shares.v1"  # the store's source name for share counts

    def __init__(
        self,
        cache_dir: Path | None = None,
        session=None,
        retries: int = 3,
        backoff_s: float = 2.0,
        timeout_s: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
    ):
        import yfinance

        self._yf = yfinance
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
            yfinance.set_tz_cache_location(str(cache_dir))
        self._session = session
        self._retries = retries
        self._backoff_s = backoff_s
        self._timeout_s = timeout_s
        self._sleep = sleep
        self._now = now

    def fetch(self, symbols: Sequence[str], start: date, end: date) -> FetchResult:
        pending = sorted(set(symbols))
        results: FetchResult = {}
        retry: dict[str, str] = {}
        for attempt in range(self._retries + 1):
            retry = self._fetch_once(pending, start, end, results)
            if not retry:
                return results
            if attempt < self._retries:
                self._sleep(self._backoff_s * 2**attempt)  # back off before retrying
            pending = sorted(retry)
        for symbol, reason in retry.items():
            tries = f"{self._retries + 1} tries"
            results[symbol] = (
                ProviderRateLimited(f"Yahoo rate-limited the request for {symbol} ({tries})")
                if _RATE_LIMIT.search(reason)
                else ProviderError(f"Yahoo could not be reached for {symbol} ({tries}): {reason}")
            )
        return results

    def shares(self, symbol: str, start: date, end: date) -> list[tuple[date, float]]:
        """Dated shares-outstanding counts (see yahoo_shares.py); RAISES ProviderError."""
        from pipeline.prices.yahoo_shares import shares_series

        return shares_series(self, symbol, start, end)

    def _fetch_once(self, symbols, start, end, results: FetchResult) -> dict[str, str]:
        """One yf.download; fills results, RETURNS symbol → reason for those worth retrying."""
        try:
            with _DOWNLOAD_LOCK, _yfinance_errors() as errors, warnings.catch_warnings(), \
                    _exceptions_shown(self._yf):
                warnings.simplefilter("ignore")  # pandas deprecations inside yfinance
                _forget_responses(self._yf)
                frame = self._yf.download(
                    list(symbols), start=start.isoformat(),
                    end=(end + timedelta(days=1)).isoformat(),  # yfinance's end is exclusive
                    interval="1d", auto_adjust=False, actions=True, repair=False,
                    group_by="ticker", multi_level_index=True, progress=False,
                    threads=False, timeout=self._timeout_s, session=self._session,
                )
        except Exception as exc:  # the network edge: anything here is a provider failure
            reason = f"{type(exc).__name__}: {exc}"
            if _retryable(reason):
                return {symbol: reason for symbol in symbols}
            for symbol in symbols:
                results[symbol] = ProviderError(f"Yahoo download failed: {_plain(reason)}")
            return {}
        retry = {}
        for symbol in symbols:
            try:
                bars = self._bars_from_frame(frame, symbol)
            except ProviderError as exc:
                results[symbol] = exc
                continue
            if bars:
                results[symbol] = bars
                continue
            reason = _reason_for(symbol, errors.messages)
            if reason and _retryable(reason):
                retry[symbol] = reason
            elif reason and not _MISSING.search(reason):
                results[symbol] = ProviderError(f"Yahoo: {_plain(reason)}")
            else:
                results[symbol] = PriceDataMissing(
                    f"Yahoo returned no bars for {symbol} between {start} and {end}"
                    + (f" ({reason})" if reason else "")
                )
        return retry

    def _bars_from_frame(self, frame, symbol: str) -> list[Bar]:
        if frame is None or frame.empty or symbol not in frame.columns.get_level_values(0):
            return []
        sub = frame[symbol].dropna(subset=["Close"])
        _check_splits(symbol, sub)
        today = self._now().date()
        bars = []
        for stamp, row in sub.iterrows():
            day = stamp.date()
            if day >= today:
                continue  # the session may not have closed yet: never store a partial bar
            bars.append(Bar(day, _f(row.get("Open")), _f(row.get("High")), _f(row.get("Low")),
                            float(row["Close"]), _f(row.get("Adj Close")), _f(row.get("Volume"))))
        return bars


@contextmanager
def _exceptions_shown(yf) -> Iterator[None]:
    """Turn off yfinance's hiding of exceptions for one download (see the module doc)."""
    debug = yf.config.debug
    hidden = debug.hide_exceptions
    debug.hide_exceptions = False
    try:
        yield
    finally:
        debug.hide_exceptions = hidden


def _forget_responses(yf) -> None:
    """Drop yfinance's memo of raw HTTP responses (see the module doc)."""
    memo = getattr(getattr(getattr(yf, "data", None), "YfData", None), "cache_get", None)
    if memo is not None and hasattr(memo, "cache_clear"):
        memo.cache_clear()


def _retryable(reason: str) -> bool:
    """Rate limits and passing network faults are worth another try; a failed DNS lookup is not."""
    if _RATE_LIMIT.search(reason):
        return True
    if _DNS.search(reason) or _MISSING.search(reason):
        return False
    return bool(_TRANSIENT.search(reason) or _GARBLED.search(reason))


def _plain(reason: str) -> str:
    if _DNS.search(reason):
        return f"cannot resolve Yahoo's host name (is the network down? --offline answers from the store): {reason}"
    return reason


def _check_splits(symbol: str, sub) -> None:
    """Raise ProviderError when a split day's close jumps by the split ratio (see module doc)."""
    if "Stock Splits" not in sub.columns:
        return
    closes = sub["Close"].tolist()
    for i, ratio in enumerate(sub["Stock Splits"].tolist()):
        if i == 0 or not ratio or ratio != ratio or ratio == 1:
            continue
        change = closes[i] / closes[i - 1]
        if abs(math.log(change * ratio)) < abs(math.log(change)):
            day = sub.index[i].date()
            raise ProviderError(f"Yahoo's {symbol} bars before the {ratio:g}-for-1 split on {day} are "
                                "not split-adjusted; a daily change across it cannot be trusted")


def _f(value) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if v != v else v  # NaN → None
