"""Pure checks of moves that are not a close-to-close percentage: a change stated as a
difference (index points, percentage points, basis points of a yield, dollars) and a move
stated while the session was still trading, which daily bars can only bound by the day's range."""
from __future__ import annotations

from pipeline.resolve.symbols import RATE_SYMBOLS
from pipeline.types import Bar, Kind, Label, Qualifier, ResolvedClaim, Verdict
from pipeline.verify.magnitude import check_magnitude
from pipeline.verify.policy import Policy

_UNIT_WORDS = {"pt": "points", "pp": "percentage points", "bp": "basis points", "USD": "dollars"}
# Units of a change stated as a difference between two prices, not as a percentage.
ABSOLUTE_UNITS = frozenset(_UNIT_WORDS)


def change_in(unit: str | None, new: float, old: float) -> float:
    """How far `new` is from `old` in the claim's unit: the difference for ABSOLUTE_UNITS
    (basis points are hundredths of the percent the yield indexes quote), else percent."""
    if unit in ABSOLUTE_UNITS:
        return (new - old) * (100.0 if unit == "bp" else 1.0)
    return (new / old - 1.0) * 100.0


def describe(change: float, unit: str | None) -> str:
    """A computed change: "+1.25%", "+444.23 points", "-0.046 dollars" (cents matter)."""
    if unit not in ABSOLUTE_UNITS:
        return f"{change:+.2f}%"
    return f"{change:+,.{3 if unit == 'USD' else 2}f} {_UNIT_WORDS[unit]}"


def stated(value: float, unit: str | None) -> str:
    """A claimed figure as written: "5.1%", "23.77 dollars"."""
    return f"{value:g} {_UNIT_WORDS[unit]}" if unit in ABSOLUTE_UNITS else f"{value:g}%"


def unit_problem(claim: ResolvedClaim) -> str | None:
    """Why the claim's unit cannot be checked against the symbol's quotes, if it cannot: a
    rate's change ("up 5 basis points") of something not quoted as a rate, or a change in a
    currency the store does not quote in ("down 12 yen")."""
    c = claim.candidate
    if c.unit in ("pp", "bp") and claim.symbol not in RATE_SYMBOLS:
        return f"A change in {_UNIT_WORDS[c.unit]} of {claim.symbol}, which is not quoted as a rate."
    if c.value is not None and c.unit not in ABSOLUTE_UNITS and c.unit not in ("%", None):
        return f"A change in {c.unit}; the price store quotes {claim.symbol} in its listing currency."
    return None


def absolute_move(claim: ResolvedClaim, prev: Bar, cur: Bar, policy: Policy, evidence) -> Verdict:
    """A change stated as a difference, against the close before: to the session's close, or
    to its high or low when the claim is the day's extreme ("up as much as 500 points")."""
    c = claim.candidate
    extreme = c.kind is Kind.INTRADAY and c.qualifier is Qualifier.AS_MUCH_AS
    reached = (cur.low if c.direction == "down" else cur.high) if extreme else cur.close
    if reached is None:
        return Verdict(Label.UNVERIFIABLE, f"No intraday range for {claim.symbol} on {cur.date}.", evidence=evidence)
    actual = change_in(c.unit, reached, prev.close)
    check = check_magnitude(c.value, c.step or 1.0, c.qualifier or Qualifier.EXACT, abs(actual), policy)
    wrong_way = c.direction is not None and (actual < 0) != (c.direction == "down") and actual != 0
    label = Label.INACCURATE if wrong_way else check.label
    at = f"reached {'a low' if c.direction == 'down' else 'a high'} of" if extreme else "closed at"
    what = (f"{claim.symbol} {at} {reached:,.3f} on {cur.date}, {describe(actual, c.unit)} "
            f"from {prev.close:,.3f} on {prev.date}")
    return Verdict(label, f"Claimed {c.direction or ''} {stated(c.value, c.unit)}; {what}.".replace("  ", " "),
                   actual=actual, band=signed_band(check.band, c.direction), evidence=evidence)


def within_day(claim: ResolvedClaim, prev: Bar, cur: Bar, policy: Policy, evidence) -> Verdict:
    """A move reported mid-session (or premarket): true if the price was there at some point,
    which daily bars show as the day's range (open included) against the previous close. The
    range is read in the claim's unit: percent, or points or dollars for a stated difference."""
    c = claim.candidate
    lo = change_in(c.unit, min(cur.low, cur.open or cur.low), prev.close)
    hi = change_in(c.unit, max(cur.high, cur.open or cur.high), prev.close)
    claimed = -c.value if c.direction == "down" else c.value
    half = (c.step or 1.0) / 2
    what = (f"{claim.symbol} traded from {describe(lo, c.unit)} to {describe(hi, c.unit)} against the previous close "
            f"{prev.close:,.2f} on {cur.date} (close {describe(change_in(c.unit, cur.close, prev.close), c.unit)})")
    if lo - half <= claimed <= hi + half:
        return Verdict(Label.ACCURATE, f"Claimed {c.direction or ''} {stated(c.value, c.unit)} during the session; {what}.",
                       actual=claimed, band=(lo, hi), evidence=evidence)
    nearest = lo if claimed < lo else hi
    check = check_magnitude(c.value, c.step or 1.0, c.qualifier or Qualifier.EXACT, abs(nearest), policy)
    wrong_way = (nearest < 0) != (c.direction == "down")
    label = Label.INACCURATE if wrong_way else check.label
    return Verdict(label, f"Claimed {c.direction or ''} {stated(c.value, c.unit)} during the session; {what}.",
                   actual=nearest, band=(lo, hi), evidence=evidence)


def signed_band(band, direction):
    """A band of magnitudes as signed values of the claim's direction."""
    lo, hi = band
    if direction == "down":
        return (-hi if hi is not None else None, -lo if lo is not None else None)
    return (lo, hi)
