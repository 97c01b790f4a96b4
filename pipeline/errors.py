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


class MalformedRecord(InputError):
    """A batch input record cannot be read (bad JSON or CSV row, no text field): an error row."""

    code = "E030"


class DuplicateRecord(InputError):
    """A batch record repeats an article id seen earlier in the feed: an error row."""

    code = "E031"


class ExtractionFailed(TickercheckError):
    """The NLP pipeline failed on one article of a batch: an error row, the batch goes on."""

    code = "E032"
