"""Store faults on a real SQLite file: damaged, locked, full, older schema, several processes.
Each ends as a coded StoreError with what to do, and no partial write is ever visible."""
from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import StoreCorrupt, StoreError, StoreFull, StoreLocked
from pipeline.prices.store import SCHEMA_VERSION, PriceStore
from pipeline.types import Bar

runner = CliRunner()
DAY = date(2025, 12, 12)


def _bars(n: int, close: float = 1.0, start: date = date(2020, 1, 1)) -> list[Bar]:
    return [Bar(start + timedelta(days=i), close, close, close, close, close, 1.0) for i in range(n)]


@pytest.fixture()
def one_file_prices(tmp_path, data_dir):
    """A prices directory holding only AVGO's real CSV (linked, not copied)."""
    prices = tmp_path / "prices"
    prices.mkdir()
    (prices / "AVGO.csv").symlink_to(data_dir / "prices" / "AVGO.csv")
    return prices


# -- damaged file ------------------------------------------------------------------------------

@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_store_is_a_coded_error_and_rebuild_recovers(tmp_path, one_file_prices, damage):
    path = tmp_path / "prices.sqlite"
    if damage == "garbage":
        path.write_bytes(b"this is not a database, just bytes " * 200)
    else:
        store = PriceStore(path)
        store.put_bars("X", _bars(3000), source="t", fetched_at="t")
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
        data = path.read_bytes()
        path.write_bytes(data[:100] + b"\xde\xad" * 2000 + data[4100:len(data) // 2])
    with pytest.raises(StoreCorrupt, match=r"\[E031\].*--rebuild"):
        store = PriceStore(path)
        store.bars("X", date(2020, 1, 1), date(2030, 1, 1))  # damage deeper in may show on read

    env = {"TICKERCHECK_HOME": str(tmp_path)}
    checked = runner.invoke(app, ["check", "-", "--published", "2025-12-13", "--offline"],
                            input="On December 12, Broadcom fell 11.4%.", env=env)
    assert checked.exit_code == 1 and "E031" in checked.output

    rebuilt = runner.invoke(app, ["data", "seed", str(one_file_prices), "--rebuild"], env=env)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "set the old store aside" in rebuilt.output
    assert len(list(tmp_path.glob("prices.sqlite.damaged-*[0-9]Z"))) == 1  # kept for inspection
    assert [round(b.close, 2) for b in PriceStore(path).bars("AVGO", DAY, DAY)] == [359.93]


# -- lock held by another process ----------------------------------------------------------------

def test_a_lock_held_too_long_is_a_coded_error_and_nothing_is_written(tmp_path):
    path = tmp_path / "prices.sqlite"
    PriceStore(path).close()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another writer mid-transaction
    try:
        store = PriceStore(path, busy_timeout_s=0.2)  # opening a current store needs no lock
        assert store.bars("X", date(2020, 1, 1), date(2030, 1, 1)) == []  # WAL: reads go on
        with pytest.raises(StoreLocked, match=r"\[E032\].*locked"):
            store.put_bars("X", _bars(10), source="t", fetched_at="t", covers=(date(2020, 1, 1), date(2020, 1, 10)))
    finally:
        blocker.execute("ROLLBACK")
    assert store.bars("X", date(2020, 1, 1), date(2030, 1, 1)) == []
    assert not store.covers("X", date(2020, 1, 1), date(2020, 1, 10))
    store.put_bars("X", _bars(10), source="t", fetched_at="t")  # the lock is gone: it works
    assert len(store.bars("X", date(2020, 1, 1), date(2030, 1, 1))) == 10


def test_a_migration_waits_for_the_lock_and_says_so_when_it_cannot(tmp_path):
    path = tmp_path / "prices.sqlite"
    PriceStore(path).close()
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")  # an older store
    db.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreLocked, match=r"\[E032\]"):
            PriceStore(path, busy_timeout_s=0.2)
    finally:
        db.execute("ROLLBACK")
    assert PriceStore(path).schema_version == SCHEMA_VERSION


# -- disk full -----------------------------------------------------------------------------------

def test_a_full_disk_is_a_coded_error_and_the_write_is_rolled_back_whole(tmp_path):
    path = tmp_path / "prices.sqlite"
    store = PriceStore(path)
    store.put_bars("KEEP", _bars(10), source="t", fetched_at="t")
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages + 2}")  # SQLite's own "disk is full"
    with pytest.raises(StoreFull, match=r"\[E033\].*full.*nothing was written"):
        store.put_bars("BIG", _bars(20_000), source="t", fetched_at="t",
                       covers=(date(2020, 1, 1), date(2074, 1, 1)))
    fresh = PriceStore(path)
    assert fresh.bars("BIG", date(2020, 1, 1), date(2080, 1, 1)) == []
    assert not fresh.covers("BIG", date(2020, 1, 1), date(2021, 1, 1))
    assert len(fresh.bars("KEEP", date(2020, 1, 1), date(2080, 1, 1))) == 10
    store.put_bars("SMALL", _bars(1), source="t", fetched_at="t")  # the connection is still usable


