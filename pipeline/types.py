"""Plain, frozen data shared by every stage after spaCy.

spaCy stops at extraction: everything downstream takes these dataclasses, so the later stages
are easy to test, pickle and ship to worker processes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum


class Label(str, Enum):
    ACCURATE = "ACCURATE"
    APPROXIMATELY_ACCURATE = "APPROXIMATELY_ACCURATE"
    MISLEADING = "MISLEADING"
    INACCURATE = "INACCURATE"
    UNVERIFIABLE = "UNVERIFIABLE"  # cannot be checked: unknown symbol, no date, no data
    NOT_CHECKED = "NOT_CHECKED"  # provider or system failure; never shown as inaccurate


class Kind(str, Enum):
    DAILY_MOVE = "daily_move"
    INTRADAY = "intraday"
    PERIOD = "period"
    LEVEL = "level"
    MARKET_VALUE = "market_value"
    DIRECTION = "direction"
    OUT_OF_SCOPE = "out_of_scope"


class Qualifier(str, Enum):
    EXACT = "exact"
    ABOUT = "about"
    MORE_THAN = "more_than"
    LESS_THAN = "less_than"
    AT_LEAST = "at_least"
    AS_MUCH_AS = "as_much_as"
    NEARLY = "nearly"


@dataclass(frozen=True, slots=True)
class Article:
    text: str
    published: datetime  # timezone-aware; the reference for every relative time expression
    published_given: bool = True  # False when the caller gave no time and "now" was used
    id: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive


@dataclass(frozen=True, slots=True)
class ClaimCandidate:
    """One claim as read from the text, before symbols and sessions are resolved."""

    quote: str
    start: int
    end: int
    entity: str
    entity_start: int | None
    symbol: str | None  # linked by the extractor from the alias index; None if unknown
    kind: Kind
    direction: str | None  # "up" | "down" | None
    value: float | None  # magnitude as stated, positive
    unit: str | None  # "%", "pp", "USD", ...
    qualifier: Qualifier | None
    time_text: str | None  # the time expression the claim refers to, if any
    move_word: str | None  # the verb or noun that carries the direction ("plummeting")
    step: float | None = None  # one unit of the last stated digit: 0.1 for "5.1%", 1e9 for "$230 billion"
    level: str | None = None  # level claims: "two-week low", "record close"
    reason: str | None = None  # out_of_scope: why the number is not a price move
    note: str | None = None  # e.g. an ambiguous name, an anaphor resolved to an earlier subject
    found_by: str = "rules.v1"


@dataclass(frozen=True, slots=True)
class ResolvedClaim:
    candidate: ClaimCandidate
    symbol: str | None
    calendar: str | None  # exchange_calendars name, or "24/7" for crypto (UTC days)
    session: date | None
    period: Period | None
    problem: str | None = None  # why the claim cannot be checked, if it cannot
    # Another reading of the same words, checked too and named in the verdict when it is the one
    # that matches: the last complete UTC day for a crypto "24 hours", the session before...
    alt_session: date | None = None
    alt_reading: str | None = None  # what alt_session stands for, in words
    notes: tuple[str, ...] = ()  # ambiguity and reading notes a fact-checker should see


@dataclass(frozen=True, slots=True)
class Bar:
    date: date
    open: float | None
    high: float | None
    low: float | None
    close: float
    adj_close: float | None
    volume: float | None


@dataclass(frozen=True, slots=True)
class SharesCount:
    """Shares outstanding used for a market-value claim, and where the figure came from."""

    shares: float
    as_of: date  # the date the count is for (the provider's or the reference's)
    source: str  # the figure's source: "yfinance_info.sharesOutstanding (snapshot)", "yahoo.shares.v1"
    origin: str  # "reference" (the data directory's offline list), "store" or "provider"
    fetched_at: str | None = None  # when the provider was asked (store and provider origins)

    def describe(self) -> str:
        return f"{self.source.split(' (')[0]} as of {self.as_of}"

    def to_dict(self) -> dict:
        return {"shares": self.shares, "as_of": self.as_of.isoformat(), "source": self.source,
                "origin": self.origin, "fetched_at": self.fetched_at}


@dataclass(frozen=True, slots=True)
class Evidence:
    symbol: str
    rows: tuple[Bar, ...]
    provider: str
    adjusted: bool
    fetched_at: str
    shares: SharesCount | None = None  # market-value claims: the share count multiplied

    def to_dict(self) -> dict:
        return {
            "rows": [
                {
                    "date": b.date.isoformat(),
                    "open": b.open,
                    "high": b.high,
                    "low": b.low,
                    "close": b.close,
                    "adj_close": b.adj_close,
                }
                for b in self.rows
            ],
            "provider": self.provider,
            "adjusted": self.adjusted,
            "fetched_at": self.fetched_at,
            # only market-value verdicts carry it: other claims' evidence keeps its shape
            **({"shares": self.shares.to_dict()} if self.shares is not None else {}),
        }


def _clean(x: float | None) -> float | None:
    """Drop binary-float noise (4.85 not 4.8499999999) without losing real precision."""
    return None if x is None else round(x, 10)


@dataclass(frozen=True, slots=True)
class Verdict:
    label: Label
    explanation: str
    actual: float | None = None  # signed, in the claim's unit
    band: tuple[float, float] | None = None  # accepted band for ACCURATE, signed
    evidence: Evidence | None = None
    hint: str | None = None  # correction hint: another reading the figure matches

    def to_dict(self) -> dict:
        return {
            "label": self.label.value,
            "actual": self.actual,
            "band": [_clean(x) for x in self.band] if self.band else None,
            "explanation": self.explanation,
            "hint": self.hint,
            "evidence": self.evidence.to_dict() if self.evidence else None,
        }


@dataclass(frozen=True, slots=True)
class CheckedClaim:
    claim: ResolvedClaim
    verdict: Verdict

    def to_dict(self) -> dict:
        c, r = self.claim.candidate, self.claim
        return {
            "quote": c.quote,
            "start": c.start,
            "end": c.end,
            "entity": c.entity,
            "symbol": r.symbol,
            "kind": c.kind.value,
            "direction": c.direction,
            "value": c.value,
            "unit": c.unit,
            "qualifier": c.qualifier.value if c.qualifier else None,
            "session": r.session.isoformat() if r.session else None,
            "period": (
                {"start": r.period.start.isoformat(), "end": r.period.end.isoformat()}
                if r.period
                else None
            ),
            "level": c.level,
            "time_text": c.time_text,
            "notes": list(r.notes) + ([c.note] if c.note else []),
            "verdict": self.verdict.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Report:
    version: str
    article: Article
    claims: tuple[CheckedClaim, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)
    policy: str = ""  # the tolerance policy's name and version, printed with every report

    def to_dict(self) -> dict:
        a = self.article
        return {
            "tickercheck": self.version,
            "article": {
                "published": a.published.isoformat(),
                "published_given": a.published_given,
                "id": a.id,
                "source": a.source,
                "url": a.url,
                "chars": len(a.text),
            },
            "policy": self.policy,
            "claims": [c.to_dict() for c in self.claims],
            "warnings": list(self.warnings),
        }
