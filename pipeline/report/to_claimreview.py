"""Report → schema.org ClaimReview JSON-LD, one object per claim that got a rating.

Fact-checkers publish ClaimReview markup so search engines and aggregators can show the
rating next to the claim. The labels map onto a 1–5 scale (5 = accurate). A claim that was not
rated (UNVERIFIABLE, NOT_CHECKED) has no review to publish, so it is left out; the JSON and
CSV exports keep it.
"""
from __future__ import annotations

import json
from datetime import date

from pipeline.report import display
from pipeline.types import CheckedClaim, Label, Report

RATINGS = {
    Label.ACCURATE: (5, "Accurate"),
    Label.APPROXIMATELY_ACCURATE: (4, "Approximately accurate"),
    # 3 is left unused: no label means "half true".
    Label.MISLEADING: (2, "Misleading"),
    Label.INACCURATE: (1, "Inaccurate"),
}


def to_claimreviews(report: Report, reviewed_on: date | None = None) -> list[dict]:
    reviewed_on = reviewed_on or date.today()
    return [_review(report, c, reviewed_on) for c in report.claims if c.verdict.label in RATINGS]


def to_claimreview_json(report: Report, reviewed_on: date | None = None) -> str:
    return json.dumps(to_claimreviews(report, reviewed_on), indent=2, ensure_ascii=False)


def _review(report: Report, c: CheckedClaim, reviewed_on: date) -> dict:
    value, name = RATINGS[c.verdict.label]
    article = report.article
    claim = {
        "@type": "Claim",
        "datePublished": article.published.date().isoformat(),
        "appearance": {"@type": "CreativeWork", "datePublished": article.published.isoformat()},
    }
    if article.url:
        claim["appearance"]["url"] = article.url
    if article.source:
        claim["author"] = {"@type": "Organization", "name": article.source}
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "datePublished": reviewed_on.isoformat(),
        "claimReviewed": c.claim.candidate.quote,
        "itemReviewed": claim,
        "author": {"@type": "Organization", "name": "tickercheck"},
        "reviewRating": {
            "@type": "Rating", "ratingValue": value, "bestRating": 5, "worstRating": 1,
            "alternateName": name,
        },
        "reviewBody": display.explanation(c),
    }
    if article.url:
        review["url"] = article.url
    return review
