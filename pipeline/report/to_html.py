"""Report → one self-contained HTML file: styles, script and SVG charts inline, no link to
anything outside the file, so it can be mailed, archived or opened offline."""
from __future__ import annotations

from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from pipeline.report.view import BarsFor, report_view
from pipeline.types import Report

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
ASSETS = HERE / "assets"


def template_env(*extra_dirs: Path) -> Environment:
    """Autoescaping Jinja environment over the report templates (plus the caller's own)."""
    return Environment(loader=FileSystemLoader([*extra_dirs, TEMPLATES]),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=1)
def _inline_assets() -> tuple[Markup, Markup]:
    css = (ASSETS / "report.css").read_text(encoding="utf-8")
    js = (ASSETS / "report.js").read_text(encoding="utf-8")
    return Markup(css), Markup(js)  # our own files, not user input


def to_html(report: Report, bars_for: BarsFor | None = None) -> str:
    """bars_for(claim) → the bars to chart (e.g. from the price store); None: no charts."""
    css, js = _inline_assets()
    return template_env().get_template("report.html").render(
        view=report_view(report, bars_for), css=css, js=js,
        generated=datetime.now(timezone.utc).isoformat(timespec="seconds"))
