"""Is a provider's daily series whole? Checked before it is stored or used.

A partial answer (a session missing in the middle) would make a daily change span two days,
and time stamps in the wrong zone shift every bar onto the day before: both would turn a true
claim into a false verdict. So a series with either fault is refused and its claims become
NOT_CHECKED. Only calendars whose Yahoo series follow exchange_calendars exactly are checked:
US listings (XNYS) and crypto (every UTC day). Other exchanges' Yahoo series keep special
sessions and holidays of their own, and a rule that misfires there would refuse good data.
A crypto series shifted by whole days still looks whole: that fault is not detectable here.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Sequence

import pandas as pd

from pipeline.resolve.sessions import CRYPTO, Sessions, calendar_name
from pipeline.types import Bar

_CHECKED = ("XNYS", CRYPTO)


def series_problem(symbol: str, bars: Sequence[Bar], end: date, today: date) -> str | None:
    """Why the bars cannot be trusted, or None. `end` is the last day asked for; bars for
    `today` or later are never expected (that session may still be open)."""
    name = calendar_name(symbol)
    if name not in _CHECKED or not bars:
        return None
    last = min(end, today - timedelta(days=1))
    first = bars[0].date
    if last < first:
        return None
    expected = _sessions(Sessions(name), first, last)
    days = [b.date for b in bars]
    off = [d for d in days if d <= last and d not in expected]
    if off:
        return (f"{symbol} bars are dated on days that are not {name} sessions ({_list(off)}): "
                "the provider's time stamps are off")
    missing = sorted(expected - set(days))
    if missing:
        return f"{symbol} bars are missing for the sessions {_list(missing)}: a partial answer"
    return None


def _sessions(sessions: Sessions, first: date, last: date) -> set[date]:
    if sessions.cal is None:  # crypto: every UTC day
        return {first + timedelta(days=i) for i in range((last - first).days + 1)}
    return {ts.date() for ts in sessions.cal.sessions_in_range(pd.Timestamp(first), pd.Timestamp(last))}


def _list(days: list[date]) -> str:
    shown = ", ".join(d.isoformat() for d in days[:3])
    return shown + (f" and {len(days) - 3} more" if len(days) > 3 else "")
