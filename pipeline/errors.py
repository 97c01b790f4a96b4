"""The project's exceptions. Every message carries a code, so users can search for it."""
from __future__ import annotations


class TickercheckError(Exception):
    """Base class: anything tickercheck raises on purpose derives from this."""

    code = "E000"

    def __init__(self, message: str):
        super().__init__(f"[{self.code}] {message}")


class InputError(TickercheckError):
    """The input cannot be read as an article (empty, binary, too large)."""

    code = "E001"


class InputTooLarge(InputError):
    """The input is over a size limit (request body or article length)."""

    code = "E004"


class DataDirError(TickercheckError):
    """The data directory (reference lists, price bars) is missing or malformed."""

    code = "E002"


class PriceFileError(TickercheckError):
    """A price CSV is malformed."""

    code = "E003"


class ProviderError(TickercheckError):
    """The price provider failed: network, rate limit, empty answer. Claims become NOT_CHECKED."""

    code = "E010"


class ProviderRateLimited(ProviderError):
    code = "E011"


class PriceDataMissing(ProviderError):
    """The provider answered but had no bars for the symbol and window (yfinance's empty frame)."""

    code = "E012"


class OfflineMiss(TickercheckError):
    """Offline mode and the local store does not hold the bars a claim needs."""

    code = "E013"


class PolicyError(TickercheckError):
    """The tolerance policy file is invalid."""

    code = "E020"


class StoreError(TickercheckError):
    """The local price store cannot be used (it cannot be opened, or it has an unknown schema)."""

    code = "E030"


class StoreCorrupt(StoreError):
    """The store file is damaged. It only caches bars: `tickercheck data seed DIR --rebuild`."""

    code = "E031"


class StoreLocked(StoreError):
    """Another process held the store's write lock longer than the busy timeout."""

    code = "E032"


class StoreFull(StoreError):
    """The disk (or the store's page limit) is full; the write was rolled back whole."""

    code = "E033"


class ServerBusy(TickercheckError):
    """The web server is already checking as many articles as it allows: try again shortly."""

    code = "E040"


class CheckTimedOut(TickercheckError):
    """One check took longer than the web server's per-request limit."""

    code = "E041"


class MalformedRecord(InputError):
    """A batch input record cannot be read (bad JSON or CSV row, no text field): an error row."""

    code = "E050"


class DuplicateRecord(InputError):
    """A batch record repeats an article id seen earlier in the feed: an error row."""

    code = "E051"


class ExtractionFailed(TickercheckError):
    """The NLP pipeline failed on one article of a batch: an error row, the batch goes on."""

    code = "E052"
