"""Provider calls grow with distinct symbols (÷ group size), not with claims: one batched call
per chunk for what the store lacks, none once the store is warm."""
from __future__ import annotations

from datetime import date

from pipeline.prices.gather import gather
from pipeline.prices.store import PriceStore
from tests.batch.counting import CountingSource
from tests.batch.helpers import TEAM, read_rows, run, settings, write_jsonl


def test_one_call_per_chunk_then_the_store_answers(tmp_path, data_dir):
    source = CountingSource(data_dir / "prices")
    records = [dict(r, id=f"{r['id']}-{i}") for i in range(5) for r in TEAM]  # 20 articles, 15 claims on 3 symbols
    feed = write_jsonl(tmp_path / "in.jsonl", records)
    summary = run([feed], tmp_path / "out.jsonl", tmp_path, chunk_size=20,
                  settings=settings(tmp_path, offline=False), source=source)
    assert summary["claims"] >= 15
    assert len(source.calls) == 1
    symbols, start, end = source.calls[0]
    assert set(symbols) == {"AVGO", "AMD", "ORCL", "NVDA"}
    rows = read_rows(tmp_path / "out.jsonl")
    assert {r["provider"] for r in rows if r["symbol"] == "AVGO"} == {"counting-fake"}
    run([feed], tmp_path / "again.jsonl", tmp_path, chunk_size=5,
        settings=settings(tmp_path, offline=False), source=source)
    assert len(source.calls) == 1  # warm store: no new call, whatever the chunking


def test_gather_groups_symbols_per_call(tmp_path, data_dir):
    source = CountingSource(data_dir / "prices")
    store = PriceStore(tmp_path / "p.sqlite")
    windows = {f"SYM{i:03d}": (date(2025, 12, 1), date(2025, 12, 12)) for i in range(120)}
    out = gather(windows, store, source, offline=False, group_size=50)
    assert [len(symbols) for symbols, _, _ in source.calls] == [50, 50, 20]
    assert all(out[s].bars == () for s in windows)
    gather(windows, store, source, offline=False, group_size=50)
    assert len(source.calls) == 3  # the empty answers are remembered as covered
