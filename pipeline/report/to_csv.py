"""Report → CSV: one row per claim, the figures both as display text and as raw numbers,
so a spreadsheet can sort on them without parsing "−4.47%"."""
from __future__ import annotations

import csv
import io

from pipeline.report import display
from pipeline.types import Report

COLUMNS = (
    "quote", "start", "end", "symbol", "kind", "session", "period_start", "period_end",
    "claimed", "actual", "band", "actual_value", "band_low", "band_high", "label",
    "explanation", "hint", "published", "policy",
)


def to_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for c in report.claims:
        r, cand, v = c.claim, c.claim.candidate, c.verdict
        writer.writerow({
            "quote": _cell(cand.quote), "start": cand.start, "end": cand.end,
            "symbol": r.symbol or "", "kind": cand.kind.value,
            "session": r.session.isoformat() if r.session else "",
            "period_start": r.period.start.isoformat() if r.period else "",
            "period_end": r.period.end.isoformat() if r.period else "",
            "claimed": display.claimed(c), "actual": display.actual(c), "band": display.band(c),
            "actual_value": "" if v.actual is None else repr(v.actual),
            "band_low": _number(v.band[0] if v.band else None),
            "band_high": _number(v.band[1] if v.band else None),
            "label": v.label.value, "explanation": _cell(v.explanation), "hint": _cell(v.hint or ""),
            "published": report.article.published.isoformat(), "policy": report.policy,
        })
    return out.getvalue()


def _number(x: float | None) -> str:
    return "" if x is None else repr(round(x, 10))


def _cell(text: str) -> str:
    """Quotes come from user text: defuse spreadsheet formulas ("=HYPERLINK(...)") by prefixing
    a quote mark, the usual CSV-injection guard."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
