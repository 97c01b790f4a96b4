"""The batch output's row shapes: one flat row per claim (the JSON contract of
CheckedClaim.to_dict, flattened so every format — Parquet, CSV, JSONL — has the same columns),
and one row per failed record."""
from __future__ import annotations

import json

from pipeline.types import Article, CheckedClaim

CLAIM_COLUMNS = (
    "article_id", "published", "source", "url", "claim_index",
    "quote", "start", "end", "entity", "symbol", "kind", "direction", "value", "unit", "qualifier",
    "session", "period_start", "period_end", "level", "time_text",
    "label", "actual", "band_low", "band_high", "explanation", "hint",
    "provider", "fetched_at", "evidence", "shares",
)
ERROR_COLUMNS = ("record", "article_id", "code", "error")


def claim_row(article: Article, index: int, checked: CheckedClaim) -> dict:
    contract = checked.to_dict()
    verdict = contract.pop("verdict")
    period = contract.pop("period") or {}
    band = verdict["band"] or (None, None)
    evidence = verdict["evidence"]
    row = {
        "article_id": article.id, "published": article.published.isoformat(),
        "source": article.source, "url": article.url, "claim_index": index,
        **contract,
        "period_start": period.get("start"), "period_end": period.get("end"),
        "label": verdict["label"], "actual": verdict["actual"],
        "band_low": band[0], "band_high": band[1],
        "explanation": verdict["explanation"], "hint": verdict["hint"],
        "provider": evidence["provider"] if evidence else None,
        "fetched_at": evidence["fetched_at"] if evidence else None,
        # the bars that decided the verdict, as the contract's JSON (one string column)
        "evidence": json.dumps(evidence["rows"]) if evidence else None,
        # market-value claims: the share count multiplied, its date, source and origin
        "shares": json.dumps(evidence["shares"]) if evidence and evidence.get("shares") else None,
    }
    return {name: row[name] for name in CLAIM_COLUMNS}
