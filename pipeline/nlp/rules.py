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

from pipeline.nlp.asset_rules import AMBIGUOUS_ATTR, AssetRules
from pipeline.nlp.doc_text import char_span, text_of
from pipeline.nlp.lexicon import load_lexicon
from pipeline.nlp.quantities import AMOUNT_RE
from pipeline.nlp.time_patterns import find_times
from pipeline.resolve.symbols import load_alias_index
from pipeline.resolve.wordforms import load_word_forms
from pipeline.types import Qualifier

SPANS_KEY = "fin"
LABELS = ("ASSET", "AMOUNT", "MOVE", "TIME", "QUALIFIER", "METRIC", "LEVEL")

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
        self.assets = AssetRules(nlp, load_alias_index(data_dir), load_word_forms(data_dir))
        self.metrics = PhraseMatcher(nlp.vocab, attr="LOWER")
        for cue in self.lexicon.metric_cues:
            self.metrics.add("METRIC", [nlp.make_doc(cue)])
        for cue in self.lexicon.market_value_cues:
            self.metrics.add("MARKET_VALUE", [nlp.make_doc(cue)])
        # The lexicon's phrases as patterns over the lower-cased text, compiled once.
        self.qualifier_patterns = [(_qualifier_pattern(phrase, q), q) for phrase, q in self.lexicon.qualifiers]
        self.move_phrase_patterns = [(re.compile(rf"\b{re.escape(p)}\b"), d) for p, d in self.lexicon.move_phrases]

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    def match(self, doc: Doc) -> list[Span]:
        if not Doc.has_extension(AMBIGUOUS_ATTR):
            Doc.set_extension(AMBIGUOUS_ATTR, default=None)
        if doc._.get(AMBIGUOUS_ATTR) is None:
            doc._.set(AMBIGUOUS_ATTR, {})
        assets = self.assets.find(doc)
        spans = [*assets, *self._regex(doc, AMOUNT_RE, "AMOUNT"), *_index_levels(doc, assets),
                 *self._times(doc), *self._regex(doc, LEVEL_RE, "LEVEL"),
                 *self._qualifiers(doc), *self._metrics(doc), *self._moves(doc)]
        # Metrics before moves: filter_spans keeps the first of two equal spans, and a word that is
        # both ("a loss of $128 million") is a metric only where _metrics says so.
        kept = filter_spans(spans)
        # "lowest close since Nov. 15, 2024": the level phrase holds a time expression, which is
        # a TIME span too (the span group may overlap). The claim extractor reads it as part of
        # the level, never as a time of its own.
        levels = [s for s in kept if s.label_ == "LEVEL"]
        inner = [s for s in spans if s.label_ == "TIME" and any(lv.start <= s.start and s.end <= lv.end for lv in levels)]
        return sorted(kept + inner, key=lambda s: (s.start, s.end))

    def set_annotations(self, doc: Doc, spans: Iterable[Span]) -> None:
        doc.spans[SPANS_KEY] = list(spans)

    def _regex(self, doc: Doc, pattern: re.Pattern, label: str) -> Iterable[Span]:
        for m in pattern.finditer(text_of(doc)):
            span = char_span(doc, m.start(), m.end(), label)
            if span is not None:
                yield span

    def _times(self, doc: Doc) -> Iterable[Span]:
        """TIME spans start at the time words ("Friday", not "on Friday"): the annotation
        convention, and the model's. The parser reads them with or without the preposition."""
        for start, end in find_times(text_of(doc)):
            span = char_span(doc, start, end, "TIME")
            if span is not None:
                yield span

    def _qualifiers(self, doc: Doc) -> Iterable[Span]:
        low = text_of(doc).lower()
        for pattern, qualifier in self.qualifier_patterns:
            for m in pattern.finditer(low):
                span = char_span(doc, m.start(), m.end(), "QUALIFIER", qualifier.value)
                if span is not None:
                    yield span
        for sign, qualifier in self.lexicon.qualifier_signs:
            for m in re.finditer(rf"(?<!\S){re.escape(sign)}(?=\$?\d)", text_of(doc)):
                span = char_span(doc, m.start(), m.end(), "QUALIFIER", qualifier.value)
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
            if word in ("up", "down") and token.dep_ == "prt" and token.head.lemma_ in _SHARE_PARTICLE_VERBS:
                continue  # "Apple makes up 16.1% of the fund", "mark down 10%": a share or a price cut
            if word in ("up", "down") and token.dep_ == "prt" and token.head.lemma_ not in _MOVE_PARTICLE_VERBS \
                    and not _opens_line_with_figure(token) and not _figure_follows(token, _PERCENT):
                continue  # "set up", "shut down": particles of other verbs ("sending shares up 9%" is a move)
            yield Span(doc, token.i, token.i + 1, label="MOVE", kb_id=direction)
        low = text_of(doc).lower()
        for pattern, direction in self.move_phrase_patterns:
            for m in pattern.finditer(low):
                span = char_span(doc, m.start(), m.end(), "MOVE", direction)
                if span is not None:
                    yield span

    def _metrics(self, doc: Doc) -> Iterable[Span]:
        cues = []
        for match_id, start, end in self.metrics(doc):
            label = doc.vocab.strings[match_id]
            if label != "METRIC":
                yield Span(doc, start, end, label=label)
            elif not (end - start == 1 and used_as_verb(doc[start])):
                cues.append((start, end))  # "it forecast revenue", "we estimate": verbs, not metrics
        cues += [(t.i, t.i + 1) for t in doc
                 if t.lower_ in self.lexicon.metric_results and not _figure_follows(t, _PERCENT)]
        cues += _named_ratios(doc)
        for start, end in _join_touching(cues):
            if end < len(doc) and doc[end].lower_ in _RELEASE_WORDS:
                end += 1  # "the inflation data", "Friday's employment report": the release of the metric
            elif end - start == 1 and in_hyphen_compound(doc[start]):
                continue  # "earnings-driven moves", "tariff-induced panic"
            yield Span(doc, modified_from(doc, start, self.lexicon.metric_modifiers), end, label="METRIC")


