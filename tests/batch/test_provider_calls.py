"""Provider calls grow with distinct symbols (÷ group size), not with claims: one batched call
per chunk for what the store lacks, none once the store is warm."""
from __future__ import annotations

from datetime import date
from datetime import date as D

import pytest

from pipeline.errors import ProviderError
from pipeline.prices.gather import Horizon, gather
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


# A batch run remembers the span of the windows its chunks needed (gather.Horizon): a symbol
# first met in a later chunk is fetched for that whole span, so the run's later windows for it
# come from the store. Dates: real AVGO/AMD bars around December 2025.
HORIZON_FEED = [
    {"id": "h1", "published": "2025-12-13", "source": "team", "url": "",
     "text": "On December 1, Broadcom rose 1%. On December 12, Broadcom fell 11.4%."},
    {"id": "h2", "published": "2025-12-13", "source": "team", "url": "",
     "text": "On December 12, AMD fell 4.8%."},
    {"id": "h3", "published": "2025-12-13", "source": "team", "url": "",
     "text": "On December 1, AMD rose 1%."},
]


def test_a_later_chunk_finds_its_window_in_the_runs_span(tmp_path, data_dir):
    source = CountingSource(data_dir / "prices")
    feed = write_jsonl(tmp_path / "in.jsonl", HORIZON_FEED)
    run([feed], tmp_path / "out.jsonl", tmp_path, chunk_size=1,
        settings=settings(tmp_path, offline=False), source=source)
    assert [symbols for symbols, _, _ in source.calls] == [("AVGO",), ("AMD",)]  # h3: no call
    assert source.calls[1][1:] == source.calls[0][1:]  # AMD was asked for the whole span so far
    rows = read_rows(tmp_path / "out.jsonl")
    assert [(r["article_id"], r["symbol"], r["provider"]) for r in rows] == [
        ("h1", "AVGO", "counting-fake"), ("h1", "AVGO", "counting-fake"),
        ("h2", "AMD", "counting-fake"), ("h3", "AMD", "counting-fake")]


@pytest.mark.parametrize("span, window, today, expected", [
    (None, (D(2025, 6, 2), D(2025, 6, 9)), D(2025, 12, 13), (D(2025, 6, 2), D(2025, 6, 9))),
    ((D(2024, 1, 2), D(2025, 12, 12)), (D(2025, 6, 2), D(2025, 6, 9)), D(2025, 12, 13),
     (D(2024, 1, 2), D(2025, 12, 12))),
    # the span reaches today: widened only to yesterday, whose session is closed
    ((D(2024, 1, 2), D(2025, 12, 13)), (D(2025, 6, 2), D(2025, 6, 9)), D(2025, 12, 13),
     (D(2024, 1, 2), D(2025, 12, 12))),
    # what the window itself asks for is kept, even today
    ((D(2024, 1, 2), D(2025, 12, 13)), (D(2025, 12, 1), D(2025, 12, 13)), D(2025, 12, 13),
     (D(2024, 1, 2), D(2025, 12, 13))),
])
def test_horizon_around(span, window, today, expected):
    horizon = Horizon()
    horizon.span = span
    assert horizon.around(*window, today) == expected


class GapSource(CountingSource):
    """Real bars with one session left out for one symbol: a partial answer gather must refuse."""

    def __init__(self, prices_dir, symbol: str, gap: D):
        super().__init__(prices_dir)
        self.symbol, self.gap = symbol, gap

    def fetch(self, symbols, start, end):
        out = super().fetch(symbols, start, end)
        if self.symbol in out:
            out[self.symbol] = [b for b in out[self.symbol] if b.date != self.gap]
        return out


def test_a_refused_series_is_not_asked_again_in_the_same_run(tmp_path, data_dir):
    source = GapSource(data_dir / "prices", "AMD", D(2025, 12, 5))
    store = PriceStore(tmp_path / "p.sqlite")
    horizon = Horizon()
    first = {"AMD": (D(2025, 12, 1), D(2025, 12, 12)), "AVGO": (D(2025, 12, 1), D(2025, 12, 12))}
    out = gather(first, store, source, offline=False, horizon=horizon.widen(first))
    assert isinstance(out["AMD"], ProviderError) and "2025-12-05" in str(out["AMD"])
    assert out["AVGO"].bars  # the whole series of the same call is stored and used
    inside = {"AMD": (D(2025, 12, 8), D(2025, 12, 12))}
    again = gather(inside, store, source, offline=False, horizon=horizon.widen(inside))
    assert again["AMD"] is out["AMD"] and len(source.calls) == 1
    outside = {"AMD": (D(2025, 11, 3), D(2025, 11, 7))}
    gather(outside, store, source, offline=False, horizon=horizon.widen(outside))
    assert len(source.calls) == 2  # a window beyond the refused span is asked for
