"""Component "fin_rules": rule spans for financial claims, written to doc.spans["fin"].

Labels: ASSET (kb_id = symbol), AMOUNT, MOVE, TIME, QUALIFIER, METRIC, LEVEL. Computes first
(`match`), then writes (`set_annotations`), so the matching is testable on its own.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.asset_names import (UNLINKED, as_exchange_futures, inside_proper_name, is_market, legal_form_end,
                                      names_a_fund, not_the_asset, prefer_full_names)
from pipeline.nlp.doc_text import text_of
from pipeline.nlp.lexicon import load_lexicon
from pipeline.nlp.quantities import AMOUNT_RE
from pipeline.nlp.time_patterns import find_times
from pipeline.resolve.symbols import CRYPTO_WORDS, load_alias_index
from pipeline.resolve.wordforms import load_word_forms

SPANS_KEY = "fin"
LABELS = ("ASSET", "AMOUNT", "MOVE", "TIME", "QUALIFIER", "METRIC", "LEVEL")

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
NAME_BEFORE_PAREN_RE = re.compile(r"((?:[A-Z][\w&.\-]*\s+){0,3}[A-Z][\w&\-]*)(?:['’]s)?\s*$")
# "Hanesbrands Inc.", "FMC Corp": a company named with its legal form; linked by near match.
# "Dun & Bradstreet Holdings": a lone "&" joins the words of one name.
COMPANY_RE = re.compile(r"\b(?:[A-Z][\w&'.-]*\s+(?:&\s+)?){0,3}[A-Z][\w&'-]*,?\s+(?:Inc|Corp|Corporation|Holdings|plc|Ltd|N\.V|S\.A)\b\.?")
_EQUITY_WORDS = re.compile(r"\b(?:shares|stocks?|NYSE|Nasdaq|S&P 500|earnings)\b")
AMBIGUOUS_ATTR = "fin_ambiguous"  # doc._.fin_ambiguous: {(start_char, end_char): "why"} for ASSET spans left unlinked
LEVEL_RE = re.compile(
    r"\b(?:(?:a|its|their|the)\s+)?(?:(?:\w+|\d+)[-\s](?:day|week|month|year)|record|all-time|"
    r"multi-(?:week|month|year)|52-week)\s+(?:closing\s+)?(?:low|high|close)\b"
    r"|\bclosing\s+(?:high|low)\b|\brecord\s+(?:high|low|close)\b"
    r"|\b(?:highest|lowest)\s+(?:level\s+|close\s+|closing\s+level\s+)?since\s+(?:early\s+|late\s+|mid-?)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d{1,2})?(?:,?\s+\d{4})?",
    re.I,
)


@Language.factory(
    "fin_rules",
    default_config={"data_dir": None},
    assigns=["doc.spans", f"doc._.{AMBIGUOUS_ATTR}"],
    requires=["token.lemma"],
)
def make_fin_rules(nlp: Language, name: str, data_dir: str | None) -> "FinRules":
    return FinRules(nlp, name, data_dir)


class FinRules:
    def __init__(self, nlp: Language, name: str, data_dir: str | None):
        self.name = name
        self.lexicon = load_lexicon()
        self.aliases = load_alias_index(data_dir)
        self.words = load_word_forms(data_dir)
        self.cased = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.nocase = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.short = PhraseMatcher(nlp.vocab, attr="ORTH")  # a company's first word alone ("Enphase")
        self.metrics = PhraseMatcher(nlp.vocab, attr="LOWER")
        for alias in self.aliases.aliases:  # the match id is the symbol itself
            matcher = self.short if alias.short else self.cased if alias.cased else self.nocase
            matcher.add(alias.symbol or UNLINKED, [nlp.make_doc(alias.text)])
        for cue in self.lexicon.metric_cues:
            self.metrics.add("METRIC", [nlp.make_doc(cue)])
        for cue in self.lexicon.market_value_cues:
            self.metrics.add("MARKET_VALUE", [nlp.make_doc(cue)])

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Span]:
        if not Doc.has_extension(AMBIGUOUS_ATTR):
            Doc.set_extension(AMBIGUOUS_ATTR, default=None)
        if doc._.get(AMBIGUOUS_ATTR) is None:
            doc._.set(AMBIGUOUS_ATTR, {})
        assets = _as_futures(doc, list(self._assets(doc)))
        spans = [*assets, *self._regex(doc, AMOUNT_RE, "AMOUNT"), *_index_levels(doc, assets),
                 *self._times(doc), *self._regex(doc, LEVEL_RE, "LEVEL"),
                 *self._qualifiers(doc), *self._metrics(doc), *self._moves(doc)]
        # Metrics before moves: filter_spans keeps the first of two equal spans, and a word that is
        # both ("a loss of $128 million") is a metric only where _metrics says so.
        return filter_spans(spans)

    def set_annotations(self, doc: Doc, spans: Iterable[Span]) -> None:
        doc.spans[SPANS_KEY] = list(spans)

    def _char_span(self, doc: Doc, start: int, end: int, label: str, kb_id: str = "") -> Span | None:
        return doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")

    def _regex(self, doc: Doc, pattern: re.Pattern, label: str) -> Iterable[Span]:
        for m in pattern.finditer(text_of(doc)):
            span = self._char_span(doc, m.start(), m.end(), label)
            if span is not None:
                yield span

    def _times(self, doc: Doc) -> Iterable[Span]:
        """TIME spans start at the time words ("Friday", not "on Friday"): the annotation
        convention, and the model's. The parser reads them with or without the preposition."""
        for start, end in find_times(text_of(doc)):
            span = self._char_span(doc, start, end, "TIME")
            if span is not None:
                yield span

    def _assets(self, doc: Doc) -> list[Span]:
        spans = as_exchange_futures(doc, list(self._asset_spans(doc)))
        spans += self._confirmed_tickers(doc, spans)
        spans += self._short_forms(doc, spans)
        return prefer_full_names(spans)

    def _alias_matches(self, doc: Doc) -> Iterable[Span]:
        found, rejected = [], []
        for matcher in (self.cased, self.nocase, self.short):
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
                if matcher is self.short and inside_proper_name(doc, start, end):
                    continue  # "Tyler Cowen", "Delta Air": the word belongs to another name
                if key != UNLINKED and not is_market(key):
                    end = legal_form_end(doc, end)  # "UnitedHealth Group", "Meta Platforms Inc Class A"
                found.append(Span(doc, start, end, label="ASSET", kb_id="" if key == UNLINKED else key))
        # "Dow Jones & Co.", "Dow Jones Newswires": the publisher's name holds no index
        return [s for s in found if not any(a <= s.start and s.end <= b for a, b in rejected)]

    def _asset_spans(self, doc: Doc) -> Iterable[Span]:
        yield from self._alias_matches(doc)
        context = True if CRYPTO_WORDS.search(text_of(doc)) else False if _EQUITY_WORDS.search(text_of(doc)) else None
        for m in CASHTAG_RE.finditer(text_of(doc)):
            symbol = self.aliases.cashtag(m.group(0), context)
            if context is None and self.aliases.collides(m.group(0)):
                tag = m.group(0).upper().lstrip("$")
                doc._.get(AMBIGUOUS_ATTR)[(m.start(), m.end())] = (
                    f"'{m.group(0)}' is ambiguous: the coin {self.aliases.crypto[tag]} or the listed {tag}; read as the coin")
            span = self._char_span(doc, m.start(), m.end(), "ASSET", symbol or "")
            if span is not None:
                yield span
        for m in CRYPTO_PAIR_RE.finditer(text_of(doc)):
            coin = self.aliases.crypto.get(m.group(1))
            span = self._char_span(doc, m.start(), m.end(), "ASSET", coin) if coin else None
            if span is not None:
                yield span
        if context:  # a crypto text: "BNB surged past $1,100", "SOL decreased by 4.5%"
            for m in BARE_TICKER_RE.finditer(text_of(doc)):
                if m.group(0) in self.aliases.crypto and not _in_capitals(text_of(doc), m.start(), m.end(), self.aliases.crypto):
                    span = self._char_span(doc, m.start(), m.end(), "ASSET", self.aliases.crypto[m.group(0)])
                    if span is not None:
                        yield span
        for m in PAREN_TICKER_RE.finditer(text_of(doc)):
            before = text_of(doc)[max(0, m.start() - 80):m.start()]
            symbol = self._paren_symbol(m.group(1), before[-40:], context)
            exchange_prefixed = ":" in m.group(0)  # "(NYSE:EL)": a ticker, whatever its letters spell
            if symbol and (exchange_prefixed or not _is_acronym(m.group(1), before) or self._named_before(symbol, before)):
                span = self._char_span(doc, m.start(1), m.end(1), "ASSET", symbol)
                if span is not None:
                    yield span
                    name = self._name_before(doc, symbol, m.start())
                    if name is not None:
                        yield name
        for m in COMPANY_RE.finditer(text_of(doc)):
            link = self.aliases.near(m.group(0))
            if link.ambiguous:
                doc._.get(AMBIGUOUS_ATTR)[(m.start(), m.end())] = (
                    f"'{m.group(0)}' is ambiguous: {' or '.join(link.alternatives)} "
                    f"(name match {link.confidence:.0%})")
            span = self._char_span(doc, m.start(), m.end(), "ASSET", link.symbol or "")
            if span is not None and not _is_source(doc, span.start, span.end):
                yield span

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
                span = self._char_span(doc, m.start(), m.end(), "ASSET", symbol)
                if span is not None:
                    out.append(span)
        return out

    def _short_forms(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """"Marvell Technology ( MRVL ) fell 7% ... Marvell's announcement": once the article names
        a company in full, its distinctive first word alone names it too."""
        firsts = {}
        for s in spans:
            first = s[0].text
            if len(s) > 1 and s.kb_id_ and not is_market(s.kb_id_) and len(first) >= 4 and first.isalpha() \
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
        for i, word in enumerate(words):
            candidate = _plain(" ".join(w.group(0) for w in words[i:])).split()
            if candidate == listed[:len(candidate)] and candidate[0] != "the":
                return self._char_span(doc, offset + m.start(1) + word.start(), offset + m.end(1), "ASSET", symbol)
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

    def _qualifiers(self, doc: Doc) -> Iterable[Span]:
        low = text_of(doc).lower()
        for phrase, qualifier in self.lexicon.qualifiers:
            # "surged past the $1,100 level" (a bound; "climbed up to the $101,000" is no hedge)
            the = r"(?:the\s+)?" if qualifier.value in ("more_than", "less_than") else ""
            # "over the past 24 hours" is a time, "about 14 days" a hedged duration
            time = (r"(?!\s+\d+\s+(?:hours?|days?|weeks?|months?|years?|sessions?)\b)"
                    if phrase in _PREPOSITIONS else "")
            # `low` is lower case: "climbed above US$65" reads as "above us$65"
            # "held above the 50-day moving average": a chart line, not a bound on a number
            for m in re.finditer(rf"\b{re.escape(phrase)}(?=\s+{the}(?:\$|us\$|\d|{_NUMBER_WORDS})){time}"
                                 rf"(?!\s+(?:the\s+)?\d+-(?:day|week|month))", low):
                span = self._char_span(doc, m.start(), m.end(), "QUALIFIER", qualifier.value)
                if span is not None:
                    yield span
        for sign, qualifier in self.lexicon.qualifier_signs:
            for m in re.finditer(rf"(?<!\S){re.escape(sign)}(?=\$?\d)", text_of(doc)):
                span = self._char_span(doc, m.start(), m.end(), "QUALIFIER", qualifier.value)
                if span is not None and span.end_char == m.end():  # the sign is a token of its own
                    yield span

    def _moves(self, doc: Doc) -> Iterable[Span]:
        lex = self.lexicon
        for token in doc:
            word, lemma = token.lower_, token.lemma_.lower()
            pair = lex.move_verb_particles.get((lemma, doc[token.i + 1].lower_)) if token.i + 1 < len(doc) else None
            if pair is not None and token.pos_ in ("VERB", "AUX"):
                yield Span(doc, token.i, token.i + 2, label="MOVE", kb_id=pair)  # "closed higher", "pulled back"
                continue
            direction = lex.move_direction.get(lemma) or lex.move_direction.get(word)
            if direction is None and word == "off" and _figure_follows(token, _PERCENT):
                direction = "down"  # "Tesla stock was off about 3%" (not "took off", "off its highs")
            if direction is None:
                continue
            if lemma in lex.move_verb_only and token.pos_ != "VERB":
                continue  # "the firm", "double-digit"
            if lemma in lex.move_before_figure_only and not _figure_follows(token, _FIGURE_UNITS):
                continue  # "she added that ..."
            if word in ("up", "down") and token.dep_ == "prt" and token.head.lemma_ not in _MOVE_PARTICLE_VERBS \
                    and not _opens_line_with_figure(token) and not _figure_follows(token, _PERCENT):
                continue  # "set up", "shut down": particles of other verbs ("sending shares up 9%" is a move)
            yield Span(doc, token.i, token.i + 1, label="MOVE", kb_id=direction)
        low = text_of(doc).lower()
        for phrase, direction in self.lexicon.move_phrases:
            for m in re.finditer(rf"\b{re.escape(phrase)}\b", low):
                span = self._char_span(doc, m.start(), m.end(), "MOVE", direction)
                if span is not None:
                    yield span

    def _metrics(self, doc: Doc) -> Iterable[Span]:
        cues = []
        for match_id, start, end in self.metrics(doc):
            label = doc.vocab.strings[match_id]
            if label != "METRIC":
                yield Span(doc, start, end, label=label)
            elif not (end - start == 1 and doc[start].tag_ in _VERB_ONLY_TAGS):
                cues.append((start, end))  # "it forecast revenue", "we estimate": verbs, not metrics
        cues += [(t.i, t.i + 1) for t in doc
                 if t.lower_ in self.lexicon.metric_results and not _figure_follows(t, _PERCENT)]
        for start, end in _join_touching(cues):
            yield Span(doc, modified_from(doc, start, self.lexicon.metric_modifiers), end, label="METRIC")


# Verb forms that are never a plural noun: "it forecast revenue", "we estimate", "spending the day".
# (VBZ is left alone: "estimates", "forecasts" are tagged so when they are nouns, too.)
_VERB_ONLY_TAGS = frozenset({"VB", "VBD", "VBG", "VBP"})
# "50-day moving average", "four-week moving average": the averaging window is part of the name.
_PERIOD_MODIFIER = re.compile(r"\b((?:\d+|one|two|three|four|five|six|ten|twelve)-(?:day|week|month|year))\s+$", re.I)


def modified_from(doc: Doc, start: int, modifiers: frozenset[str]) -> int:
    """Where a metric's name starts, given its cue's first token: the words before it that say
    which variant is meant are part of it ("adjusted EPS", "total net inflows", "50-day moving
    average")."""
    while start > 0:
        before = text_of(doc)[max(0, doc[start].idx - 30):doc[start].idx]
        m = _PERIOD_MODIFIER.search(before) or re.search(r"([\w-]+)\s+$", before)
        if m is None or not (m.re is _PERIOD_MODIFIER or m.group(1).lower() in modifiers):
            break
        word = doc.char_span(doc[start].idx - len(before) + m.start(1), doc[start].idx, alignment_mode="expand")
        if word is None or word.start >= start:
            break
        start = word.start
    return start


def _join_touching(cues: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cue matches side by side name one metric: "consensus estimates", "revenue growth",
    "earnings estimate"; one inside another ("inflows" in "net inflows") is the longer. Cues that
    only share a word stay apart ("interest rate" | "rate cut"), for filter_spans to choose: their
    union would swallow the move ("cut")."""
    runs: list[list[int]] = []
    for start, end in sorted(cues, key=lambda c: (c[0], -c[1])):
        if runs and (start == runs[-1][1] or end <= runs[-1][1]):
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    return [(start, end) for start, end in runs]


# Hedge words that are also prepositions of time ("over the past 24 hours", "past 10 days").
_PREPOSITIONS = frozenset({"over", "past", "under", "above", "below", "near", "some", "surpassing"})
# Numbers in words that a hedge may bound: "more than doubled", "about two-thirds", "roughly
# three grand", "over a 60% chance", "at least six months".
_NUMBER_WORDS = (r"(?:half|doubled|tripled|quadrupled|two-thirds|one-third|a\s+(?:third|quarter|\d)|"
                 r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                 r"(?:grand|hours?|days?|weeks?|months?|years?|times)\b)")


# "fell 0.99% to 44,303.40", "was little changed at 23,253", "fell below 18": an index level is
# written as a bare number after a word that places it. Digits followed by more digits
# or a unit ("at 10 a.m.", "to 2,000 jobs", "to 5%") are something else, and so is a year ("to 2026").
BARE_LEVEL_RE = re.compile(
    r"\b(?:to|at|near|below|above|past|breaching|around|under|over|topping|surpassing)\s+"
    r"(?!(?:19|20)\d\d\b)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d{2,})"
    r"(?!\d|[.,]\d|\s*(?:[%$:/-]|(?:percent|per|bps?|basis|points?|pts?|[kmbt]n?|mln|thousand|million|"
    r"billion|trillion|shares|jobs|people|[ap]\.?m\b|times|x|years?|months?|weeks?|days?|hours?|minutes?|"
    r"ET|GMT|UTC)\b))")


def _index_levels(doc: Doc, assets: list[Span]) -> Iterable[Span]:
    """Bare numbers that are an index's level: only in a sentence that names an index before them."""
    indexes = [a for a in assets if a.kb_id_.startswith("^")]
    for m in BARE_LEVEL_RE.finditer(text_of(doc)):
        span = doc.char_span(m.start(1), m.end(1), label="AMOUNT")
        if span is not None and any(a.end <= span.start and a.sent == span.sent for a in indexes):
            yield span


# Verbs whose "up"/"down" is the move: "closed down", "edged up 0.7%", "shot up 22%", "gapped down".
_MOVE_PARTICLE_VERBS = frozenset({"close", "end", "finish", "trade", "open", "be", "go", "edge", "inch",
                                  "tick", "shoot", "gap", "move", "drift", "creep", "head", "drive"})


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
    # "S&P 500 and Dow Jones Industrial Average futures": listed with an index named as futures
    return _FUTURES_LISTED.match(text_of(doc), asset.end_char) is not None


_EXCHANGE_AFTER = frozenset({"exchange", "listing", "listed", "-listed", "floor"})


def _is_exchange(doc: Doc, start: int, end: int) -> bool:
    """"entered the Nasdaq exchange", "a Nasdaq listing", "listed on the NYSE": the market
    a company trades on, not an index that moved."""
    if end < len(doc) and doc[end].lower_ in _EXCHANGE_AFTER:
        return True
    before = text_of(doc)[max(0, doc[start].idx - 20):doc[start].idx]
    return re.search(r"\blisted\s+on\s+(?:the\s+)?$", before, re.I) is not None


def _names_other_index(doc: Doc, i: int) -> bool:
    """"Nasdaq 100", "FTSE 250": a whole number right after a name makes another index's name;
    "Dow 0.99%" or "Dow 44,303" is the index and its figure."""
    token = doc[i]
    return token.text.isdigit() and not (i + 1 < len(doc) and doc[i + 1].text in ("%", "percent"))


def _plain(text: str) -> str:
    """Lower case without accents: "Estée" and "Estee" are one name."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


_PERCENT = frozenset({"%", "percent", "pct"})
_FIGURE_UNITS = _PERCENT | {"basis", "bp", "bps", "points", "point", "pts", "$"}


def _figure_follows(token, units: frozenset[str]) -> bool:
    """"sending its shares up more than 9%", "was off about 3%", "added 7.3 basis points": a
    figure in one of `units` (or in dollars) right after the word, a qualifier allowed between,
    makes the word the move of that figure."""
    doc = token.doc
    for t in doc[token.i + 1:token.i + 5]:
        if t.like_num:
            return t.i + 1 < len(doc) and doc[t.i + 1].lower_ in units or doc[t.i - 1].text == "$" and "$" in units
        if t.is_punct and t.text not in ("~", "≈", "$"):
            return False
    return False


def _opens_line_with_figure(token) -> bool:
    """"Down 6.82% at today's intraday low": a list line opening with its move and figure (the
    parser may hang it on the line before as a particle)."""
    doc = token.doc
    line_start = token.i == 0 or "\n" in doc[token.i - 1].text + doc[token.i - 1].whitespace_
    return line_start and token.i + 1 < len(doc) and doc[token.i + 1].like_num


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
