"""Fetch once for a whole report (or batch chunk): store first, then one batched provider call
for every symbol the store cannot answer, written back to the store before anyone reads it.

A batch run fetches chunk after chunk. It passes a `Horizon`, the span of every window the run
has needed so far, and each provider call asks for that whole span: a call costs the same for a
week or ten years of daily bars, and a symbol fetched once then answers the run's later windows
from the store instead of costing one more call per chunk whose windows reach a little further."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import cached_property

import numpy as np

from pipeline.errors import OfflineMiss, PriceDataMissing, ProviderError
from pipeline.prices.series_check import series_problem
from pipeline.prices.source import PriceSource
from pipeline.prices.store import PriceStore
from pipeline.types import Bar


@dataclass(frozen=True)
class SymbolBars:
    bars: tuple[Bar, ...]  # ascending by date
    provider: str
    fetched_at: str
    dates: tuple[date, ...] = ()  # the bars' dates, for bisection

    def span(self, start: date, end: date) -> tuple[int, int]:
        """The indices [lo, hi) of the bars with start <= date <= end, by bisection: one symbol's
        bars serve a whole batch chunk, and each claim reads only its own window (no scan, no
        copy, no SQL)."""
        return bisect_left(self.dates, start), bisect_right(self.dates, end)

    @cached_property
    def closes(self) -> np.ndarray:
        """The closes as an array, built once per symbol: a level claim ("highest close since
        2015") takes its extreme over years of closes in C, not in a Python loop."""
        return np.fromiter((b.close for b in self.bars), dtype=float, count=len(self.bars))


class Horizon:
    """What a batch run has learnt from its fetches so far: the span of every window it needed
    (grows, never shrinks) and the symbols whose answer for a span was refused as unusable."""

    def __init__(self) -> None:
        self.span: tuple[date, date] | None = None
        self.refused: dict[str, tuple[date, date, Exception]] = {}

    def widen(self, windows: dict[str, tuple[date, date]]) -> "Horizon":
        for start, end in windows.values():
            lo, hi = self.span or (start, end)
            self.span = (min(lo, start), max(hi, end))
        return self

    def around(self, start: date, end: date, today: date) -> tuple[date, date]:
        """(start, end) widened to the horizon. The end is widened at most to yesterday: a
        session still open has no final bar, and a store that recorded it as covered would
        never ask again. What the windows themselves need is always kept."""
        if self.span is None:
            return start, end
        return min(start, self.span[0]), max(end, min(self.span[1], today - timedelta(days=1)))

    def refusal(self, symbol: str, start: date, end: date) -> Exception | None:
        """The error of an earlier call in this run whose span held the window. Its series had a
        fault (series_check.py); asking again for the same span would return the same series,
        costing one call per chunk for the same verdicts."""
        lo, hi, error = self.refused.get(symbol, (None, None, None))
        return error if lo is not None and lo <= start and end <= hi else None


GROUP_SIZE = 50  # symbols per provider call: one yfinance batch stays well under URL and time limits


def gather(windows: dict[str, tuple[date, date]], store: PriceStore, source: PriceSource | None,
           offline: bool, group_size: int = GROUP_SIZE, horizon: Horizon | None = None,
           ) -> dict[str, SymbolBars | Exception]:
    """windows: symbol → (start, end) inclusive. RETURNS symbol → bars, or the error that
    explains why there are none (OfflineMiss, PriceDataMissing, ProviderError).
    horizon: a batch run's windows so far (module docstring); provider calls ask for its span.

    Provider calls grow with the number of symbols the store cannot answer, divided by
    `group_size`: never with the number of claims."""
    out: dict[str, SymbolBars | Exception] = {}
    missing = []
    for symbol, (start, end) in windows.items():
        refused = horizon.refusal(symbol, start, end) if horizon is not None else None
        if refused is not None:
            out[symbol] = refused
        elif store.covers(symbol, start, end):
            out[symbol] = _from_store(store, symbol, start, end)
        else:
            missing.append(symbol)
    if not missing:
        return out
    if offline or source is None:
        for symbol in missing:
            start, end = windows[symbol]
            out[symbol] = OfflineMiss(f"offline, and the local store has no {symbol} bars for {start}..{end}")
        return out
    # Every group asks for the same span, the union of all missing windows: a year of daily bars
    # costs the provider one request like a week does, and later chunks then find them stored.
    span = (min(windows[s][0] for s in missing), max(windows[s][1] for s in missing))
    if horizon is not None:
        span = horizon.around(*span, datetime.now(timezone.utc).date())
    for group in _groups(sorted(missing), group_size):
        _fetch_group(group, span, windows, store, source, out, horizon)
    for symbol in missing:
        out.setdefault(symbol, PriceDataMissing(f"the provider did not answer for {symbol}"))
    return out


def _groups(symbols: list[str], size: int):
    for i in range(0, len(symbols), size):
        yield symbols[i:i + size]


def _fetch_group(group: list[str], span: tuple[date, date], windows: dict, store: PriceStore,
                 source: PriceSource, out: dict, horizon: Horizon | None = None) -> None:
    """One batched provider call for the group, written to the store before anyone reads it."""
    start, end = span
    now = datetime.now(timezone.utc)
    fetched_at = now.isoformat(timespec="seconds")
    for symbol, result in source.fetch(group, start, end).items():
        if isinstance(result, ProviderError):
            out[symbol] = result
            continue
        problem = series_problem(symbol, result, end, now.date())
        if problem:  # never stored: the next run asks again
            out[symbol] = ProviderError(f"{source.name} answered with an unusable series: {problem}")
            if horizon is not None:
                horizon.refused[symbol] = (start, end, out[symbol])
            continue
        store.put_bars(symbol, result, source=source.name, fetched_at=fetched_at, covers=(start, end))
        out[symbol] = _from_store(store, symbol, *windows[symbol])


def _from_store(store: PriceStore, symbol: str, start: date, end: date) -> SymbolBars:
    bars = store.bars(symbol, start, end)
    origin = store.source_of(symbol, bars[-1].date) if bars else None
    provider, fetched_at = origin if origin else ("store", "")
    return SymbolBars(tuple(bars), provider, fetched_at, tuple(b.date for b in bars))
