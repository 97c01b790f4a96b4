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


class SharesSource(Protocol):
    """A provider that also reports shares outstanding (for market-value claims). Optional: a
    PriceSource without a `shares` method simply has no counts to offer."""

    name: str

    def shares(self, symbol: str, start: date, end: date) -> list[tuple[date, float]]:
        """Dated counts with start <= as_of <= end, ascending ([] when there are none).

        RAISES ProviderError when the provider cannot answer.
        """
        ...
