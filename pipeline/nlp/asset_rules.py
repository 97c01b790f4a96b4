"""ASSET spans for "fin_rules" (rules.py): names, tickers and cashtags of what moved, each
linked to its Yahoo symbol (the span's kb_id; "" when no symbol can be named with confidence).

Sources, in order: the alias table and reference lists (phrase matches), cashtags, coin pairs,
coin tickers in crypto texts, tickers in parentheses (and the company name before them), company
names with a legal form (near matches), bare tickers the article confirms elsewhere, and the
short form of a company named in full. Names that are a figure's source, an exchange, a fund or
a product are not the asset that moved (asset_names.py has those tests)."""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.nlp.asset_names import (UNLINKED, as_commodity_futures, inside_proper_name, is_market, legal_form_end,
                                      name_words_before, names_a_fund, not_the_asset, prefer_full_names,
                                      provider_indexes, CURRENCY_WORDS, currency_spans)
from pipeline.nlp.doc_text import char_span, text_of
from pipeline.nlp.quote_codes import quote_code_spans
from pipeline.nlp.yield_names import treasury_yields
from pipeline.resolve.symbols import CRYPTO_WORDS, AliasIndex
from pipeline.resolve.wordforms import WordForms

CASHTAG_RE = re.compile(r"(?<![\w$])\$[A-Za-z]{1,6}(?:[.-][A-Za-z])?\b")
# "(NASDAQ: NVDA)", "(NYSE:ORCL)", "(AVGO)", "( SPOT )": a ticker in parentheses, optionally
# with exchange (some wires pad the parentheses with spaces).
PAREN_TICKER_RE = re.compile(
    r"\(\s?(?:(?:NASDAQ|NYSE|Nasdaq|NYSE American|AMEX|OTC)\s*:\s*)?([A-Z]{1,5}(?:[.-][A-Z])?)\s?\)")
# A coin's ticker written bare, in capitals: read only in crypto texts (see _assets).
BARE_TICKER_RE = re.compile(r"(?<![\w$(])[A-Z]{3,5}(?![\w)])")
# A listed ticker written bare ("NVDA remains", "BRK.B's"): linked only when the article names
# the company or gives the ticker elsewhere (see _confirmed_tickers).
BARE_LISTED_RE = re.compile(r"(?<![\w$(:.\-/])[A-Z]{3,5}(?:\.[A-C])?(?![\w)\-/]|\.[A-Za-z])")
# A coin quoted against the dollar, as charts name it: "BTCUSD", "BNBUSDT", "BTC-USD".
CRYPTO_PAIR_RE = re.compile(r"(?<![\w$])([A-Z]{2,6})-?USDT?(?![\w-])")
# The capitalised words just before a ticker in parentheses: "Spotify (NYSE:SPOT)", "Kraft's (KHC)".
# "Monday.Com (NASDAQ:MNDY)": a web address for a name.
NAME_BEFORE_PAREN_RE = re.compile(r"((?:[A-Z][\w&.\-]*\s+){0,3}[A-Z][\w&\-]*(?:\.[A-Za-z]\w*)*)(?:['’]s)?\s*$")
# "Hanesbrands Inc.", "FMC Corp": a company named with its legal form; linked by near match.
# "Dun & Bradstreet Holdings": a lone "&" joins the words of one name.
# A word ending a sentence ("on Tuesday. PVH Corp.") is not part of the name; "U.S. Steel" is.
COMPANY_RE = re.compile(r"\b(?:[A-Z][\w&'.-]*(?<![a-z]{2}\.)\s+(?:&\s+)?){0,3}[A-Z][\w&'-]*,?\s+"
                        r"(?:Inc|Corp|Corporation|Holdings|plc|Ltd|N\.V|S\.A)\b\.?")
