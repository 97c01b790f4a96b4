"""The embedded price store: one SQLite file, read before any provider call.

Bars are stored per (symbol, date). `coverage` records which date ranges a source has answered
for, so a window with no bars (a holiday, a listing gap) is still known to be complete and is
not fetched again. Share counts from the provider (for market-value claims) are kept the same
way: `shares` holds each dated count with its source, `shares_coverage` the ranges asked for.

The schema is versioned (`meta.schema_version`); opening an older file migrates it in one
transaction, step by step (`_MIGRATIONS`). SQLite failures leave this module only as typed,
coded errors (pipeline/errors.py): a damaged file, a lock held too long, a full disk.
"""
from __future__ import annotations

import functools
from contextlib import contextmanager
import sqlite3
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable

from pipeline.errors import StoreCorrupt, StoreError, StoreFull, StoreLocked
from pipeline.types import Bar

SCHEMA_VERSION = 3

# Version 0: files from before the schema was versioned (no meta row). Version 1 added meta.
_V1 = """
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
# Version 2: one coverage row per (symbol, range, source). Version 1 appended a row on every
# fetch of the same window, so the table only grew.
_V2 = """
DELETE FROM coverage WHERE rowid NOT IN (
    SELECT max(rowid) FROM coverage GROUP BY symbol, start, end, source);
