"""`tickercheck data update`: refresh the reference lists from their public sources.

Each file is downloaded whole and replaced atomically (write to a temporary file, then
rename), so an interrupted update never leaves half a list. The HTTP fetch is one function,
`fetch`, so tests replace only the network edge.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from pipeline.errors import DataDirError

# (file in reference/, public URL). Prices are not bulk-downloaded: the store fetches what claims need.
SOURCES = (
    ("sec_company_tickers.json", "https://www.sec.gov/files/company_tickers.json"),
    ("nasdaqlisted.txt", "https://www.nasdaqtrader.com/dynamic/SymDir/nasdaqlisted.txt"),
    ("otherlisted.txt", "https://www.nasdaqtrader.com/dynamic/SymDir/otherlisted.txt"),
)


def fetch(url: str) -> bytes:
    import requests

    # The SEC asks automated clients to identify themselves.
    response = requests.get(url, timeout=30, headers={"User-Agent": "tickercheck data update"})
    response.raise_for_status()
    return response.content


def update_reference(data_dir: Path, fetcher: Callable[[str], bytes] = fetch) -> list[Path]:
    ref = Path(data_dir) / "reference"
    try:
        ref.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataDirError(f"cannot create {ref}: {exc}") from exc
    written = []
    for name, url in SOURCES:
        try:
            body = fetcher(url)
        except Exception as exc:  # the network edge
            raise DataDirError(f"cannot download {url}: {type(exc).__name__}: {exc}") from exc
        if not body.strip():
            raise DataDirError(f"{url} answered with an empty body; {name} left unchanged")
        fd, tmp = tempfile.mkstemp(dir=ref, prefix=f".{name}.")
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        os.replace(tmp, ref / name)
        written.append(ref / name)
    return written
