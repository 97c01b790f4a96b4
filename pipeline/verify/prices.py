"""Pure checks of price levels against one session's bar: "closed at $189.97" (the close),
"fell to $360" (the close, or the day's range), "briefly hit $124,000" (the high or low),
"trades at $230.18" (anywhere in the day's range), and an index's level in points ("the Nasdaq
closed at 23,195.17"), which is checked the same way against the index's bar."""
from __future__ import annotations

from pipeline.types import Bar, Label, Qualifier, Verdict
from pipeline.verify.magnitude import check_magnitude
from pipeline.verify.policy import Policy


def check_price(level: str, value: float, step: float, qualifier: Qualifier, bar: Bar,
                symbol: str, policy: Policy) -> tuple[Label, str, float, tuple]:
    """RETURNS (label, explanation, actual, band)."""
    q = qualifier or Qualifier.EXACT
    if level == "intraday high" and bar.high is not None:
        check = check_magnitude(value, step, q, bar.high, policy)
        return check.label, f"{symbol}'s high on {bar.date} was {bar.high:,.2f}", bar.high, check.band
    if level == "intraday low" and bar.low is not None:
        check = check_magnitude(value, step, q, bar.low, policy)
        return check.label, f"{symbol}'s low on {bar.date} was {bar.low:,.2f}", bar.low, check.band
    close = check_magnitude(value, step, q, bar.close, policy)
    if level == "close" or close.label is Label.ACCURATE or bar.low is None or bar.high is None:
        return close.label, f"{symbol} closed at {bar.close:,.2f} on {bar.date}", bar.close, close.band
    # A price "during the session": anything the day traded at holds.
    lo, hi = bar.low, bar.high
    day = f"{symbol} traded between {lo:,.2f} and {hi:,.2f} on {bar.date} (close {bar.close:,.2f})"
    if q in (Qualifier.MORE_THAN, Qualifier.AT_LEAST):
        return (Label.ACCURATE if hi > value else close.label), day, hi, (value, None)
    if q is Qualifier.LESS_THAN:
        return (Label.ACCURATE if lo < value else close.label), day, lo, (None, value)
    half = step / 2
    if lo - half <= value <= hi + half:
        return Label.ACCURATE, day, bar.close, (lo, hi)
    nearest = lo if value < lo else hi
    check = check_magnitude(value, step, q, nearest, policy)
    return check.label, day, nearest, check.band


def price_verdict(level: str, value: float, step: float, qualifier: Qualifier, bar: Bar,
                  symbol: str, policy: Policy, evidence, unit: str | None = "USD") -> Verdict:
    """unit: "USD" for a price, "%" for a yield, "pt" (or None, as the annotations write it)
    for index points."""
    label, what, actual, band = check_price(level, value, step, qualifier, bar, symbol, policy)
    q = "" if qualifier in (None, Qualifier.EXACT) else qualifier.value.replace("_", " ") + " "
    amount = f"${value:,.2f}" if unit == "USD" else f"{value:g}%" if unit == "%" else f"{value:,.2f} points"
    return Verdict(label, f"Claimed {level} {q}{amount}; {what}.", actual=actual,
                   band=band, evidence=evidence)