DROP INDEX IF EXISTS coverage_symbol;
CREATE UNIQUE INDEX IF NOT EXISTS coverage_range ON coverage (symbol, start, end, source);
"""
# Version 3: shares outstanding from the provider, dated by the provider (as_of), so a claim on
# an older session uses the count of its time; a separate coverage table, so asking for share
# counts never makes a bar window look complete (or the reverse).
_V3 = """
CREATE TABLE IF NOT EXISTS shares (
    symbol TEXT NOT NULL, as_of TEXT NOT NULL, shares REAL NOT NULL,
    source TEXT NOT NULL, fetched_at TEXT NOT NULL,
    PRIMARY KEY (symbol, as_of, source)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS shares_coverage (
    symbol TEXT NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL,
    source TEXT NOT NULL, fetched_at TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS shares_coverage_range ON shares_coverage (symbol, start, end, source);
"""
_MIGRATIONS = {1: _V1, 2: _V2, 3: _V3}  # version reached -> the statements that reach it


def _translate(exc: sqlite3.Error, path: Path) -> StoreError:
    """sqlite3's exceptions → the project's coded errors, with what to do about them."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreLocked(f"the price store {path} stayed locked by another process; try again, "
                           "or stop the other tickercheck run")
    if "full" in text:
        return StoreFull(f"the disk holding the price store {path} is full; nothing was written "
                         "(the write was rolled back); free some space and run again")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreCorrupt(f"the price store {path} is damaged ({exc}); it only caches prices: "
                            "run `tickercheck data seed DIR --rebuild` to set it aside and reload it")
    return StoreError(f"cannot use the price store {path}: {exc}")


def _guarded(method):
    """Run a store method; SQLite errors leave it as coded StoreErrors."""
    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc
    return wrapper


class PriceStore:
    """SQLite-backed daily bars. Safe for several processes (WAL); one connection per instance.

    busy_timeout_s: how long a write waits for another process's lock before StoreLocked.
    """

    def __init__(self, path: Path | str, busy_timeout_s: float = 30.0):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(str(path), timeout=busy_timeout_s, isolation_level=None)
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc
        self._open()

    @_guarded
    def _open(self) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        if self._version() == SCHEMA_VERSION:
            return  # the usual case: no write, no lock
        with self._transaction():  # one process migrates; the others wait, then find it done
            version = self._version()
            if version > SCHEMA_VERSION:
                raise StoreError(f"the price store {self.path} was written by a newer tickercheck "
                                 f"(schema {version}, this one reads up to {SCHEMA_VERSION}); upgrade, "
                                 "or point TICKERCHECK_HOME elsewhere")
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in filter(str.strip, _MIGRATIONS[target].split(";")):
                    self._db.execute(statement)
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                             (str(SCHEMA_VERSION),))

    def _version(self) -> int:
        tables = {r[0] for r in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in tables:
            return 0
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    @property
    def schema_version(self) -> int:
        return self._version()

    def close(self) -> None:
        self._db.close()

    @staticmethod
    def set_aside(path: Path) -> Path | None:
        """Move a (damaged) store file and its WAL files out of the way; RETURNS the new name."""
        path = Path(path)
        if not path.exists():
            return None
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        target = path.with_name(f"{path.name}.damaged-{stamp}")
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
        path.rename(target)
        return target

    @_guarded
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
        with self._transaction():  # one transaction: readers never see half a write
            self._db.executemany("INSERT OR REPLACE INTO bars VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
            if covers:
                self._db.execute(
                    "INSERT OR REPLACE INTO coverage VALUES (?,?,?,?,?)",
                    (symbol, covers[0].isoformat(), covers[1].isoformat(), source, fetched_at),
                )
        return len(rows)

    @contextmanager
    def _transaction(self):
        self._db.execute("BEGIN IMMEDIATE")  # take the write lock up front: no upgrade deadlock
        try:
            yield
        except BaseException:
            if self._db.in_transaction:  # SQLite may already have rolled back (disk full)
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    @_guarded
    def covers(self, symbol: str, start: date, end: date, table: str = "coverage") -> bool:
        """True when one recorded fetch or seed spans the whole window (of bars, or of share
        counts with table="shares_coverage")."""
        assert table in ("coverage", "shares_coverage")  # a table name cannot be a parameter
        row = self._db.execute(
            f"SELECT 1 FROM {table} WHERE symbol = ? AND start <= ? AND end >= ? LIMIT 1",
            (symbol, start.isoformat(), end.isoformat()),
        ).fetchone()
        return row is not None

    @_guarded
    def bars(self, symbol: str, start: date, end: date) -> list[Bar]:
        """Bars for symbol with start <= date <= end, ascending."""
        cur = self._db.execute(
            "SELECT date, open, high, low, close, adj_close, volume FROM bars "
            "WHERE symbol = ? AND date BETWEEN ? AND ? ORDER BY date",
            (symbol, start.isoformat(), end.isoformat()),
        )
        return [Bar(date.fromisoformat(r[0]), *r[1:]) for r in cur]

    @_guarded
    def source_of(self, symbol: str, day: date) -> tuple[str, str] | None:
        row = self._db.execute(
            "SELECT source, fetched_at FROM bars WHERE symbol = ? AND date = ?",
            (symbol, day.isoformat()),
        ).fetchone()
        return (row[0], row[1]) if row else None

    @_guarded
    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @_guarded
    def set_meta(self, key: str, value: str) -> None:
        with self._transaction():
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @_guarded
    def symbols(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT DISTINCT symbol FROM bars ORDER BY 1")]

    # -- shares outstanding (market-value claims) ------------------------------------------------

    @_guarded
    def put_shares(self, symbol: str, counts: Iterable[tuple[date, float]], *, source: str,
                   fetched_at: str, covers: tuple[date, date]) -> int:
        """Store dated share counts and the range asked for, in one transaction."""
        rows = [(symbol, day.isoformat(), float(n), source, fetched_at) for day, n in counts]
        with self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO shares VALUES (?,?,?,?,?)", rows)
            self._db.execute("INSERT OR REPLACE INTO shares_coverage VALUES (?,?,?,?,?)",
                             (symbol, covers[0].isoformat(), covers[1].isoformat(), source, fetched_at))
        return len(rows)

    def shares_cover(self, symbol: str, start: date, end: date) -> bool:
        """True when one recorded provider answer spans start..end (even an empty one)."""
        return self.covers(symbol, start, end, table="shares_coverage")

    @_guarded
    def shares_on(self, symbol: str, start: date, end: date) -> tuple[float, date, str, str] | None:
        """The latest stored count dated start..end: (shares, as_of, source, fetched_at)."""
        row = self._db.execute(
            "SELECT shares, as_of, source, fetched_at FROM shares WHERE symbol = ? AND as_of BETWEEN ? AND ? "
            "ORDER BY as_of DESC, fetched_at DESC LIMIT 1",
            (symbol, start.isoformat(), end.isoformat()),
        ).fetchone()
        return (row[0], date.fromisoformat(row[1]), row[2], row[3]) if row else None
