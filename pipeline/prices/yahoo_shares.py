"""Shares outstanding from Yahoo through yfinance's `Ticker.get_shares_full`: the dated series
Yahoo serves at /ws/fundamentals-timeseries/v1/finance/timeseries/SYMBOL (after a one-day chart
request for the exchange time zone).

Why this series and not `Ticker.info["sharesOutstanding"]` or `fast_info.shares`: `info` is a
snapshot of today, so a claim about last March would be checked with today's count; `fast_info`
reads this same series but keeps only its last point. The series is dated, so the count used is
the latest one on or before the claim's session, and the verdict can say "as of" which day.

yfinance module state is handled as in `yahoo.py` (whose helpers this reuses, and which hands in
the yfinance module: that file stays the only one importing it): one request at a time, its
response memo cleared, exceptions shown instead of logged-and-swallowed. Rate limits and passing
network faults are retried with backoff; what still fails is a typed ProviderError, so the claim
is NOT_CHECKED, never INACCURATE.
"""
from __future__ import annotations

import warnings
from datetime import date, timedelta
from typing import TYPE_CHECKING

from pipeline.errors import ProviderError, ProviderRateLimited
from pipeline.prices.yahoo import (_DOWNLOAD_LOCK, _RATE_LIMIT, _exceptions_shown, _forget_responses,
                                   _plain, _retryable, _yfinance_errors)

if TYPE_CHECKING:
    from pipeline.prices.yahoo import YahooSource


def shares_series(src: "YahooSource", symbol: str, start: date, end: date) -> list[tuple[date, float]]:
    """Dated share counts for symbol with start <= as_of <= end, ascending; [] when Yahoo has
    none for the range. RAISES ProviderError (ProviderRateLimited) when Yahoo cannot answer."""
    reason = ""
    for attempt in range(src._retries + 1):
        try:
            return _once(src, symbol, start, end)
        except Exception as exc:  # the network edge: anything here is a provider failure
            reason = f"{type(exc).__name__}: {exc}".strip()
            if not _retryable(reason) and "YFRateLimitError" not in reason:
                raise ProviderError(f"Yahoo's share count for {symbol} failed: {_plain(reason)}") from None
        if attempt < src._retries:
            src._sleep(src._backoff_s * 2**attempt)
    tries = f"{src._retries + 1} tries"
    if _RATE_LIMIT.search(reason) or "YFRateLimitError" in reason:
        raise ProviderRateLimited(f"Yahoo rate-limited the share count request for {symbol} ({tries})")
    raise ProviderError(f"Yahoo could not be reached for {symbol}'s share count ({tries}): {reason}")


def _once(src: "YahooSource", symbol: str, start: date, end: date) -> list[tuple[date, float]]:
    yf = src._yf
    with _DOWNLOAD_LOCK, _yfinance_errors() as errors, warnings.catch_warnings(), _exceptions_shown(yf):
        warnings.simplefilter("ignore")  # pandas deprecations inside yfinance
        _forget_responses(yf)
        ticker = yf.Ticker(symbol, session=src._session)
        # end + 1 day: yfinance rounds its end up to the day, ours is inclusive
        series = ticker.get_shares_full(start=start.isoformat(), end=(end + timedelta(days=1)).isoformat())
    if series is None:
        if errors.messages:  # yfinance logged a failure instead of raising one
            raise RuntimeError("; ".join(errors.messages))
        return []
    counts: dict[date, float] = {}
    for stamp, value in series.items():  # ascending; a later point on the same day wins
        day = stamp.date()
        if start <= day <= end and value == value and value > 0:  # NaN or 0 is no count
            counts[day] = float(value)
    return sorted(counts.items())
