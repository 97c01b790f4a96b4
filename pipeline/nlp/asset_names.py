"""ASSET spans beyond the alias match: where a name's span starts and ends, and the places
where a matched name is not the asset that moved. Used by `fin_rules` (rules.py)."""
from __future__ import annotations

import re

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.doc_text import text_of

# The match id of an alias with no symbol ("gold", "German 10-year Bund yield").
UNLINKED = "ASSET:UNLINKED"


def is_market(symbol: str) -> bool:
    """An index, future, coin or currency (or a home-exchange listing, whose names the US
    lists do not hold): no legal form or short name to read."""
    return symbol.startswith("^") or "=" in symbol or symbol.endswith("-USD") or "." in symbol


# "UnitedHealth Group", "Kraft Heinz Company", "Meta Platforms Inc Class A": the legal form and
# share class written after a company's name are part of the name.
_LEGAL_FORMS = frozenset({"Group", "Company", "Holdings", "Inc", "Inc.", "Corp", "Corp.", "Corporation", "plc", "PLC"})


def legal_form_end(doc: Doc, end: int) -> int:
    """The token after a company name's legal form and share class, if written."""
    if end < len(doc) and doc[end].text in _LEGAL_FORMS and doc[end - 1].whitespace_:
        end += 1
    if end + 1 < len(doc) and doc[end].text == "Class" and re.fullmatch(r"[A-C]", doc[end + 1].text):
        end += 2
    return end


def inside_proper_name(doc: Doc, start: int, end: int) -> bool:
    """A capitalised word right before or after makes the match part of another name
    ("Tyler Cowen", "Bradley Cooper", "Delta Air Lines"); a sentence's first word does not count."""
    before = start > 0 and not doc[start].is_sent_start and doc[start - 1].is_title and doc[start - 1].is_alpha
    after = end < len(doc) and doc[end].is_title and doc[end].is_alpha
    return before or after


# "liquefied natural gas", "BNB Chain", "Amazon Web Services", "Google Cloud", "Disney+":
# the name qualifies another thing.
_NOT_THE_ASSET_BEFORE = re.compile(r"\bliquefied\s+$", re.I)
_NOT_THE_ASSET_AFTER = re.compile(r"^(?:\+|\s+Chain\b|\s+Web\s+Services\b|\s+Cloud\b)")


def not_the_asset(doc: Doc, start: int, end: int) -> bool:
    """The words around make the name part of another thing (a product, a fuel, a chain)."""
    span = doc[start:end]
    return bool(_NOT_THE_ASSET_BEFORE.search(text_of(doc)[max(0, span.start_char - 20):span.start_char])
                or _NOT_THE_ASSET_AFTER.match(text_of(doc)[span.end_char:span.end_char + 20]))


# "State Street Energy Select Sector SPDR", "Invesco QQQ Trust": capitalised words up to a fund word.
_FUND_NAME_AFTER = re.compile(r"^(?:\s+[A-Z][\w&.\-]*){0,5}?\s+(?:SPDR|Fund|Trust)\b")


def names_a_fund(doc: Doc, start: int, end: int, market: bool) -> bool:
    """"State Street SPDR Gold Shares", "iShares Silver Trust", "United States Natural Gas Fund":
    a company's or a market's name inside a fund's name is the fund."""
    if market and end < len(doc) and doc[end].text == "Shares":
        return True
    return _FUND_NAME_AFTER.match(text_of(doc)[doc[end - 1].idx + len(doc[end - 1].text):][:80]) is not None


# A word of a name as wires write it: "State", "S&P", "U.S.", "iShares", "3X", "200", "&".
# A word ending in a full stop ("Monday.") ends a sentence, so it starts no name.
_NAME_WORD = r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][\w&\-]*|i[A-Z][\w\-]*|\d\w*|&)"
_NAME_WORDS_BEFORE = re.compile(rf"(?<![\w.&'’\-])((?:{_NAME_WORD}[ \t]+){{0,9}}{_NAME_WORD})[ \t]*$")


def name_words_before(text: str, paren_start: int, fund: bool) -> tuple[int, int] | None:
    """"the State Street Consumer Staples Select Sector SPDR (XLP)", "iShares Silver Trust (SLV)",
    "Playa Hotels & Resorts (NASDAQ:PLYA)": the run of name words on the line before a ticker is
    the name as the wire writes it (issuers rename funds, companies are taken private, so the
    listed name is no guide). A leading "The" is left out; a fund's name has more than one word,
    and a company's no digits."""
    line_start = text.rfind("\n", 0, paren_start) + 1
    m = _NAME_WORDS_BEFORE.search(text, max(line_start, paren_start - 120), paren_start)
    if m is None or not fund and re.search(r"\d", m.group(1)):
        return None
    start = m.start(1) + (4 if m.group(1).startswith("The ") else 0)
    return (start, m.end(1)) if start < m.end(1) and (not fund or " " in text[start:m.end(1)]) else None


# An index a provider names after itself: "the NYSE Energy Sector Index", "the Philadelphia Oil
# Service Sector index", "the Dow Jones US Utilities index", "the S&P Europe Select ADR Index".
_INDEX_PROVIDER = r"(?:NYSE|Nasdaq|NASDAQ|S&P|Dow\s+Jones|Philadelphia|PHLX|MSCI|FTSE\w*|STOXX|Stoxx|Russell|CoinDesk|KBW|Cboe|CBOE)"
_PROVIDER_INDEX = re.compile(rf"(?<![\w&]){_INDEX_PROVIDER}(?:\s+(?:[A-Z][\w&.\-]*|\d+|&))*?\s+[Ii]ndex\b")


