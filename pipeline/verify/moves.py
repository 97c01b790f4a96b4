"""Pure checks of moves that are not a close-to-close percentage: a move in points (index
points, percentage points, basis points of a yield) and a move stated while the session was
still trading, which daily bars can only bound by the day's range."""
from __future__ import annotations

from pipeline.resolve.symbols import RATE_SYMBOLS
from pipeline.types import Bar, Label, Qualifier, ResolvedClaim, Verdict
from pipeline.verify.magnitude import check_magnitude
from pipeline.verify.policy import Policy

_UNIT_WORDS = {"pt": "points", "pp": "percentage points", "bp": "basis points"}


def absolute_move(claim: ResolvedClaim, prev: Bar, cur: Bar, policy: Policy, evidence) -> Verdict:
    c = claim.candidate
    delta = cur.close - prev.close
    scale = 100.0 if c.unit == "bp" else 1.0  # the yield indexes quote percent: 5 bp is 0.05
    if c.unit in ("pp", "bp") and claim.symbol not in RATE_SYMBOLS:
        return Verdict(Label.UNVERIFIABLE, f"A change in {_UNIT_WORDS[c.unit]} of {claim.symbol}, "
                       "which is not quoted as a rate.", evidence=evidence)
    actual = delta * scale
    check = check_magnitude(c.value, c.step or 1.0, c.qualifier or Qualifier.EXACT, abs(actual), policy)
    wrong_way = c.direction is not None and (actual < 0) != (c.direction == "down") and actual != 0
    label = Label.INACCURATE if wrong_way else check.label
    what = (f"{claim.symbol} closed at {cur.close:,.3f} on {cur.date}, {actual:+,.2f} {_UNIT_WORDS[c.unit]} "
            f"from {prev.close:,.3f} on {prev.date}")
    return Verdict(label, f"Claimed {c.direction or ''} {c.value:g} {_UNIT_WORDS[c.unit]}; {what}.".replace("  ", " "),
                   actual=actual, band=signed_band(check.band, c.direction), evidence=evidence)


def within_day(claim: ResolvedClaim, prev: Bar, cur: Bar, policy: Policy, evidence) -> Verdict:
    """A move reported mid-session (or premarket): true if the price was there at some point,
    which daily bars show as the day's range (open included) against the previous close."""
    c = claim.candidate
    lo = (min(cur.low, cur.open or cur.low) / prev.close - 1) * 100
    hi = (max(cur.high, cur.open or cur.high) / prev.close - 1) * 100
    claimed = -c.value if c.direction == "down" else c.value
    half = (c.step or 1.0) / 2
    what = (f"{claim.symbol} traded from {lo:+.2f}% to {hi:+.2f}% against the previous close "
            f"{prev.close:,.2f} on {cur.date} (close {(cur.close / prev.close - 1) * 100:+.2f}%)")
    if lo - half <= claimed <= hi + half:
        return Verdict(Label.ACCURATE, f"Claimed {c.direction or ''} {c.value:g}% during the session; {what}.",
                       actual=claimed, band=(lo, hi), evidence=evidence)
    nearest = lo if claimed < lo else hi
    check = check_magnitude(c.value, c.step or 1.0, c.qualifier or Qualifier.EXACT, abs(nearest), policy)
    wrong_way = (nearest < 0) != (c.direction == "down")
    label = Label.INACCURATE if wrong_way else check.label
    return Verdict(label, f"Claimed {c.direction or ''} {c.value:g}% during the session; {what}.",
                   actual=nearest, band=(lo, hi), evidence=evidence)


def signed_band(band, direction):
    """A band of magnitudes as signed values of the claim's direction."""
    lo, hi = band
    if direction == "down":
        return (-hi if hi is not None else None, -lo if lo is not None else None)
    return (lo, hi)
