"""Every US listing's common name, from the Nasdaq screener and SEC lists in the data
directory (read in place), with the team's legal-name rules: "NVIDIA CORP" -> "Nvidia",
"Agilent Technologies Inc. Common Stock" -> "Agilent Technologies". Share classes of one
company ("Alphabet Inc. Class A/C") keep the first-listed class and record the others."""
from __future__ import annotations

import csv
import re
from pathlib import Path

# Security descriptions after the company's name in the Nasdaq list.
_SECURITY = re.compile(r"\s+(?:Class\s+[A-Z]\b.*|Common\s+Stock.*|Ordinary\s+Shares.*|American\s+Depositary.*|"
                       r"Series\s+[A-Z]\b.*|Depositary\s+Shares.*|Units?\b.*|Warrants?\b.*|Rights?\b.*)$", re.I)
_LEGAL = re.compile(r"[,.]?\s+(?:inc\.?|corp\.?|corporation|company|co\.?|plc|ltd\.?|limited|holdings?|"
                    r"group|incorporated|n\.v\.|s\.a\.|ag|se|l\.p\.|lp|llc|trust|the)$", re.I)
# Single-word names that are everyday words: linking them would read prose as tickers.
_COMMON_WORDS = frozenset("""target visa gap block match best key global general united first american
national international energy capital health power data focus core live open select prime edge
trade value vital""".split())
_MIN_CAP_SINGLE_WORD = 2e9  # single-word names only for companies news actually names


def common_name(legal: str) -> str:
    name = re.sub(r"\s*\([^)]*\)", "", legal.strip())  # "(The)", "(Spain)"
    name = re.sub(r"\s+(?:Sponsored|Sponosred|Unsponsored)\b.*$|\s+Registered$", "", name, flags=re.I)
    name = _SECURITY.sub("", name)
    name = re.sub(r"^The\s+", "", name)
    prev = None
    while prev != name:
        prev, name = name, _LEGAL.sub("", name).strip().rstrip("&,").strip()
    if name.isupper() and len(name) > 4:
        name = " ".join(w.capitalize() if len(w) > 3 else w for w in name.split())
    return name


def listing_names(ref: Path) -> list[tuple[str, str]]:
    """(common name, symbol) for every listing worth linking by name, biggest first."""
    path = ref / "nasdaq_screener.csv"
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("symbol") and "^" not in r["symbol"]]
    rows.sort(key=lambda r: -_float(r.get("marketCap")))
    out, seen = [], set()
    for r in rows:
        if re.search(r"warrant|right|unit|preferred|notes due|depositary shares", r["name"], re.I):
            continue
        name = common_name(r["name"])
        words = name.split()
        if len(name) < 4 or name.lower() in seen:
            continue  # a later share class of a company already listed keeps the first class
        if len(words) == 1 and (name.lower() in _COMMON_WORDS or _float(r.get("marketCap")) < _MIN_CAP_SINGLE_WORD):
            continue
        seen.add(name.lower())
        out.append((name, r["symbol"].replace("/", "-").replace(".", "-")))
    return out


def _float(text: str | None) -> float:
    try:
        return float(text or 0)
    except ValueError:
        return 0.0