# The same, ending just before a ticker in parentheses: "Hanesbrands Inc. (HBI)".
COMPANY_BEFORE_PAREN_RE = re.compile(r"(" + COMPANY_RE.pattern[2:] + r")\s*$")
_SUM_BEFORE = re.compile(r"\d(?:-|\s+(?:[A-Z][a-z]+\s+)?)$")
_ADR_WORDS = re.compile(r"\bADRs?\b|\bADSs?\b|\b[Dd]epositary\b")
_EQUITY_WORDS = re.compile(r"\b(?:shares|stocks?|NYSE|Nasdaq|S&P 500|earnings)\b")
AMBIGUOUS_ATTR = "fin_ambiguous"  # doc._.fin_ambiguous: {(start_char, end_char): "why"} for ASSET spans left unlinked


class AssetRules:
    def __init__(self, nlp: Language, aliases: AliasIndex, words: WordForms):
        self.aliases = aliases
        self.words = words
        self.cased = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.nocase = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.short = PhraseMatcher(nlp.vocab, attr="ORTH")  # a company's first word alone ("Enphase")
        self.adr = PhraseMatcher(nlp.vocab, attr="ORTH")  # a foreign company known here by its ADR ("Equinor")
        for alias in aliases.aliases:  # the match id is the symbol itself
            matcher = self.short if alias.short else self.adr if alias.adr else self.cased if alias.cased else self.nocase
            matcher.add(alias.symbol or UNLINKED, [nlp.make_doc(alias.text)])

    def find(self, doc: Doc) -> list[Span]:
        """Every ASSET span of the doc (overlapping ones resolved), indexes named as futures
        linked to their contract."""
        return _as_futures(doc, self._assets(doc))

    def _assets(self, doc: Doc) -> list[Span]:
        spans = as_commodity_futures(doc, list(self._asset_spans(doc)))
        spans += self._confirmed_tickers(doc, spans)
        spans += self._short_forms(doc, spans)
        spans += _repeated_names(doc, spans)
        spans += provider_indexes(doc, spans)
        spans += currency_spans(doc)
        spans += quote_code_spans(doc, spans)
        return prefer_full_names(spans)

    def _alias_matches(self, doc: Doc) -> Iterable[Span]:
        found, rejected = [], []
        # A foreign company's name is its ADR where the article speaks of ADRs ("the S&P Europe
        # Select ADR Index"); elsewhere (a European morning report) its home listing, which the
        # reference lists lack.
        adrs = (self.adr,) if _ADR_WORDS.search(text_of(doc)) else ()
        for matcher in (self.cased, self.nocase, self.short, *adrs):
            for match_id, start, end in matcher(doc):
                key = doc.vocab.strings[match_id]
                if end < len(doc) and (doc[end].text in (":", "/") and end - start == 1 or _names_other_index(doc, end)) \
                        or start > 0 and doc[start - 1].text == "/":
                    continue  # "NASDAQ: NVDA" is the exchange; "S&P/NZX 50", "the Nasdaq 100" other indexes
                if _is_source(doc, start, end) or _is_exchange(doc, start, end) or not_the_asset(doc, start, end) \
                        or names_a_fund(doc, start, end, market=key == UNLINKED or is_market(key)):
                    rejected.append((start, end))  # "according to FactSet", "listed on the Nasdaq exchange"
                    continue
                if start > 1 and doc[start - 1].text == "(" and doc[start - 2].lower_ in ("'s", "’s"):
                    continue  # "the S&P 500's ( SP500 ) steepest decliner": the index only ranks the subject
                if doc[start].lower_ in CURRENCY_WORDS and _SUM_BEFORE.search(text_of(doc), 0, doc[start].idx):
                    continue  # "157.18 yen", "157.63 Japanese yen", "160-yen levels": the unit of a sum
                if matcher is self.short and inside_proper_name(doc, start, end):
                    continue  # "Tyler Cowen", "Delta Air": the word belongs to another name
                if key != UNLINKED and not is_market(key):
                    full = legal_form_end(doc, end)  # "UnitedHealth Group", "Meta Platforms Inc Class A"
                    if full > end and not self._has_legal_form(key, doc[end].text):
                        key = UNLINKED  # "Ferrari Group" is not Ferrari N.V.: another company of that name
                    end = full
                found.append(Span(doc, start, end, label="ASSET", kb_id="" if key == UNLINKED else key))
        # "Dow Jones & Co.", "Dow Jones Newswires": the publisher's name holds no index
        return [s for s in found if not any(a <= s.start and s.end <= b for a, b in rejected)]

    def _asset_spans(self, doc: Doc) -> Iterable[Span]:
        # First, so that of two spans alike the pattern's wins: the reference list's "10-year
        # yield" is the US one, the pattern also sees "the German 10-year yield"
        yield from treasury_yields(doc)
        yield from self._alias_matches(doc)
        context = True if CRYPTO_WORDS.search(text_of(doc)) else False if _EQUITY_WORDS.search(text_of(doc)) else None
        for m in CASHTAG_RE.finditer(text_of(doc)):
            symbol = self.aliases.cashtag(m.group(0), context)
            if context is None and self.aliases.collides(m.group(0)):
                tag = m.group(0).upper().lstrip("$")
                doc._.get(AMBIGUOUS_ATTR)[(m.start(), m.end())] = (
                    f"'{m.group(0)}' is ambiguous: the coin {self.aliases.crypto[tag]} or the listed {tag}; read as the coin")
            span = char_span(doc, m.start(), m.end(), "ASSET", symbol or "")
            if span is not None:
                yield span
        for m in CRYPTO_PAIR_RE.finditer(text_of(doc)):
            coin = self.aliases.crypto.get(m.group(1))
            span = char_span(doc, m.start(), m.end(), "ASSET", coin) if coin else None
            if span is not None:
                yield span
        if context:  # a crypto text: "BNB surged past $1,100", "SOL decreased by 4.5%"
            for m in BARE_TICKER_RE.finditer(text_of(doc)):
                if m.group(0) in self.aliases.crypto and not _in_capitals(text_of(doc), m.start(), m.end(), self.aliases.crypto):
                    span = char_span(doc, m.start(), m.end(), "ASSET", self.aliases.crypto[m.group(0)])
                    if span is not None:
                        yield span
        for m in PAREN_TICKER_RE.finditer(text_of(doc)):
            before = text_of(doc)[max(0, m.start() - 80):m.start()]
            if m.group(1) in _AGENCIES and _DATELINE.search(before):
                continue  # "TOKYO (AP) —": the wire agency after a dateline, not Ampco-Pittsburgh
            symbol = self._paren_symbol(m.group(1), before[-40:], context)
            company = COMPANY_BEFORE_PAREN_RE.search(before)
            exchange_prefixed = ":" in m.group(0)  # "(NYSE:EL)": a ticker, whatever its letters spell
            if symbol is None and (exchange_prefixed or company and not _is_acronym(m.group(1), before)):
                # "Hanesbrands Inc. (HBI)", "Playa Hotels & Resorts (NASDAQ:PLYA)": a company with its
                # legal form or its exchange, though the reference lists (a snapshot) no longer or
                # not yet hold that listing
                symbol = m.group(1).replace(".", "-")
            if symbol and (exchange_prefixed or not _is_acronym(m.group(1), before) or self._named_before(symbol, before)):
                span = char_span(doc, m.start(1), m.end(1), "ASSET", symbol)
                if span is not None:
                    yield span
                    name = self._name_before(doc, symbol, m.start())
                    if name is None and company:
                        start = m.start() - len(before) + company.start(1)
                        name = char_span(doc, start, start + len(company.group(1)), "ASSET", symbol)
                    # a fund's name as the wire writes it, or the name before an exchange's ticker
                    words = name_words_before(text_of(doc), m.start(), fund=symbol in self.aliases.funds) \
                        if symbol in self.aliases.funds or exchange_prefixed else None
                    if name is None and words:
                        name = char_span(doc, *words, "ASSET", symbol)
                    if name is not None:
                        yield name
        for m in COMPANY_RE.finditer(text_of(doc)):
            link = self.aliases.near(m.group(0))
            if link.ambiguous:
                doc._.get(AMBIGUOUS_ATTR)[(m.start(), m.end())] = (
                    f"'{m.group(0)}' is ambiguous: {' or '.join(link.alternatives)} "
                    f"(name match {link.confidence:.0%})")
            span = char_span(doc, m.start(), m.end(), "ASSET", link.symbol or "")
            if span is not None and not _is_source(doc, span.start, span.end):
                yield span

    def _has_legal_form(self, symbol: str, word: str) -> bool:
        """Whether the listing's legal name has this word ("UnitedHealth Group Incorporated"):
        a name word such as "Group" or "Holdings" after a company's name may make another
        company's name. Listings whose legal name is not known are given the benefit."""
        legal = self.aliases.legal.get(symbol)
        if legal is None or word not in ("Group", "Holdings", "Company"):
            return True
        return re.search(rf"\b{word}\b", legal, re.I) is not None

    def _confirmed_tickers(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """"Nvidia (NVDA) fell 5% ... NVDA remains the strongest player": a listed ticker written
        bare is linked only when the article names that company (or gives its ticker) elsewhere,
        the ticker is no everyday word ("BEAT") and no word of a headline set in capitals."""
        named = {s.kb_id_ for s in spans if s.kb_id_}
        written = named | {w for s in spans if s.kb_id_ for w in re.findall(r"[A-Za-z]{2,}", s.text)}  # "BRK.B"
        out = []
        for m in BARE_LISTED_RE.finditer(text_of(doc)):
            symbol = self.aliases.ticker(m.group(0))
            if symbol in named and m.group(0) not in self.aliases.crypto and not self.words.is_english(m.group(0)) \
                    and not _in_capitals(text_of(doc), m.start(), m.end(), written):
                span = char_span(doc, m.start(), m.end(), "ASSET", symbol)
                if span is not None:
                    out.append(span)
        return out

    def _short_forms(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """"Marvell Technology ( MRVL ) fell 7% ... Marvell's announcement": once the article names
        a company in full, its distinctive first word alone names it too."""
        firsts = {}
        for s in spans:
            first = s[0].text
            # a word of the name, not a piece of one ("Monday" of "Monday.Com")
            if len(s) > 1 and s[0].whitespace_ and s.kb_id_ and not is_market(s.kb_id_) and len(first) >= 4 and first.isalpha() \
                    and first[0].isupper() and not first.isupper() and not self.words.is_english(first):
                firsts.setdefault(first, s.kb_id_)
        out = []
        for token in doc:
            symbol = firsts.get(token.text)
            if symbol and not inside_proper_name(doc, token.i, token.i + 1):
                out.append(Span(doc, token.i, token.i + 1, label="ASSET", kb_id=symbol))
        return out

    def _name_before(self, doc: Doc, symbol: str, paren_start: int) -> Span | None:
        """"Spotify (NYSE:SPOT)", "Iren (IREN)": the words before a ticker that begin its
        company's listed name name the company (the longest such run of words)."""
        m = NAME_BEFORE_PAREN_RE.search(text_of(doc)[max(0, paren_start - 60):paren_start])
        listed = _plain(self.aliases.names.get(symbol, "")).split()
        if m is None or not listed:
            return None
        offset = max(0, paren_start - 60)
        words = list(re.finditer(r"\S+", m.group(1)))
        # "McDonald’s (NYSE:MCD)": the possessive is part of this name (not of "Kraft's (KHC)")
        possessive = m.end(1) < m.end() and text_of(doc)[offset + m.end(1)] in "'’"
        for i, word in enumerate(words):
            candidate = _plain(" ".join(w.group(0) for w in words[i:])).split()
            if possessive and candidate[:-1] + [candidate[-1] + "'s"] == listed[:len(candidate)]:
                return char_span(doc, offset + m.start(1) + word.start(), offset + m.end(1) + 2, "ASSET", symbol)
            if candidate == listed[:len(candidate)] and candidate[0] != "the":
                return char_span(doc, offset + m.start(1) + word.start(), offset + m.end(1), "ASSET", symbol)
        return None

    def _named_before(self, symbol: str, before: str) -> bool:
        """"Estée Lauder (EL)": the listed company's own name is written before its ticker,
        so the initials are the ticker, not an acronym of the words."""
        first = _plain(self.aliases.names.get(symbol, "").split(" ")[0])
        return len(first) > 2 and first in _plain(before)

    def _paren_symbol(self, tag: str, before: str, crypto_context: bool | None) -> str | None:
        """"Bitcoin (BTC)" is the coin; "Hanesbrands Inc. (HBI)" the listing. A tag that is
        both goes by the name before it, then by the article's context."""
        coin = self.aliases.crypto.get(tag.upper())
        listed = self.aliases.ticker(tag)
        if coin and (listed is None or self.aliases.names.get(coin, "").split(" (")[0].lower() in before.lower()
                     or crypto_context and not re.search(r"\b(?:Inc|Corp|NYSE|NASDAQ)\b", before)):
            return coin
        return listed


# "according to FactSet", "analysts polled by LSEG", "FactSet data show": a name that is the
# source of a figure (a data provider, a broker's survey), whatever it is listed as.
_SOURCE_BEFORE = re.compile(r"\b(?:according\s+to|compiled\s+by|polled\s+by|surveyed\s+by|provided\s+by|"
                            r"data\s+from|estimates\s+from|consensus\s+from|source:|sources:|brokerage)\s+$", re.I)
# After the name: a data product, the publisher ("Dow Jones & Co.", "Dow Jones Newswires"), or a
# broker's research ("Jefferies analysts said", "Bank of America Securities", "Mizuho said in a
# note", "Mizuho reiterated its underperform rating").
_SOURCE_AFTER = re.compile(r"^\s+(?:data|estimates|consensus|figures|market\s+data|newswires|&\s+Co\b|&\s+Company\b|"
                           r"Securities|analysts?|strategists?|economists?|said\s+in\s+a\s+(?:client\s+)?note|"
                           r"(?:reiterated|raised|cut|lowered)\s+its\s+(?:\w+\s+)?(?:rating|price\s+target)|upgraded|downgraded)\b", re.I)


# A dateline before the agency's name: a place in capitals opening a line ("TOKYO", "NEW YORK").
_DATELINE = re.compile(r"(?:^|\n)[A-Z][A-Z .,'-]{1,40}\s$")
_AGENCIES = frozenset({"AP", "AFP", "UPI"})  # wire agencies whose initials are also tickers
# "Source: Dow Jones Market Data, FactSet", "Copyright (c) 2025 Dow Jones & Company, Inc.":
# every name on a line of sources or rights.
_SOURCE_LINE = re.compile(r"^\W*(?:(?:source|sources|data)\s*:|copyright\b)", re.I)


def _is_source(doc: Doc, start: int, end: int) -> bool:
    span = doc[start:end]
    before = text_of(doc)[max(0, span.start_char - 40):span.start_char]
    line = text_of(doc)[text_of(doc).rfind("\n", 0, span.start_char) + 1:span.start_char]
    return bool(_SOURCE_BEFORE.search(before) or _SOURCE_AFTER.match(text_of(doc)[span.end_char:span.end_char + 20])
                or _SOURCE_LINE.match(line))


# The continuous futures contract on an index, for an index named as futures.
_INDEX_FUTURES = {"^GSPC": "ES=F", "^DJI": "YM=F", "^NDX": "NQ=F", "^IXIC": "NQ=F", "^RUT": "RTY=F"}
# "Futures down: Dow 0.34%, S&P 500 0.67%", "U.S. stock index futures: ..." (a line headed by futures)
_FUTURES_LINE = re.compile(r"^\W*(?:U\.?S\.?\s+)?(?:stock\s+)?(?:index\s+)?futures\b", re.I)
# "Futures tracking the benchmark S&P 500"
_FUTURES_BEFORE = re.compile(r"\bfutures\s+(?:tracking|on|for)\s+(?:the\s+)?(?:benchmark\s+|blue-chip\s+|tech-heavy\s+)?$", re.I)


_FUTURES_AFTER = re.compile(r"\s+(?:index\s+)?(?:futures|E-minis?)\b", re.I)
_FUTURES_LISTED = re.compile(r"\s*(?:,|and|&)\s+(?:the\s+)?[A-Z][\w&.\- ]{0,50}?\s(?:futures|E-minis?)\b")


def _as_futures(doc: Doc, assets: list[Span]) -> list[Span]:
    """An index named as futures trades as its futures contract: "Futures down: Dow 0.34%",
    "futures tracking the S&P 500", "S&P 500 and Dow futures were 0.5% and 0.2% down"."""
    out = []
    for a in assets:
        contract = _INDEX_FUTURES.get(a.kb_id_)
        if contract and _named_as_futures(doc, a):
            a = Span(doc, a.start, a.end, label="ASSET", kb_id=contract)
        out.append(a)
    return out


def _named_as_futures(doc: Doc, asset: Span) -> bool:
    line_start = text_of(doc).rfind("\n", 0, asset.start_char) + 1
    line = text_of(doc)[line_start:asset.start_char]
    if _FUTURES_LINE.match(line) and not re.search(r"[.!?]\s", line) or _FUTURES_BEFORE.search(line):
        return True
    # "Dow Jones Futures fell 0.3%", "Russell 2000 futures": the index name with the word after it
    if _FUTURES_AFTER.match(text_of(doc), asset.end_char):
        return True
    # "S&P 500 and Dow Jones Industrial Average futures": listed with an index named as futures
    return _FUTURES_LISTED.match(text_of(doc), asset.end_char) is not None


_EXCHANGE_AFTER = frozenset({"exchange", "listing", "listed", "-listed", "floor"})


def _is_exchange(doc: Doc, start: int, end: int) -> bool:
    """"entered the Nasdaq exchange", "a Nasdaq listing", "listed on the NYSE", "the miner's
    shares on Nasdaq rose": the market a company trades on, not an index that moved."""
    if end < len(doc) and doc[end].lower_ in _EXCHANGE_AFTER:
        return True
    before = text_of(doc)[max(0, doc[start].idx - 20):doc[start].idx]
    return re.search(r"\b(?:listed|shares|stock|trading|traded|trades)\s+on\s+(?:the\s+)?$", before, re.I) is not None


def _names_other_index(doc: Doc, i: int) -> bool:
    """"Nasdaq 100", "FTSE 250": a whole number right after a name makes another index's name;
    "Dow 0.99%" or "Dow 44,303" is the index and its figure."""
    token = doc[i]
    return token.text.isdigit() and not (i + 1 < len(doc) and doc[i + 1].text in ("%", "percent"))


def _plain(text: str) -> str:
    """Lower case without accents: "Estée" and "Estee" are one name."""
    text = text.lower().replace("’", "'")  # "McDonald’s" and "McDonald's" too
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _in_capitals(text: str, start: int, end: int, tickers: Iterable[str] = ()) -> bool:
    """"BITCOIN TOPS RECORD": a word of a headline set in capitals, not a ticker. Neighbours
    that are tickers themselves ("AVAX, DOT, and HYPE") make a list, not a headline."""
    def words(part: str) -> list[str]:
        return [w for w in re.findall(r"[A-Za-z]{2,}", part) if w not in tickers]

    # three words on each side (counted once each, however short the text around)
    near = words(text[max(0, start - 30):start])[-3:] + words(text[end:end + 30])[:3]
    return sum(w.isupper() for w in near) >= 2


def _is_acronym(letters: str, before: str) -> bool:
    """"World Trade Organization (WTO)": the parenthesis spells the words before it."""
    every = re.findall(r"[A-Za-z][\w&'-]*", before)
    words = [w for w in every if w[0].isupper()]
    initials = "".join(w[0] for w in words[-len(letters):])
    # "earnings per share (EPS)": the words right before spell it, whatever their case
    spelled = "".join(w[0] for w in every[-len(letters):])
    return len(letters) > 1 and letters.upper() in (initials.upper(), spelled.upper())


def _repeated_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """"Philip Morris ( NYSE: PM ) is set to report ... Philip Morris’ shares jumped": a company
    name linked once (by the ticker after it, which the later mention lacks) names it wherever
    the article repeats it word for word."""
    named = {s.text: s.kb_id_ for s in spans if s.kb_id_ and len(s) > 1 and not is_market(s.kb_id_)}
    out = []
    for name, symbol in named.items():
        for m in re.finditer(rf"(?<![\w$]){re.escape(name)}(?!\w)", text_of(doc)):
            span = doc.char_span(m.start(), m.end(), label="ASSET", kb_id=symbol)
            if span is not None:
                out.append(span)
    return out
