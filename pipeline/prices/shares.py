"""Shares outstanding for market-value claims, from reference/shares_outstanding.csv in the
data directory (the offline reference for the bundled symbols)."""
from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=4)
def _rows(path: str) -> tuple[tuple[str, float, date, str], ...]:
    p = Path(path)
    if not p.exists():
        return ()
    with open(p, newline="", encoding="utf-8") as fh:
        return tuple((r["symbol"], float(r["shares_outstanding"]), date.fromisoformat(r["as_of"]),
                      r["source_kind"]) for r in csv.DictReader(fh))


def shares_outstanding(data_dir: Path | None, symbol: str, on: date) -> tuple[float, str] | None:
    """The latest count dated on or before `on` (Yahoo's snapshot preferred over Nasdaq's)."""
    if data_dir is None:
        return None
    rows = [r for r in _rows(str(Path(data_dir) / "reference" / "shares_outstanding.csv"))
            if r[0] == symbol and r[2] <= on and "weighted" not in r[3]]
    if not rows:
        return None
    rows.sort(key=lambda r: (r[2], "yfinance" in r[3]))
    _, count, as_of, kind = rows[-1]
    return count, f"{kind.split(' (')[0]} as of {as_of}"
