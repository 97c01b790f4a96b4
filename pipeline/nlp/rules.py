"""Component "fin_rules": rule spans for financial claims, written to doc.spans["fin"].

Labels: ASSET (kb_id = symbol), AMOUNT, MOVE, TIME, QUALIFIER, METRIC, LEVEL. Computes first
(`match`), then writes (`set_annotations`), so the matching is testable on its own.
"""
from __future__ import annotations

import re
from typing import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.dates import TIME_RE
from pipeline.nlp.lexicon import load_lexicon
from pipeline.nlp.quantities import AMOUNT_RE
from pipeline.resolve.symbols import load_alias_index

SPANS_KEY = "fin"
LABELS = ("ASSET", "AMOUNT", "MOVE", "TIME", "QUALIFIER", "METRIC", "LEVEL")

CASHTAG_RE = re.compile(r"(?<![\w$])\$[A-Za-z]{1,6}(?:[.-][A-Za-z])?\b")
# "(NASDAQ: NVDA)", "(NYSE:ORCL)", "(AVGO)": a ticker in parentheses, optionally with exchange.
PAREN_TICKER_RE = re.compile(r"\((?:(?:NASDAQ|NYSE|Nasdaq|NYSE American|AMEX|OTC)\s*:\s*)?([A-Z]{1,5}(?:[.-][A-Z])?)\)")
LEVEL_RE = re.compile(
    r"\b(?:(?:a|its|their|the)\s+)?(?:(?:\w+|\d+)[-\s](?:day|week|month|year)|record|all-time|"
    r"multi-(?:week|month|year)|52-week)\s+(?:closing\s+)?(?:low|high|close)\b"
    r"|\bclosing\s+(?:high|low)\b|\brecord\s+(?:high|low|close)\b",
    re.I,
)


@Language.factory(
    "fin_rules",
    default_config={"data_dir": None},
    assigns=["doc.spans"],
    requires=["token.lemma"],
)
def make_fin_rules(nlp: Language, name: str, data_dir: str | None) -> "FinRules":
    return FinRules(nlp, name, data_dir)


class FinRules:
    def __init__(self, nlp: Language, name: str, data_dir: str | None):
        self.name = name
        self.lexicon = load_lexicon()
        self.aliases = load_alias_index(data_dir)
        self.cased = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.nocase = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.metrics = PhraseMatcher(nlp.vocab, attr="LOWER")
        for alias in self.aliases.aliases:  # the match id is the symbol itself
            matcher = self.cased if alias.cased else self.nocase
            matcher.add(alias.symbol, [nlp.make_doc(alias.text)])
        for cue in self.lexicon.metric_cues:
            self.metrics.add("METRIC", [nlp.make_doc(cue)])
        for cue in self.lexicon.market_value_cues:
            self.metrics.add("MARKET_VALUE", [nlp.make_doc(cue)])

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Span]:
        spans = [*self._assets(doc), *self._regex(doc, AMOUNT_RE, "AMOUNT"),
                 *self._regex(doc, TIME_RE, "TIME"), *self._regex(doc, LEVEL_RE, "LEVEL"),
                 *self._qualifiers(doc), *self._moves(doc), *self._metrics(doc)]
        return filter_spans(spans)

    def set_annotations(self, doc: Doc, spans: Iterable[Span]) -> None:
        doc.spans[SPANS_KEY] = list(spans)

    def _char_span(self, doc: Doc, start: int, end: int, label: str, kb_id: str = "") -> Span | None:
        return doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")

    def _regex(self, doc: Doc, pattern: re.Pattern, label: str) -> Iterable[Span]:
        for m in pattern.finditer(doc.text):
            span = self._char_span(doc, m.start(), m.end(), label)
            if span is not None:
                yield span

    def _assets(self, doc: Doc) -> Iterable[Span]:
        for matcher in (self.cased, self.nocase):
            for match_id, start, end in matcher(doc):
                if end < len(doc) and (doc[end].text in (":", "/") or doc[end].like_num) \
                        or start > 0 and doc[start - 1].text == "/":
                    continue  # "NASDAQ: NVDA" is the exchange; "S&P/NZX 50", "the Nasdaq 100" other indexes
                yield Span(doc, start, end, label="ASSET", kb_id=doc.vocab.strings[match_id])
        for m in CASHTAG_RE.finditer(doc.text):
            symbol = self.aliases.cashtag(m.group(0))
            span = self._char_span(doc, m.start(), m.end(), "ASSET", symbol or "")
            if span is not None:
                yield span
        for m in PAREN_TICKER_RE.finditer(doc.text):
            symbol = self.aliases.ticker(m.group(1))
            if symbol and not _is_acronym(m.group(1), doc.text[max(0, m.start() - 80):m.start()]):
                span = self._char_span(doc, m.start(1), m.end(1), "ASSET", symbol)
                if span is not None:
                    yield span

    def _qualifiers(self, doc: Doc) -> Iterable[Span]:
        low = doc.text.lower()
        for phrase, qualifier in self.lexicon.qualifiers:
            for m in re.finditer(rf"\b{re.escape(phrase)}(?=\s+(?:\$|US\$|\d))", low):
                span = self._char_span(doc, m.start(), m.end(), "QUALIFIER", qualifier.value)
                if span is not None:
                    yield span

    def _moves(self, doc: Doc) -> Iterable[Span]:
        moves = self.lexicon.move_direction
        for token in doc:
            word = token.lower_
            direction = moves.get(token.lemma_.lower()) or moves.get(word)
            if direction is None:
                continue
            if word in ("up", "down") and token.dep_ == "prt" and token.head.lemma_ not in (
                "close", "end", "finish", "trade", "open", "be", "go"):
                continue  # "set up", "shut down": particles of other verbs
            yield Span(doc, token.i, token.i + 1, label="MOVE", kb_id=direction)

    def _metrics(self, doc: Doc) -> Iterable[Span]:
        for match_id, start, end in self.metrics(doc):
            yield Span(doc, start, end, label=doc.vocab.strings[match_id])


def _is_acronym(letters: str, before: str) -> bool:
    """"World Trade Organization (WTO)": the parenthesis spells the words before it."""
    words = [w for w in re.findall(r"[A-Za-z][\w&'-]*", before) if w[0].isupper()]
    initials = "".join(w[0] for w in words[-len(letters):])
    return len(letters) > 1 and initials.upper() == letters.upper()
