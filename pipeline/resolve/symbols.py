"""Name → symbol linking, built from the team's alias table plus the reference lists in the
data directory (read where they are, never copied): index aliases, crypto assets, S&P 500
names, and the SEC / Nasdaq listings to validate bare tickers and cashtags."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.config import PACKAGE_DATA
from pipeline.resolve.listings import (common_name, fund_names, is_adr, legal_names, listing_names, nasdaq_listed,
                                      short_names)
from pipeline.resolve.wordforms import load_word_forms

# Legal suffixes dropped from listing names: "NVIDIA CORP" -> "NVIDIA".
_SUFFIX = re.compile(
    r"[,.]?\s+(inc\.?|corp\.?|corporation|company|co\.?|plc|ltd\.?|limited|holdings?|group|"
    r"incorporated|n\.v\.|s\.a\.|ag|se|the)$", re.I)
# Words that make a text a crypto one: cashtags and bare tickers go to coins, days are UTC days.
CRYPTO_WORDS = re.compile(r"\b(?:crypto\w*|tokens?|coins?|blockchain|altcoins?|bitcoin|ethereum|stablecoins?)\b", re.I)
# Yahoo's Treasury yield indexes (13-week, 5-, 10- and 30-year), quoted as the yield in percent.
# Treasuries trade through the night, so a European-morning report's yield is the day's so far.
RATE_SYMBOLS = frozenset({"^TNX", "^IRX", "^FVX", "^TYX"})
# Short or common-word index aliases that must match in their written case ("SOX", "Dow").
_CASED_MAX_LEN = 5


@dataclass(frozen=True)
class Alias:
    text: str
    symbol: str  # "": an asset with no symbol to name ("gold" spot or futures? "German 10-year Bund yield")
    cased: bool  # match exactly as written; otherwise any case
    short: bool = False  # a company's first word only ("Enphase"): not inside a longer proper name
    adr: bool = False  # a foreign company's US depositary listing: the asset only where the article speaks of ADRs


@dataclass(frozen=True)
class AliasIndex:
    aliases: tuple[Alias, ...]
    crypto: dict[str, str]  # "BTC" -> "BTC-USD"
    tickers: frozenset[str]  # every listed US ticker, Yahoo style ("BRK-B")
    names: dict[str, str]  # symbol -> display name
    listing_names: tuple[str, ...] = ()  # for near matches, parallel to listing_symbols
    listing_symbols: tuple[str, ...] = ()
    funds: frozenset[str] = frozenset()  # listed exchange-traded funds and products ("XLK", "GLD")
    legal: dict[str, str] = field(default_factory=dict)  # symbol -> full legal listing name

    def cashtag(self, tag: str, crypto_context: bool | None = None) -> str | None:
        """"$BTC" -> "BTC-USD"; "$NVDA" -> "NVDA". A tag that is both a coin and a listed
        ticker goes by the article's context; with no context, crypto (the cashtag habit of
        crypto posts). Use `collides` to report the other reading."""
        t = tag.lstrip("$").upper()
        if t in self.crypto and (crypto_context is not False or self.ticker(t) is None):
            return self.crypto[t]
        return self.ticker(t)

    def collides(self, tag: str) -> bool:
        t = tag.lstrip("$(").rstrip(")").upper()
        return t in self.crypto and self.ticker(t) is not None

    def near(self, name: str):
        """A fuzzy link for a company name no alias matched (see resolve/fuzzy.py)."""
        from pipeline.resolve.fuzzy import fuzzy_link

        return fuzzy_link(name, list(self.listing_names), list(self.listing_symbols))

    def ticker(self, text: str) -> str | None:
        t = text.upper().replace(".", "-")
        return t if t in self.tickers else None


def _short_name(name: str) -> str:
    prev = None
    name = name.strip()
    while prev != name:
        prev, name = name, _SUFFIX.sub("", name).strip()
    return name


def _read_csv(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _listed_tickers(ref: Path) -> tuple[set[str], set[str]]:
    """Every listed ticker, and those of exchange-traded funds (the lists' ETF flag)."""
    listed = nasdaq_listed(ref)
    tickers = {r["ticker"].upper().replace(".", "-") for r in _read_csv(ref / "sec_company_tickers.csv")}
    return tickers | {x.symbol for x in listed}, {x.symbol for x in listed if x.fund}


@lru_cache(maxsize=4)
def load_alias_index(data_dir: str | None) -> AliasIndex:
    """Build the index once per data directory (cached for the process)."""
    aliases: list[Alias] = [
        Alias(r["alias"], r["symbol"], r["match"] == "cased")
        for r in _read_csv(PACKAGE_DATA / "aliases.csv")
    ]
    crypto: dict[str, str] = {}
    tickers: set[str] = set()
    names: dict[str, str] = {}
    funds: set[str] = set()
    legal: dict[str, str] = {}
    listing: list[tuple[str, str]] = []
    if data_dir:
        ref = Path(data_dir) / "reference"
        words = load_word_forms(data_dir)
        for r in _read_csv(ref / "index_symbols.csv"):
            names[r["symbol"]] = r["name"]
            for text in [r["name"], *r["aliases"].split("|")]:
                if text:
                    cased = len(text) <= _CASED_MAX_LEN or text.isupper()
                    aliases.append(Alias(text, r["symbol"], cased))
        for r in _read_csv(ref / "crypto_symbols.csv"):
            yahoo = r["yahoo_symbol"] or f"{r['symbol']}-USD"
            crypto[r["symbol"].upper()] = yahoo
            names[yahoo] = r["name"]
            if len(r["name"]) > 3:
                aliases.append(Alias(r["name"], yahoo, True))
                if " " not in r["name"] and len(r["name"]) >= 6 and not words.is_english(r["name"]):
                    aliases.append(Alias(r["name"].lower(), yahoo, True))  # "solana", "litecoin"
        # An index name read first stays the index: "Nasdaq, Inc." shortens to "Nasdaq", which
        # in market news is the Nasdaq Composite (the company keeps "Nasdaq Inc.").
        index_names = {a.text.lower() for a in aliases if a.symbol.startswith("^")}
        for r in _read_csv(ref / "sp500_constituents.csv"):
            symbol = r["Symbol"].replace(".", "-")
            names.setdefault(symbol, r["Security"])
            short = _short_name(r["Security"])
            if len(short) > 2 and short.lower() not in index_names:
                aliases.append(Alias(short, symbol, True))
        tickers, funds = _listed_tickers(ref)
        known = {a.text.lower() for a in aliases}
        legal = legal_names(ref)
        adrs = {symbol for symbol, name in legal.items() if is_adr(name)}
        for name, symbol in listing_names(ref, words.is_english):
            listing.append((name, symbol))
            names.setdefault(symbol, name)
            if name.lower() not in known:
                known.add(name.lower())
                aliases.append(Alias(name, symbol, True, adr=symbol in adrs))
        for symbol, name in legal.items():  # "Snap", "Capri": no alias alone, but the name before their ticker
            names.setdefault(symbol, common_name(name))
        for name, symbol in fund_names(ref):  # "Technology Select Sector SPDR Fund", "iShares Russell 2000 ETF"
            names.setdefault(symbol, name)  # the listed name, which names the fund before its ticker
            if name.lower() not in known:
                known.add(name.lower())
                aliases.append(Alias(name, symbol, True))
        for short, symbol in short_names(ref, words.is_english):
            if short.lower() not in known and symbol not in adrs:
                known.add(short.lower())
                aliases.append(Alias(short, symbol, True, short=True))
    for a in aliases:
        if a.symbol:
            names.setdefault(a.symbol, a.text)
    tickers.update(a.symbol for a in aliases if a.symbol and not a.symbol.startswith("^"))
    return AliasIndex(tuple(aliases), crypto, frozenset(tickers), names,
                      tuple(n for n, _ in listing), tuple(s for _, s in listing), frozenset(funds), legal)