def in_hyphen_compound(token) -> bool:
    """A cue word joined by a hyphen to the word after it is part of a compound adjective
    ("earnings-driven moves", "tariff-induced panic", "growth-oriented stocks"), not a measure.
    (A plain noun before another is left alone: the annotations mark "earnings" in "earnings
    call" and "revenue" in "revenue expectations".)"""
    doc = token.doc
    return token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_ \
        and not doc[token.i + 1].whitespace_ and doc[token.i + 2].is_alpha


# Words for the publication of a metric, part of its name: "inflation data", "employment report".
_RELEASE_WORDS = frozenset({"data", "report", "numbers", "figures", "reading", "print"})
# Verb forms that are never a plural noun: "it forecast revenue", "we estimate", "spending the day".
# (VBZ is left alone: "estimates", "forecasts" are tagged so when they are nouns, too.)
_VERB_ONLY_TAGS = frozenset({"VB", "VBD", "VBG", "VBP"})


def used_as_verb(token) -> bool:
    """A cue word used as a verb: a verb-only tag, or a singular "noun" with an object of its own
    (the tagger reads "the burrito maker forecast tepid annual sales" as a noun, the parser as a
    verb with an object). Plurals are left alone: "Consensus estimates project 14% growth" is
    parsed with "project" as the object of "estimates"."""
    return token.tag_ in _VERB_ONLY_TAGS or token.tag_ == "NN" and any(c.dep_ == "dobj" for c in token.children)


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


def _named_ratios(doc: Doc) -> list[tuple[int, int]]:
    """"P/E ratio", "PEG ratio", "a loss ratio", "12-month forward price-to-earnings ratio": a
    ratio is a metric named by the nouns the parser hangs on it (adjectives such as "famous" are
    not part of the name). "By a 2.79-to-1 ratio" (advancers to decliners) names no metric."""
    out = []
    for t in doc:
        if t.lower_ in ("ratio", "ratios") and t.i > 0 and not doc[t.i - 1].like_num:
            names = [c for c in t.lefts if c.dep_ in ("compound", "nmod")]
            if names:
                out.append((min(c.left_edge.i for c in names), t.i + 1))
    return out


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


def _qualifier_pattern(phrase: str, qualifier: Qualifier) -> re.Pattern:
    """A hedge phrase where it bounds a number, in lower-cased text."""
    # "surged past the $1,100 level" (a bound; "climbed up to the $101,000" is no hedge)
    the = r"(?:the\s+)?" if qualifier.value in ("more_than", "less_than") else ""
    # "over the past 24 hours" is a time, "about 14 days" a hedged duration
    time = r"(?!\s+\d+\s+(?:hours?|days?|weeks?|months?|years?|sessions?)\b)" if phrase in _PREPOSITIONS else ""
    # "climbed above US$65" reads "above us$65" in lower case; "held above the 50-day moving
    # average" is a chart line, not a bound on a number
    return re.compile(rf"\b{re.escape(phrase)}(?=\s+{the}(?:\$|us\$|\d|{_NUMBER_WORDS})){time}"
                      rf"(?!\s+(?:the\s+)?\d+-(?:day|week|month))")


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


# "climbed 0.2% to 102.22": the level reached right after the move's own figure.
_AFTER_MOVE_FIGURE = re.compile(r"(?:%|percent|points?)\s*,?\s*(?:to|at)\s+$", re.I)


def _index_levels(doc: Doc, assets: list[Span]) -> Iterable[Span]:
    """Bare numbers that are an index's level: only in a sentence that names an index before
    them, or any asset when the number is where its move ended ("the WSJ Dollar Index climbed
    0.2% to 102.22")."""
    text = text_of(doc)
    for m in BARE_LEVEL_RE.finditer(text):
        span = doc.char_span(m.start(1), m.end(1), label="AMOUNT")
        if span is None:
            continue
        before = [a for a in assets if a.end <= span.start and a.sent == span.sent]
        if any(a.kb_id_.startswith("^") for a in before) \
                or before and _AFTER_MOVE_FIGURE.search(text, max(0, m.start() - 20), m.start(1)):
            yield span


# Verbs whose "up"/"down" is the move: "closed down", "edged up 0.7%", "shot up 22%", "gapped down".
_MOVE_PARTICLE_VERBS = frozenset({"close", "end", "finish", "trade", "open", "be", "go", "edge", "inch",
                                  "tick", "shoot", "gap", "move", "drift", "creep", "head", "drive"})


# Verbs whose "up"/"down" before a figure is no price move: a share of a whole, a plan, a sum.
_SHARE_PARTICLE_VERBS = frozenset({"make", "add", "sum", "round", "break", "set", "step", "ramp", "scale",
                                   "wind", "mark", "sign"})

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
