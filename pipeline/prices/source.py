"""The provider interface. The run layer talks to this; only `yahoo.py` knows yfinance."""
from __future__ import annotations

from datetime import date
from typing import Protocol, Sequence

from pipeline.errors import ProviderError
from pipeline.types import Bar

FetchResult = dict[str, "list[Bar] | ProviderError"]


class PriceSource(Protocol):
    name: str

    def fetch(self, symbols: Sequence[str], start: date, end: date) -> FetchResult:
        """Daily bars for every symbol, start..end inclusive, in one batched call.

        Never raises for one symbol's failure: that symbol maps to a ProviderError instead.
        """
        ...
