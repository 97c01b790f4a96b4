"""A small SVG chart per checked claim: the symbol's closes around the session, with the
previous close, the session close and (when the verdict used it) the intraday range marked.

Hand-written SVG rather than a plotting library: a dozen charts render in about a
millisecond each, the markup is a few kilobytes, carries no ids that could collide when many
charts share one page, and is styled by the page's CSS classes. No fonts, scripts or links.
"""
from __future__ import annotations

from datetime import date, timedelta
from html import escape

from pipeline.prices.store import PriceStore
from pipeline.types import Bar, CheckedClaim, Kind

WIDTH, HEIGHT = 360, 150
PAD_L, PAD_R, PAD_T, PAD_B = 52, 12, 14, 26
DAYS_BEFORE, DAYS_AFTER = 35, 10  # calendar days of context around the session


def focus(c: CheckedClaim) -> tuple[date, date] | None:
    """The sessions the claim is about: (start, end); a daily claim has start == end."""
    r = c.claim
    if r.period is not None:
        return r.period.start, r.period.end
    return (r.session, r.session) if r.session else None


def chart_bars(store: PriceStore, c: CheckedClaim) -> list[Bar]:
    """The store's bars around the claim's session: what the chart shows."""
    span = focus(c)
    if span is None or not c.claim.symbol or c.claim.candidate.kind is Kind.OUT_OF_SCOPE:
        return []
    return store.bars(c.claim.symbol, span[0] - timedelta(days=DAYS_BEFORE), span[1] + timedelta(days=DAYS_AFTER))


def uses_intraday(c: CheckedClaim) -> bool:
    return c.claim.candidate.kind is Kind.INTRADAY or "intraday" in (c.verdict.hint or "").lower()


def chart_svg(c: CheckedClaim, bars: list[Bar]) -> str | None:
    """SVG markup, or None when there is nothing to draw (no session, no bars on it)."""
    span = focus(c)
    if span is None or len(bars) < 2:
        return None
    start, end = span
    inside = [i for i, b in enumerate(bars) if start <= b.date <= end]
    if not inside:
        return None
    first, last = inside[0], inside[-1]
    prev = first - 1 if first > 0 else None
    session = bars[last]
    intraday = uses_intraday(c) and session.high is not None and session.low is not None
    values = [b.close for b in bars] + ([session.high, session.low] if intraday else [])
    lo, hi = min(values), max(values)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    margin = (hi - lo) * 0.08
    lo, hi = lo - margin, hi + margin

    def x(i: int) -> float:
        return PAD_L + i * (WIDTH - PAD_L - PAD_R) / (len(bars) - 1)

    def y(v: float) -> float:
        return PAD_T + (hi - v) * (HEIGHT - PAD_T - PAD_B) / (hi - lo)

    symbol = escape(c.claim.symbol or "")
    title = f"{symbol} closes {bars[0].date} to {bars[-1].date}; session {end}"
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{title}">',
        f"<title>{title}</title>",
        # the session (or period) the claim is about, shaded
        f'<rect class="focus" x="{x(first) - 4:.1f}" y="{PAD_T}" width="{x(last) - x(first) + 8:.1f}" '
        f'height="{HEIGHT - PAD_T - PAD_B}"/>',
    ]
    parts += _axes(lo, hi, y, bars, x)
    points = " ".join(f"{x(i):.1f},{y(b.close):.1f}" for i, b in enumerate(bars))
    parts.append(f'<polyline class="closes" points="{points}"/>')
    if intraday:
        parts.append(f'<line class="range" x1="{x(last):.1f}" x2="{x(last):.1f}" '
                     f'y1="{y(session.high):.1f}" y2="{y(session.low):.1f}"><title>intraday range '
                     f'{session.low:,.2f}–{session.high:,.2f}</title></line>')
    if prev is not None:
        p = bars[prev]
        parts.append(f'<line class="prev" x1="{x(prev):.1f}" x2="{WIDTH - PAD_R}" y1="{y(p.close):.1f}" y2="{y(p.close):.1f}"/>')
        parts.append(_dot("prev", x(prev), y(p.close), f"previous close {p.date}: {p.close:,.2f}"))
    parts.append(_dot("close", x(last), y(session.close), f"close {session.date}: {session.close:,.2f}"))
    parts.append(f'<text class="note" x="{WIDTH - PAD_R}" y="{PAD_T - 3}" text-anchor="end">'
                 f'{symbol} close {session.close:,.2f}'
                 + (f" · prev {bars[prev].close:,.2f}" if prev is not None else "") + "</text>")
    parts.append("</svg>")
    return "".join(parts)


def _dot(kind: str, cx: float, cy: float, label: str) -> str:
    return f'<circle class="{kind}" cx="{cx:.1f}" cy="{cy:.1f}" r="3.5"><title>{escape(label)}</title></circle>'


def _axes(lo: float, hi: float, y, bars: list[Bar], x) -> list[str]:
    left, bottom = PAD_L, HEIGHT - PAD_B
    out = [f'<line class="axis" x1="{left}" x2="{WIDTH - PAD_R}" y1="{bottom}" y2="{bottom}"/>']
    for v in (lo + (hi - lo) * k / 3 for k in range(4)):
        out.append(f'<text class="tick" x="{left - 4}" y="{y(v) + 3:.1f}" text-anchor="end">{v:,.{_decimals(hi - lo)}f}</text>')
    last = len(bars) - 1
    for i in sorted({0, last // 2, last}):
        anchor = "start" if i == 0 else "end" if i == last else "middle"  # keep the end labels inside
        out.append(f'<text class="tick" x="{x(i):.1f}" y="{bottom + 14}" text-anchor="{anchor}">{bars[i].date:%b %d}</text>')
    return out


def _decimals(spread: float) -> int:
    return 0 if spread >= 300 else 1 if spread >= 10 else 2
