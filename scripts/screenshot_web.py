"""Regenerate docs/web-page.png: check the example article on a running local server in
headless Debian chromium and save the results area as a 256-colour PNG.

    tickercheck serve --offline &   # with a seeded store (make serve)
    .venv/bin/python scripts/screenshot_web.py [http://127.0.0.1:8000]
"""
from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT.parent / "shared" / "examples" / "binance-square-post.txt"


def main(url: str = "http://127.0.0.1:8000") -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"))
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.fill("textarea[name=text]", EXAMPLE.read_text(encoding="utf-8"))
        page.fill("input[name=published]", "2025-12-13")
        page.click("#check")
        page.locator("mark.claim", has_text="Oracle continued to fall 4.8%").hover()
        top = page.locator("section.results").bounding_box()["y"] - 12
        bottom = page.locator("table.verdicts").bounding_box()["y"] + 330
        png = page.screenshot(full_page=True, clip={"x": 0, "y": top, "width": 1280, "height": bottom - top})
        browser.close()
    image = Image.open(io.BytesIO(png)).convert("RGB")
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        ROOT / "docs" / "web-page.png", optimize=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
