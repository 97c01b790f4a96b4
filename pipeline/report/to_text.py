"""Report → a terminal table (rich)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from pipeline.types import CheckedClaim, Label, Report

COLOURS = {
    Label.ACCURATE: "green", Label.APPROXIMATELY_ACCURATE: "cyan", Label.MISLEADING: "yellow",
    Label.INACCURATE: "red", Label.UNVERIFIABLE: "bright_black", Label.NOT_CHECKED: "magenta",
}


def _claimed(c: CheckedClaim) -> str:
    cand = c.claim.candidate
    if cand.value is None:
        return cand.level or cand.direction or "—"
    sign = "-" if cand.direction == "down" else "+" if cand.direction == "up" else ""
    qual = "" if cand.qualifier is None or cand.qualifier.value == "exact" else cand.qualifier.value.replace("_", " ") + " "
    if cand.unit == "USD":
        return f"{qual}{sign}${cand.value / 1e9:,.1f}B" if cand.value >= 1e9 else f"{qual}${cand.value:,.2f}"
    return f"{qual}{sign}{cand.value:g}{cand.unit or ''}"


def _actual(c: CheckedClaim) -> str:
    v = c.verdict.actual
    if v is None:
        return "—"
    unit = c.claim.candidate.unit
    if c.claim.candidate.kind.value == "market_value":
        return f"{v / 1e9:+,.1f}B"
    if c.claim.candidate.kind.value == "level":
        return f"{v:,.2f}"
    return f"{v:+.2f}{unit or '%'}"


def _band(c: CheckedClaim) -> str:
    band = c.verdict.band
    if not band:
        return "—"
    scale = 1e9 if c.claim.candidate.unit == "USD" and abs(c.claim.candidate.value or 0) >= 1e9 else 1.0
    ends = ["…" if x is None else f"{x / scale:g}" for x in band]
    return f"[{ends[0]}, {ends[1]}]" + ("B" if scale > 1 else "")


def render_table(report: Report, console: Console) -> None:
    table = Table(title=f"tickercheck — {len(report.claims)} claims, published {report.article.published.isoformat()}",
                  show_lines=True, expand=True)
    fixed = {"no_wrap": True}
    for name, kw in (("#", fixed), ("quote", {"ratio": 2}), ("symbol", fixed), ("session", fixed),
                     ("claimed", fixed), ("actual", fixed), ("band", fixed), ("verdict", fixed), ("explanation", {"ratio": 3})):
        table.add_column(name, **kw)
    for i, c in enumerate(report.claims, 1):
        r = c.claim
        when = r.session.isoformat() if r.session else (f"{r.period.start}..{r.period.end}" if r.period else "—")
        label = c.verdict.label
        explanation = c.verdict.explanation + (f" Hint: {c.verdict.hint}" if c.verdict.hint else "")
        table.add_row(str(i), r.candidate.quote, r.symbol or "—", when, _claimed(c), _actual(c), _band(c),
                      f"[{COLOURS[label]}]{label.value}[/]", explanation)
    console.print(table)
    console.print(f"Tolerance policy: {report.policy} (band = values accepted as ACCURATE). Evidence rows: --format json.")
    for w in report.warnings:
        console.print(f"[yellow]warning:[/] {w}")
