"""Report → the plain values the HTML templates show (page and self-contained report alike).

Templates stay logic-free: every figure is formatted here (through `display`) and every chart
is drawn here. Jinja autoescaping then handles all user-supplied text.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Callable

from pipeline.report import display
from markupsafe import Markup

from pipeline.report.charts import chart_svg, uses_intraday
from pipeline.report.highlight import segments
from pipeline.types import Bar, CheckedClaim, Evidence, Kind, Label, Report

BarsFor = Callable[[CheckedClaim], list[Bar]]

LABEL_NAMES = {
    Label.ACCURATE: "Accurate", Label.APPROXIMATELY_ACCURATE: "Approximately accurate",
    Label.MISLEADING: "Misleading", Label.INACCURATE: "Inaccurate",
    Label.UNVERIFIABLE: "Unverifiable", Label.NOT_CHECKED: "Not checked",
}


def report_view(report: Report, bars_for: BarsFor | None = None) -> dict:
    claims = [_claim_view(i, c, bars_for) for i, c in enumerate(report.claims)]
    counts = Counter(c.verdict.label for c in report.claims)
    return {
        "article": report.article,
        "segments": segments(report.article.text, [(c.claim.candidate.start, c.claim.candidate.end) for c in report.claims]),
        "claims": claims,
        "labels": [{"value": lab.value, "name": LABEL_NAMES[lab], "count": counts[lab]} for lab in Label if counts[lab]],
        "set_aside": [c for c in claims if c["set_aside"]],
        "warnings": list(report.warnings),
        "policy": report.policy,
        "version": report.version,
    }


def _claim_view(i: int, c: CheckedClaim, bars_for: BarsFor | None) -> dict:
    cand, v = c.claim.candidate, c.verdict
    if cand.kind is Kind.OUT_OF_SCOPE:
        set_aside = f"out of scope: {cand.reason}" if cand.reason else "out of scope"
    elif c.claim.problem:
        set_aside = f"unresolved: {c.claim.problem}"
    else:
        set_aside = None
    bars = bars_for(c) if bars_for and set_aside is None else []
    return {
        "index": i, "quote": cand.quote, "symbol": c.claim.symbol or "—", "entity": cand.entity,
        "kind": cand.kind.value.replace("_", " "), "when": display.when(c),
        "claimed": display.claimed(c), "actual": display.actual(c), "band": display.band(c),
        "actual_value": v.actual, "label": v.label.value, "label_name": LABEL_NAMES[v.label],
        "explanation": v.explanation, "hint": v.hint, "set_aside": set_aside,
        "evidence": _evidence_note(v.evidence), "chart": _chart(c, bars), "intraday": uses_intraday(c),
    }


def _chart(c: CheckedClaim, bars: list[Bar]) -> Markup | None:
    svg = chart_svg(c, bars) if bars else None
    return Markup(svg) if svg else None  # built from numbers and escaped symbols in charts.py


def _evidence_note(evidence: Evidence | None) -> str | None:
    if evidence is None:
        return None
    n = len(evidence.rows)
    note = f"{n} bar{'' if n == 1 else 's'} from {evidence.provider} ({'adjusted' if evidence.adjusted else 'unadjusted'})"
    if evidence.shares is not None:  # a market value: say where the multiplied count came from
        s = evidence.shares
        note += f"; {s.shares:,.0f} shares from the {s.origin} ({s.describe()})"
    try:  # seeded bars carry a file signature, not a time: show only a real fetch time
        return note + f", fetched {datetime.fromisoformat(evidence.fetched_at):%Y-%m-%d %H:%M %Z}".rstrip()
    except ValueError:
        return note
