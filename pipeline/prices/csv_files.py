"""Seed the store from a directory of daily-bar CSVs laid out like `../shared/data/prices/`.

One CSV per symbol with the header `Date,Open,High,Low,Close,Adj Close,Volume`. An optional
`SYMBOLS.csv` (columns `symbol,file`) maps symbols to files, and `universe/MANIFEST.csv` (columns
`symbol,file`) adds more; paths in them are relative to the data directory (the parent of the
prices directory). Without a mapping, the file stem is the symbol (`IDX_IXIC` → `^IXIC`).
"""
from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Iterator

from pipeline.errors import PriceFileError
from pipeline.prices.store import PriceStore
from pipeline.types import Bar

HEADER = ["Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"]


def _number(text: str) -> float | None:
    return float(text) if text not in ("", "null", "NaN", "nan") else None


def read_price_csv(path: Path) -> list[Bar]:
    """Parse one price CSV. Raises PriceFileError on a wrong header or a malformed row."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header != HEADER:
            raise PriceFileError(f"{path}: header is {header}, expected {','.join(HEADER)}")
        bars = []
        for lineno, row in enumerate(reader, start=2):
            try:
                close = _number(row[4])
                if close is None:
                    continue  # a day the source has no close for: no bar, never a guess
                bars.append(
                    Bar(date.fromisoformat(row[0]), _number(row[1]), _number(row[2]),
                        _number(row[3]), close, _number(row[5]), _number(row[6]))
                )
            except (ValueError, IndexError) as exc:
                raise PriceFileError(f"{path}:{lineno}: {exc}") from exc
    return bars


def symbol_for_file(path: Path) -> str:
    stem = path.stem
    return "^" + stem[4:] if stem.startswith("IDX_") else stem


def price_files(prices_dir: Path) -> Iterator[tuple[str, Path]]:
    """Yield (symbol, path) for every price file the directory declares or holds."""
    prices_dir = Path(prices_dir)
    manifests = [prices_dir / "SYMBOLS.csv", prices_dir / "universe" / "MANIFEST.csv"]
    seen: set[str] = set()
    for manifest in manifests:
        if not manifest.exists():
            continue
        with open(manifest, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                path = prices_dir.parent / row["file"]
                if row["symbol"] not in seen and path.exists():
                    seen.add(row["symbol"])
                    yield row["symbol"], path
    if seen:
        return
    for path in sorted(prices_dir.glob("*.csv")):
        with open(path, encoding="utf-8") as fh:
            if fh.readline().strip() == ",".join(HEADER):
                yield symbol_for_file(path), path


def seed_store(store: PriceStore, prices_dir: Path) -> int:
    """Load every price file into the store; files already loaded unchanged are skipped.

    RETURNS (int): the number of files loaded this time.
    """
    loaded = 0
    for symbol, path in price_files(prices_dir):
        stat = path.stat()
        stamp = f"{stat.st_size}:{int(stat.st_mtime)}"
        key = f"seed:{symbol}:{path.resolve()}"
        if store.meta(key) == stamp:
            continue
        bars = read_price_csv(path)
        if bars:
            store.put_bars(symbol, bars, source=f"csv:{path.name}", fetched_at=stamp,
                           covers=(bars[0].date, bars[-1].date))
        store.set_meta(key, stamp)
        loaded += 1
    return loaded