def test_a_full_disk_during_a_check_ends_the_run_with_exit_1(tmp_path, data_dir, price_files, monkeypatch):
    """Bars fetched but not storable: a clear error, not a verdict from half a cache."""
    import pipeline.prices.yahoo as yahoo
    from tests.yahoo_replay import ReplaySession

    real_init = yahoo.YahooSource.__init__
    monkeypatch.setattr(yahoo.YahooSource, "__init__", lambda self, cache_dir=None, **kw: real_init(
        self, cache_dir=cache_dir, session=ReplaySession(price_files), sleep=lambda s: None))
    real_open = PriceStore._open

    def tiny_disk(self):  # fill the file up to a page limit: SQLite's own "disk is full"
        real_open(self)
        pages = self._db.execute("PRAGMA page_count").fetchone()[0]
        self._db.execute(f"PRAGMA max_page_count = {pages + 1}")
        try:
            for i in range(100_000):  # every table page full: the next bar needs a new page
                self._db.execute("INSERT INTO bars VALUES ('FILL', ?, 1, 1, 1, 1, 1, 1, 's', 'f')",
                                 (f"{i:08d}",))
        except sqlite3.OperationalError:
            pass

    monkeypatch.setattr(PriceStore, "_open", tiny_disk)
    result = runner.invoke(app, ["check", "-", "--published", "2025-12-13"],
                           input="On December 12, Broadcom fell 11.4%.",
                           env={"TICKERCHECK_HOME": str(tmp_path), "TICKERCHECK_DATA": str(data_dir)})
    assert result.exit_code == 1 and "E033" in result.output


# -- older and newer schemas ---------------------------------------------------------------------

_V0_DDL = """
CREATE TABLE bars (symbol TEXT NOT NULL, date TEXT NOT NULL, open REAL, high REAL, low REAL,
    close REAL NOT NULL, adj_close REAL, volume REAL, source TEXT NOT NULL, fetched_at TEXT NOT NULL,
    PRIMARY KEY (symbol, date)) WITHOUT ROWID;
CREATE TABLE coverage (symbol TEXT NOT NULL, start TEXT NOT NULL, end TEXT NOT NULL,
    source TEXT NOT NULL, fetched_at TEXT NOT NULL);
CREATE INDEX coverage_symbol ON coverage (symbol);
"""


