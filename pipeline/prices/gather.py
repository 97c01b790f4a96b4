"""Fetch once for a whole report (or batch chunk): store first, then one batched provider call
for every symbol the store cannot answer, written back to the store before anyone reads it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from pipeline.errors import OfflineMiss, PriceDataMissing, ProviderError
from pipeline.prices.series_check import series_problem
from pipeline.prices.source import PriceSource
from pipeline.prices.store import PriceStore
from pipeline.types import Bar


@dataclass(frozen=True)
class SymbolBars:
    bars: tuple[Bar, ...]
    provider: str
    fetched_at: str


def gather(windows: dict[str, tuple[date, date]], store: PriceStore, source: PriceSource | None,
           offline: bool) -> dict[str, SymbolBars | Exception]:
    """windows: symbol → (start, end) inclusive. RETURNS symbol → bars, or the error that
    explains why there are none (OfflineMiss, PriceDataMissing, ProviderError)."""
    out: dict[str, SymbolBars | Exception] = {}
    missing = []
    for symbol, (start, end) in windows.items():
        if store.covers(symbol, start, end):
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
    start = min(windows[s][0] for s in missing)
    end = max(windows[s][1] for s in missing)
    now = datetime.now(timezone.utc)
    fetched_at = now.isoformat(timespec="seconds")
    for symbol, result in source.fetch(missing, start, end).items():
        if isinstance(result, ProviderError):
            out[symbol] = result
            continue
        problem = series_problem(symbol, result, end, now.date())
        if problem:  # never stored: the next run asks again
            out[symbol] = ProviderError(f"{source.name} answered with an unusable series: {problem}")
            continue
        store.put_bars(symbol, result, source=source.name, fetched_at=fetched_at, covers=(start, end))
        out[symbol] = _from_store(store, symbol, *windows[symbol])
    for symbol in missing:
        out.setdefault(symbol, PriceDataMissing(f"the provider did not answer for {symbol}"))
    return out


def _from_store(store: PriceStore, symbol: str, start: date, end: date) -> SymbolBars:
    bars = store.bars(symbol, start, end)
    origin = store.source_of(symbol, bars[-1].date) if bars else None
    provider, fetched_at = origin if origin else ("store", "")
    return SymbolBars(tuple(bars), provider, fetched_at)
