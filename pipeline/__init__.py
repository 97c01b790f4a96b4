"""tickercheck: extract numeric market claims from text and check them against real prices.

Importing this package loads no model and does no I/O; `check_text` builds what it needs.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "check_text", "Checker"]


def __getattr__(name: str):
    # Lazy: spaCy and pandas load only when a check is actually requested.
    if name in ("check_text", "Checker"):
        from pipeline import run

        return getattr(run, name)
    raise AttributeError(name)
