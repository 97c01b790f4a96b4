"""How one checked claim reads to a person: claimed and actual figures, band, session.

Shared by every human-facing renderer (terminal table, CSV, HTML page and report), so a figure
is formatted the same way wherever a fact-checker sees it.
"""
from __future__ import annotations

from pipeline.types import CheckedClaim, Kind


def claimed(c: CheckedClaim) -> str:
    cand = c.claim.candidate
    if cand.value is None:
        return cand.level or cand.direction or "—"
    sign = "-" if cand.direction == "down" else "+" if cand.direction == "up" else ""
    qual = "" if cand.qualifier is None or cand.qualifier.value == "exact" else cand.qualifier.value.replace("_", " ") + " "
    if cand.unit == "USD":
        return f"{qual}{sign}${cand.value / 1e9:,.1f}B" if cand.value >= 1e9 else f"{qual}${cand.value:,.2f}"
    return f"{qual}{sign}{cand.value:g}{cand.unit or ''}"


def actual(c: CheckedClaim) -> str:
    v = c.verdict.actual
    if v is None:
        return "—"
    unit = c.claim.candidate.unit
    if c.claim.candidate.kind is Kind.MARKET_VALUE:
        return f"{v / 1e9:+,.1f}B"
    if c.claim.candidate.kind is Kind.LEVEL:
        return f"{v:,.2f}"
    return f"{v:+.2f}{unit or '%'}"


def band(c: CheckedClaim) -> str:
    accepted = c.verdict.band
    if not accepted:
        return "—"
    scale = 1e9 if c.claim.candidate.unit == "USD" and abs(c.claim.candidate.value or 0) >= 1e9 else 1.0
    ends = ["…" if x is None else f"{x / scale:g}" for x in accepted]
    return f"[{ends[0]}, {ends[1]}]" + ("B" if scale > 1 else "")


def when(c: CheckedClaim) -> str:
    r = c.claim
    if r.session:
        return r.session.isoformat()
    return f"{r.period.start}..{r.period.end}" if r.period else "—"


def explanation(c: CheckedClaim) -> str:
    return c.verdict.explanation + (f" Hint: {c.verdict.hint}" if c.verdict.hint else "")
