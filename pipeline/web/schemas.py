"""The JSON API's request and response models: the wire format, documented in OpenAPI.

They mirror `Report.to_dict()` (the contract); a test checks that a real report validates.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

LabelName = Literal["ACCURATE", "APPROXIMATELY_ACCURATE", "MISLEADING", "INACCURATE", "UNVERIFIABLE", "NOT_CHECKED"]


class CheckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"text": "On December 12, Oracle fell 4.8%.", "published": "2025-12-13", "timezone": "UTC"}]})

    text: str = Field(description="The article as plain text (UTF-8). Limited in length; see the error on overflow.")
    published: Optional[str] = Field(None, description="Publication date YYYY-MM-DD (read as noon UTC), or an ISO datetime. "
                                                       "Omitted: now, and the report warns.")
    time: Optional[str] = Field(None, description="Publication time HH:MM, read in `timezone` (with a date in `published`).")
    timezone: Optional[str] = Field(None, description="IANA zone for `time` or a datetime without offset, e.g. America/New_York.")


class Row(BaseModel):
    date: str
    open: Optional[float]
    high: Optional[float]
    low: Optional[float]
    close: float
    adj_close: Optional[float]


class SharesOut(BaseModel):
    shares: float = Field(description="Shares outstanding multiplied by the close-to-close change.")
    as_of: str = Field(description="The date the count is for (YYYY-MM-DD).")
    source: str = Field(description="Where the figure comes from, e.g. yfinance_info.sharesOutstanding (snapshot).")
    origin: Literal["reference", "store", "provider"] = Field(
        description="reference: the data directory's offline list; store: an earlier provider answer; provider: asked now.")
    fetched_at: Optional[str]


class EvidenceOut(BaseModel):
    rows: list[Row]
    provider: str
    adjusted: bool
    fetched_at: str
    shares: Optional[SharesOut] = Field(None, description="Market-value claims only: the share count used.")


class VerdictOut(BaseModel):
    label: LabelName
    actual: Optional[float] = Field(description="Signed actual value in the claim's unit, unrounded.")
    band: Optional[list[Optional[float]]] = Field(description="Signed band accepted as ACCURATE; null end = open.")
    explanation: str
    hint: Optional[str]
    evidence: Optional[EvidenceOut]


class PeriodOut(BaseModel):
    start: str
    end: str


class ClaimOut(BaseModel):
    quote: str
    start: int = Field(description="Character offset of the quote in the submitted text.")
    end: int
    entity: str
    symbol: Optional[str]
    kind: str
    direction: Optional[str]
    value: Optional[float]
    unit: Optional[str]
    qualifier: Optional[str]
    session: Optional[str]
    period: Optional[PeriodOut]
    level: Optional[str]
    time_text: Optional[str]
    verdict: VerdictOut


class ArticleOut(BaseModel):
    published: str
    published_given: bool
    id: Optional[str]
    source: Optional[str]
    url: Optional[str]
    chars: int


class CheckResponse(BaseModel):
    tickercheck: str = Field(description="Version that produced the report.")
    article: ArticleOut
    policy: str
    claims: list[ClaimOut]
    warnings: list[str]


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable error code, e.g. E001 (bad input), E004 (too large), E040 (busy).")
    message: str


class ErrorResponse(BaseModel):
    error: ErrorDetail
