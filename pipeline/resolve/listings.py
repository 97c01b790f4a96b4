"""Every US listing's common name, from the Nasdaq screener and SEC lists in the data
directory (read in place), with the team's legal-name rules: "NVIDIA CORP" -> "Nvidia",
"Agilent Technologies Inc. Common Stock" -> "Agilent Technologies". Share classes of one
company ("Alphabet Inc. Class A/C") keep the first-listed class and record the others."""
from __future__ import annotations

import csv
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Callable, NamedTuple

# Security descriptions after the company's name in the Nasdaq list.
# "- American Depositary Shares", "plc ADS", "Ltd. Common Shares (DE)": an ADR's or a foreign
# issuer's security is described like a US one.
_SECURITY = re.compile(r"\s+(?:-\s+)?(?:Class\s+[A-Z]\b.*|Common\s+Stock.*|Common\s+Shares.*|Ordinary\s+Shares.*|"
                       r"American\s+Depositary.*|ADSs?\b.*|ADRs?\b.*|"
                       r"Series\s+[A-Z]\b.*|Depositary\s+Shares.*|Units?\b.*|Warrants?\b.*|Rights?\b.*)$", re.I)
# Legal forms, European ones too ("BP p.l.c.", "Equinor ASA", "Novo Nordisk A/S", "Natuzzi S.p.A.").
_LEGAL = re.compile(r"[,.]?\s+(?:inc\.?|corp\.?|corporation|company|co\.?|plc\.?|p\.l\.c\.?|ltd\.?|limited|holdings?|"
                    r"group|incorporated|n\.v\.?|s\.a\.?|s\.p\.a\.?|asa|a/s|ag|se|l\.p\.|lp|llc|trust|the)$", re.I)
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


@lru_cache(maxsize=4)
def _screener_rows(ref: Path) -> tuple[dict, ...]:
    """The screener's listings, biggest first: read once per process (both the full names and the
    short names are made from them)."""
    path = ref / "nasdaq_screener.csv"
    if not path.exists():
        return ()
    with open(path, newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r.get("symbol") and "^" not in r["symbol"]]
    rows.sort(key=lambda r: -_float(r.get("marketCap")))
    return tuple(rows)


def listing_names(ref: Path, is_english: Callable[[str], bool] = lambda word: False) -> list[tuple[str, str]]:
    """(common name, symbol) for every listing worth linking by name, biggest first.
    is_english: whether a one-word name is an everyday word ("News" of News Corp)."""
    rows = _screener_rows(ref)
    out, seen = [], set()
    for r in rows:
        # a preferred issue's "Depositary Shares"; an ADR's "American Depositary Shares" are the company
        if re.search(r"warrant|right|unit|preferred|preference|notes due|(?<!american )depositary shares", r["name"], re.I):
            continue
        name = common_name(r["name"])
        words = name.split()
        if name.lower() in seen:
            continue  # a later share class of a company already listed keeps the first class
        if len(name) < 4:  # "FMC": linked only as written with its legal form ("FMC Corp")
            seen.add(name.lower())
            out += [(written, _symbol(r)) for written in with_legal_form(name, r["name"])]
            continue
        if len(words) == 1 and (name.lower() in _COMMON_WORDS or _float(r.get("marketCap")) < _MIN_CAP_SINGLE_WORD
                                or is_english(name)):
            continue
        seen.add(name.lower())
        out.append((name, _symbol(r)))
    return out


# How news writes a legal form: "FMC Corporation" is "FMC Corp", "PVH Corp." "PVH Corp".
_FORM_SPELLINGS = (("corporation", ("Corp", "Corp.", "Corporation")), ("corp", ("Corp", "Corp.", "Corporation")),
                   ("inc", ("Inc", "Inc.")), ("plc", ("plc", "PLC")), ("p.l.c", ("plc", "PLC", "p.l.c.")))


def with_legal_form(name: str, legal: str) -> list[str]:
    """A name too short to link alone ("FMC", "PVH": three letters are also words and codes) as
    news writes it with the listing's legal form: ["FMC Corp", "FMC Corp.", "FMC Corporation"]."""
    m = re.match(re.escape(name) + r",?\s+([a-z.]+)", legal, re.I)
    form = m.group(1).lower().rstrip(".") if m else ""
    return [f"{name} {written}" for key, spellings in _FORM_SPELLINGS if form == key for written in spellings]


