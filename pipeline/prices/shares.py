"""Shares outstanding for market-value claims ("wiped $230 billion off its market value" is
Δclose × shares): the offline reference first, then the store, then the provider.

Order, per (symbol, session):
1. `reference/shares_outstanding.csv` in the data directory: the offline reference for the
   bundled symbols. It works offline and its rows carry their own source and date, so a run
   with the network and one without agree on the bundled example.
2. The store: counts the provider gave earlier, with the ranges asked for (`shares_coverage`),
   so an answer "no count in that range" is not asked again either.
3. The provider (`source.shares`), once per symbol for all its sessions; written to the store
   before it is read.
A count is the latest one dated on or before the session and at most MAX_AGE_DAYS older. What
fails comes back as the exception that says why: OfflineMiss / PriceDataMissing (nothing to
multiply: UNVERIFIABLE) or ProviderError (the provider failed: NOT_CHECKED, never INACCURATE).
"""
from __future__ import annotations

import csv
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from pipeline.errors import OfflineMiss, PriceDataMissing, ProviderError
from pipeline.prices.store import PriceStore
from pipeline.types import SharesCount

# Companies report the count on every quarterly filing: a count over a year older than the
# session has missed at least three of them and is not multiplied.
MAX_AGE_DAYS = 366


@lru_cache(maxsize=4)
def _rows(path: str) -> tuple[tuple[str, float, date, str], ...]:
    p = Path(path)
    if not p.exists():
        return ()
    with open(p, newline="", encoding="utf-8") as fh:
        return tuple((r["symbol"], float(r["shares_outstanding"]), date.fromisoformat(r["as_of"]),
                      r["source_kind"]) for r in csv.DictReader(fh))


def reference_count(data_dir: Path | None, symbol: str, on: date) -> SharesCount | None:
    """The reference's latest count dated on or before `on` (Yahoo's snapshot preferred over
    Nasdaq's on the same day). Weighted-average rows are not counts outstanding: skipped."""
    if data_dir is None:
        return None
    rows = [r for r in _rows(str(Path(data_dir) / "reference" / "shares_outstanding.csv"))
            if r[0] == symbol and on - timedelta(days=MAX_AGE_DAYS) <= r[2] <= on and "weighted" not in r[3]]
    if not rows:
        return None
    rows.sort(key=lambda r: (r[2], "yfinance" in r[3]))
    _, count, as_of, kind = rows[-1]
    return SharesCount(count, as_of, kind, "reference")


def lookup_shares(wanted: Iterable[tuple[str, date]], *, data_dir: Path | None, store: PriceStore,
                  source, offline: bool) -> dict[tuple[str, date], SharesCount | Exception]:
    """wanted: (symbol, session) pairs. RETURNS each pair → its count or the reason it has none.
    Provider calls: at most one per symbol the reference and the store cannot answer."""
    out: dict[tuple[str, date], SharesCount | Exception] = {}
    ask: dict[str, list[date]] = {}
    for symbol, on in sorted(set(wanted)):
        found = reference_count(data_dir, symbol, on)
        if found is None and store.shares_cover(symbol, on - timedelta(days=MAX_AGE_DAYS), on):
            found = _stored(store, symbol, on) or _none_in_range(symbol, on, "the store")
        if found is not None:
            out[(symbol, on)] = found
        else:
            ask.setdefault(symbol, []).append(on)
    provider = None if offline or source is None else getattr(source, "shares", None)
    for symbol, days in ask.items():
        if provider is None:
            why = "offline" if offline else f"the provider {getattr(source, 'name', None)} reports no share counts"
            for on in days:
                out[(symbol, on)] = OfflineMiss(
                    f"{why}, and neither the reference nor the store has a share count for {symbol} on {on}")
            continue
        out.update(_ask(provider, getattr(source, "shares_name", source.name), store, symbol, days))
    return out


def _ask(provider, name: str, store: PriceStore, symbol: str, days: list[date]) -> dict:
    """One provider call for all of a symbol's sessions, stored, then read back from the store."""
    start, end = min(days) - timedelta(days=MAX_AGE_DAYS), max(days)
    now = datetime.now(timezone.utc)
    try:
        counts = provider(symbol, start, end)
    except ProviderError as exc:  # never stored: the next run asks again
        return {(symbol, on): exc for on in days}
    # Today's counts may still change: the range asked for is recorded as answered up to yesterday.
    store.put_shares(symbol, counts, source=name, fetched_at=now.isoformat(timespec="seconds"),
                     covers=(start, min(end, now.date() - timedelta(days=1))))
    out = {}
    for on in days:
        found = _stored(store, symbol, on)
        out[(symbol, on)] = replace(found, origin="provider") if found else _none_in_range(symbol, on, name)
    return out


def _none_in_range(symbol: str, on: date, where: str) -> PriceDataMissing:
    return PriceDataMissing(f"{where} has no {symbol} share count dated "
                            f"{on - timedelta(days=MAX_AGE_DAYS)}..{on}")


def _stored(store: PriceStore, symbol: str, on: date) -> SharesCount | None:
    row = store.shares_on(symbol, on - timedelta(days=MAX_AGE_DAYS), on)
    if row is None:
        return None
    shares, as_of, source, fetched_at = row
    return SharesCount(shares, as_of, source, "store", fetched_at)
