"""Export formats shared by `tickercheck check --format` and the page's download buttons:
name → renderer, file suffix and media type."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from pipeline.report.charts import chart_bars
from pipeline.report.to_claimreview import to_claimreview_json
from pipeline.report.to_csv import to_csv
from pipeline.report.to_html import to_html
from pipeline.report.to_json import to_json
from pipeline.run import Checker
from pipeline.types import Report


@dataclass(frozen=True)
class Exporter:
    render: Callable[[Report, Checker], str]
    suffix: str
    media_type: str


EXPORTERS = {
    "json": Exporter(lambda report, _: to_json(report), "json", "application/json"),
    "csv": Exporter(lambda report, _: to_csv(report), "csv", "text/csv; charset=utf-8"),
    "html": Exporter(lambda report, checker: to_html(report, lambda c: chart_bars(checker.store, c)),
                     "html", "text/html; charset=utf-8"),
    "claimreview": Exporter(lambda report, _: to_claimreview_json(report), "claimreview.jsonld", "application/ld+json"),
}
