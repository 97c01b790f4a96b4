"""Report → the stable JSON contract. `stable=True` drops volatile fields (fetch times) and
rounds floats, for golden files that diff cleanly."""
from __future__ import annotations

import json

from pipeline.types import Report


def to_dict(report: Report, stable: bool = False) -> dict:
    data = report.to_dict()
    return _stabilise(data) if stable else data


def to_json(report: Report, stable: bool = False) -> str:
    return json.dumps(to_dict(report, stable), indent=2, sort_keys=stable, ensure_ascii=False)


def _stabilise(value, key: str = ""):
    if isinstance(value, dict):
        return {k: _stabilise(v, k) for k, v in value.items() if k not in ("fetched_at", "tickercheck")}
    if isinstance(value, list):
        return [_stabilise(v, key) for v in value]
    if isinstance(value, float):
        return round(value, 4)
    return value