def provider_indexes(doc: Doc, linked: list[Span]) -> list[Span]:
    """Indexes named by their provider and the word "index", left unlinked (the alias table links
    the ones Yahoo quotes). A known index with "index" after it ("the S&P 500 index") is left to
    the alias table, which decides whether the word belongs to the name."""
    known = {(s.start_char, s.end_char) for s in linked if s.kb_id_}
    out = []
    for m in _PROVIDER_INDEX.finditer(text_of(doc)):
        before_word = m.group(0).rsplit(None, 1)[0]
        if (m.start(), m.end()) in known or (m.start(), m.start() + len(before_word)) in known:
            continue
        span = doc.char_span(m.start(), m.end(), label="ASSET", kb_id="")
        if span is not None:
            out.append(span)
    return out


# Currencies, unlinked as the annotations keep them (Yahoo's pairs quote some the other way round).
_CURRENCY_NAMES = ("dollar", "yen", "euro", "peso", "yuan", "pound", "franc", "won", "rupee", "lira", "rand")
CURRENCY_WORDS = frozenset(_CURRENCY_NAMES)
_CURRENCY = rf"(?:{'|'.join(_CURRENCY_NAMES)})"
_NATION = (r"(?:U\.S\.|US|American|Japanese|Mexican|Canadian|Chinese|Australian|New\s+Zealand|British|Swiss|"
           r"Indian|Brazilian|South\s+Korean|Korean|Turkish|South\s+African|Hong\s+Kong|Singapore|Taiwan)")
# "the Japanese yen", "The U.S. dollar index", "the US dollar": the nation's word is part of the name
# ("157.63 Japanese yen" is a sum)
_NATIONAL = re.compile(rf"(?<!\d\s)\b{_NATION}\s+{_CURRENCY}\b(?:\s+[Ii]ndex\b)?")
# "the dollar softened", "versus the dollar", "sustained dollar weakness": the dollar itself,
# not a sum in dollars ("the dollar amount", "in dollar terms")
_BARE_DOLLAR = re.compile(r"(?<=\b[Tt]he\s)dollar\b(?!\s+(?:amount|value|terms|figure|sign|store|general|index))"
                          r"|\bdollar(?=\s+(?:weakness|strength|debasement)\b)")


def currency_spans(doc: Doc) -> list[Span]:
    text = text_of(doc)
    found = [m.span() for m in _NATIONAL.finditer(text)] + [m.span() for m in _BARE_DOLLAR.finditer(text)]
    spans = (doc.char_span(start, end, label="ASSET", kb_id="") for start, end in found)
    return [s for s in spans if s is not None]


def prefer_full_names(spans: list[Span]) -> list[Span]:
    """Overlapping names: the longer one wins, and "the Nasdaq" gives way to the "Nasdaq
    Composite" that starts a word later (the article belongs to "the Nasdaq" and "the Dow" only)."""
    drop = {id(a) for a in spans for b in spans
            if a[0].lower_ == "the" and b.start == a.start + 1 and b.end > a.end}
    return filter_spans([s for s in spans if id(s) not in drop])


# A metal named bare ("Gold rose 1.5%") is priced by its exchange's continuous contract, as the
# annotations settle it (fixtures/annotations/README.md, second round); a spot price ("spot
# gold") has no Yahoo series and stays unlinked. Crude and natural gas have regional prices
# (WTI or Brent, Henry Hub or the Dutch TTF): named bare they are the Nymex contract only in
# an article that quotes Nymex.
_COMMODITY_FUTURES = {"gold": "GC=F", "silver": "SI=F", "copper": "HG=F", "platinum": "PL=F", "palladium": "PA=F",
                      "crude": "CL=F", "crude oil": "CL=F", "natural gas": "NG=F"}
_REGIONAL = frozenset({"crude", "crude oil", "natural gas"})
_FUTURES_EXCHANGE = re.compile(r"\b(?:Comex|COMEX|Nymex|NYMEX)\b")
_SPOT_BEFORE = re.compile(r"\b(?:spot|physical|cash)\s+$", re.I)
# "Spot silver gained 2%, platinum climbed 2.5%, while palladium rose 1.2%": a list that
# opens with a spot price goes on quoting spot prices.
_METALS = [name for name in _COMMODITY_FUTURES if name not in _REGIONAL]
_SPOT_LIST = re.compile(rf"\bspot\s+(?:{'|'.join(_METALS)})\b", re.I)


def as_commodity_futures(doc: Doc, assets: list[Span]) -> list[Span]:
    """Unlinked commodity spans named bare, linked to the continuous futures contract."""
    text = text_of(doc)
    exchange_quoted = _FUTURES_EXCHANGE.search(text) is not None

    def contract(a: Span) -> str | None:
        name = a.text.lower()
        if a.kb_id_ or name not in _COMMODITY_FUTURES or (name in _REGIONAL and not exchange_quoted):
            return None
        # the list's sentence, cut at a line break (the parser joins a headline to the next line)
        start = max(a.sent.start_char, text.rfind("\n", 0, a.start_char) + 1)
        spot = _SPOT_BEFORE.search(text[max(0, a.start_char - 12):a.start_char]) or _SPOT_LIST.search(text, start, a.start_char)
        return None if spot else _COMMODITY_FUTURES[name]

    linked = []
    for a in assets:
        symbol = contract(a)
        linked.append(a if symbol is None else Span(doc, a.start, a.end, label="ASSET", kb_id=symbol))
    return linked
