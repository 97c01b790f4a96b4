"""A counting fake provider at the network edge (the PriceSource protocol): it answers from the
real daily-bar CSVs in the data directory and records every call it gets."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from pipeline.prices.csv_files import price_files, read_price_csv


class CountingSource:
    name = "counting-fake"

    def __init__(self, prices_dir: Path):
        self.files = dict(price_files(prices_dir))
        self.calls: list[tuple[tuple[str, ...], date, date]] = []
        self._bars: dict[str, list] = {}

    def fetch(self, symbols, start: date, end: date):
        self.calls.append((tuple(symbols), start, end))
        out = {}
        for symbol in symbols:
            if symbol in self.files:
                bars = self._bars.setdefault(symbol, read_price_csv(self.files[symbol]))
                out[symbol] = [b for b in bars if start <= b.date <= end]
            else:
                out[symbol] = []  # the provider answered: no bars for this symbol
        return out
