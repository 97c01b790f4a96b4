"""The embedded price store: one SQLite file, read before any provider call.

Bars are stored per (symbol, date). `coverage` records which date ranges a source has answered
for, so a window with no bars (a holiday, a listing gap) is still known to be complete and is
not fetched again.
"""
from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Iterable

from pipeline.types import Bar

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS bars (
    symbol TEXT NOT NULL, date TEXT NOT NULL,
    open REAL, high REAL, low REAL, close REAL NOT NULL, adj_close REAL, volume REAL,
    source TEXT NOT NULL, fetched_at TEXT NOT NULL,
    PRIMARY KEY (symbol, date)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS coverage (
    symbol TEXT NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL,
    source TEXT NOT NULL, fetched_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS coverage_symbol ON coverage (symbol);
"""


class PriceStore:
    """SQLite-backed daily bars. Safe for several processes (WAL); one connection per instance."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        with self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )

    def close(self) -> None:
        self._db.close()

    def put_bars(
        self, symbol: str, bars: Iterable[Bar], *, source: str, fetched_at: str,
        covers: tuple[date, date] | None = None,
    ) -> int:
        """Insert or replace bars in one transaction; record the covered range if given."""
        rows = [
            (symbol, b.date.isoformat(), b.open, b.high, b.low, b.close, b.adj_close, b.volume,
             source, fetched_at)
            for b in bars
        ]
        with self._db:  # one transaction: readers never see half a write
            self._db.executemany("INSERT OR REPLACE INTO bars VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
            if covers:
                self._db.execute(
                    "INSERT INTO coverage VALUES (?,?,?,?,?)",
                    (symbol, covers[0].isoformat(), covers[1].isoformat(), source, fetched_at),
                )
        return len(rows)

    def covers(self, symbol: str, start: date, end: date) -> bool:
        """True when one recorded fetch or seed spans the whole window."""
        row = self._db.execute(
            "SELECT 1 FROM coverage WHERE symbol = ? AND start <= ? AND end >= ? LIMIT 1",
            (symbol, start.isoformat(), end.isoformat()),
        ).fetchone()
        return row is not None

    def bars(self, symbol: str, start: date, end: date) -> list[Bar]:
        """Bars for symbol with start <= date <= end, ascending."""
        cur = self._db.execute(
            "SELECT date, open, high, low, close, adj_close, volume FROM bars "
            "WHERE symbol = ? AND date BETWEEN ? AND ? ORDER BY date",
            (symbol, start.isoformat(), end.isoformat()),
        )
        return [Bar(date.fromisoformat(r[0]), *r[1:]) for r in cur]

    def source_of(self, symbol: str, day: date) -> tuple[str, str] | None:
        row = self._db.execute(
            "SELECT source, fetched_at FROM bars WHERE symbol = ? AND date = ?",
            (symbol, day.isoformat()),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def symbols(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT DISTINCT symbol FROM bars ORDER BY 1")]