# The words after a company's distinctive first word that news drops: "Enphase Energy" is
# "Enphase", "Robinhood Markets" "Robinhood". A name with any other word ("Palo Alto Networks",
# "Delta Air Lines", "Procter & Gamble") keeps its full form.
_GENERIC_REST = frozenset("""energy technology technologies markets pharmaceuticals global systems networks
semiconductor semiconductors communications entertainment software therapeutics platforms brands financial
beauty interactive international industries solutions labs laboratories biosciences health healthcare
resources mining motors foods""".split())


def short_names(ref: Path, is_english: Callable[[str], bool]) -> list[tuple[str, str]]:
    """(first word, symbol) for listings whose name is a distinctive first word plus generic
    words: "Enphase" -> ENPH. Only where the first word starts no other listing's name, is no
    everyday word, and the company is large enough for news to name it so."""
    rows = _screener_rows(ref)
    firsts = Counter(common_name(r["name"]).split()[0].lower() for r in rows if common_name(r["name"]).strip())
    caps = {_symbol(r): _float(r.get("marketCap")) for r in rows}
    out = []
    for name, symbol in listing_names(ref, is_english):
        first, *rest = name.split()
        if rest and len(first) >= 4 and first.isalpha() and first[0].isupper() and firsts[first.lower()] == 1 \
                and all(w.lower() in _GENERIC_REST for w in rest) and not is_english(first) \
                and caps.get(symbol, 0.0) >= _MIN_CAP_SINGLE_WORD:
            out.append((first, symbol))
    return out


# An American depositary receipt: a foreign company's US listing, not its home one.
_ADR = re.compile(r"American\s+Depositary|\bADSs?\b|\bADRs?\b", re.I)


class Listed(NamedTuple):
    symbol: str  # as Yahoo writes it ("BRK-B")
    name: str  # the security's name in the list
    fund: bool  # the list's ETF flag


@lru_cache(maxsize=4)
def nasdaq_listed(ref: Path) -> tuple[Listed, ...]:
    """Every security in the Nasdaq Trader lists (nasdaqlisted.txt, otherlisted.txt), read once
    per process: the tickers and the funds' names both come from here."""
    out = []
    for name, col in (("nasdaqlisted.txt", "Symbol"), ("otherlisted.txt", "ACT Symbol")):
        path = ref / name
        if not path.exists():
            continue
        with open(path, encoding="utf-8") as fh:
            for row in csv.DictReader(fh, delimiter="|"):
                if row.get(col) and not row[col].startswith("File Creation"):
                    out.append(Listed(row[col].upper().replace(".", "-"), (row.get("Security Name") or "").strip(),
                                      row.get("ETF") == "Y"))
    return tuple(out)


def fund_names(ref: Path) -> list[tuple[str, str]]:
    """(name, symbol) for every exchange-traded fund in the Nasdaq lists, as listed and as news
    writes it: without the issuer's brand the SPDR funds took in 2025 ("State Street Technology
    Select Sector SPDR ETF" is still "Technology Select Sector SPDR Fund" in most wires),
    without "Trust" ("SPDR S&P 500 ETF Trust"), and "iShares Russell 2000 Index Fund" as the
    "iShares Russell 2000 ETF" it is now called. The listed name comes first."""
    out = []
    for fund in (x for x in nasdaq_listed(ref) if x.fund and len(x.name.split()) >= 3):
        plain = re.sub(r",? Series 1$", "", fund.name.removeprefix("State Street "))
        written = {plain, re.sub(r" ETF Trust$", " ETF", plain), re.sub(r" Index Fund$", " ETF", plain)}
        if plain != fund.name:
            written.add(re.sub(r" ETF$", " Fund", plain))
        out += [(fund.name, fund.symbol)] + [(w, fund.symbol) for w in sorted(written - {fund.name})]
    return out


def legal_names(ref: Path) -> dict[str, str]:
    """symbol -> the listing's full legal name ("Ferrari N.V. Common Shares")."""
    return {_symbol(r): r["name"] for r in _screener_rows(ref)}


def is_adr(legal: str) -> bool:
    return _ADR.search(legal) is not None


def _symbol(row: dict) -> str:
    return row["symbol"].replace("/", "-").replace(".", "-")


def _float(text: str | None) -> float:
    try:
        return float(text or 0)
    except ValueError:
        return 0.0
