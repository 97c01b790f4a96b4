"""Report → a terminal table (rich)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from pipeline.report.display import actual, band, claimed, explanation, when
from pipeline.types import Label, Report

COLOURS = {
    Label.ACCURATE: "green", Label.APPROXIMATELY_ACCURATE: "cyan", Label.MISLEADING: "yellow",
    Label.INACCURATE: "red", Label.UNVERIFIABLE: "bright_black", Label.NOT_CHECKED: "magenta",
}


def render_table(report: Report, console: Console) -> None:
    table = Table(title=f"tickercheck — {len(report.claims)} claims, published {report.article.published.isoformat()}",
                  show_lines=True, expand=True)
    fixed = {"no_wrap": True}
    for name, kw in (("#", fixed), ("quote", {"ratio": 2}), ("symbol", fixed), ("session", fixed),
                     ("claimed", fixed), ("actual", fixed), ("band", fixed), ("verdict", fixed), ("explanation", {"ratio": 3})):
        table.add_column(name, **kw)
    for i, c in enumerate(report.claims, 1):
        label = c.verdict.label
        table.add_row(str(i), c.claim.candidate.quote, c.claim.symbol or "—", when(c), claimed(c), actual(c), band(c),
                      f"[{COLOURS[label]}]{label.value}[/]", explanation(c))
    console.print(table)
    console.print(f"Tolerance policy: {report.policy} (band = values accepted as ACCURATE). Evidence rows: --format json.")
    for w in report.warnings:
        console.print(f"[yellow]warning:[/] {w}")