@pytest.mark.parametrize("old_version", [0, 1, 2])
def test_an_older_store_is_migrated_keeping_its_bars(tmp_path, old_version):
    path = tmp_path / "prices.sqlite"
    db = sqlite3.connect(path)
    db.executescript(_V0_DDL)
    if old_version >= 1:
        db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                         f"INSERT INTO meta VALUES ('schema_version', '{old_version}');")
    db.execute("INSERT INTO bars VALUES ('AVGO', '2025-12-12', 1, 2, 0.5, 359.93, 358.49, 10, 'csv', 's')")
    copies = ("a",) if old_version == 2 else ("a", "b", "c")  # version 1 appended a coverage row per fetch
    for fetched in copies:
        db.execute("INSERT INTO coverage VALUES ('AVGO', '2025-12-01', '2025-12-12', 'yahoo.v1', ?)", (fetched,))
    if old_version == 2:  # a version-2 file as version 2 left it
        db.executescript("DROP INDEX coverage_symbol;"
                         "CREATE UNIQUE INDEX coverage_range ON coverage (symbol, start, end, source);")
    db.commit()
    db.close()

    store = PriceStore(path)
    assert store.schema_version == SCHEMA_VERSION
    assert [b.close for b in store.bars("AVGO", DAY, DAY)] == [359.93]
    assert store.covers("AVGO", date(2025, 12, 2), DAY)
    assert store._db.execute("SELECT count(*) FROM coverage").fetchone()[0] == 1
    store.put_bars("AVGO", [], source="yahoo.v1", fetched_at="d", covers=(date(2025, 12, 1), DAY))
    assert store._db.execute("SELECT count(*) FROM coverage").fetchone()[0] == 1  # no longer grows
    # version 3: provider share counts, with their own coverage (never mistaken for bars')
    assert not store.shares_cover("AVGO", date(2025, 1, 1), DAY)
    store.put_shares("AVGO", [(DAY, 4722365022)], source="yahoo.shares.v1", fetched_at="e",
                     covers=(date(2024, 12, 11), DAY))
    assert store.shares_on("AVGO", date(2024, 12, 11), DAY) == (4722365022, DAY, "yahoo.shares.v1", "e")
    assert store.shares_cover("AVGO", date(2025, 1, 1), DAY)
    assert not store.covers("AVGO", date(2024, 12, 11), DAY)  # the bars' coverage is untouched


def test_a_store_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "prices.sqlite"
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                     "INSERT INTO meta VALUES ('schema_version', '99');")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match=r"\[E030\].*newer tickercheck \(schema 99"):
        PriceStore(path)
    assert sqlite3.connect(path).execute("SELECT value FROM meta").fetchone() == ("99",)


# -- several processes ---------------------------------------------------------------------------

ROUNDS, BATCH = 25, 200


def _writer(path: str, symbol: str) -> None:
    store = PriceStore(path)
    for round_no in range(1, ROUNDS + 1):  # every round rewrites all bars with its own number
        store.put_bars(symbol, _bars(BATCH, close=float(round_no)), source="w", fetched_at=str(round_no))


def _reader(path: str, symbols: list[str], stop, torn) -> None:
    store = PriceStore(path)
    while not stop.is_set():
        for symbol in symbols:
            closes = {b.close for b in store.bars(symbol, date(2019, 1, 1), date(2030, 1, 1))}
            count = len(store.bars(symbol, date(2019, 1, 1), date(2030, 1, 1)))
            if len(closes) > 1 or count not in (0, BATCH):
                torn.value += 1


def test_concurrent_writers_and_readers_never_see_a_partial_write(tmp_path):
    path = str(tmp_path / "prices.sqlite")
    PriceStore(path).close()
    ctx = multiprocessing.get_context("spawn")
    stop, torn = ctx.Event(), ctx.Value("i", 0)
    symbols = ["W1", "W2", "W3"]
    readers = [ctx.Process(target=_reader, args=(path, symbols, stop, torn)) for _ in range(2)]
    writers = [ctx.Process(target=_writer, args=(path, s)) for s in symbols]
    for p in readers + writers:
        p.start()
    for p in writers:
        p.join(120)
    stop.set()
    for p in readers:
        p.join(30)
    assert [p.exitcode for p in writers + readers] == [0] * 5
    assert torn.value == 0
    final = PriceStore(path)
    for symbol in symbols:
        assert {b.close for b in final.bars(symbol, date(2019, 1, 1), date(2030, 1, 1))} == {float(ROUNDS)}
