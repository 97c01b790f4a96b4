"""Component "claim_extractor": assemble ClaimCandidates from the spans in doc.spans["fin"].

Per sentence, each AMOUNT becomes a claim: its direction comes from the nearest MOVE word in
the clause, its subject from the nearest ASSET before it, its qualifier from the words right
before (or, for "declines exceeding 5%", between) it, and its time from the nearest TIME in the
sentence. LEVEL phrases ("a two-week low") and bare directions ("yields higher") become claims
of their own kinds. The result is plain data in doc._.claims, so it survives pickling.
"""
from __future__ import annotations

from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.lexicon import load_lexicon
from pipeline.nlp.quantities import parse_amount, step_of
from pipeline.nlp.rules import SPANS_KEY
from pipeline.types import ClaimCandidate, Kind, Qualifier

CLAIMS_ATTR = "claims"
_MOVE_WINDOW = 8  # tokens between a move word and its amount
# Words that say a sentence is about a market price even when no asset is named ("its shares").
_PRICE_WORDS = frozenset({"share", "shares", "stock", "stocks", "index", "price", "prices",
                          "futures", "token", "coin", "yield", "yields", "market"})
# "the worst-performing S&P 500 constituent": an index name used as a modifier is not the subject.
_MODIFIED = frozenset({"constituent", "constituents", "component", "components", "member",
                       "members", "company", "companies", "stocks", "listed", "heavyweight"})
_LOOKAHEAD = 3  # "a 10% drop": the move word may follow the amount


def install_extensions() -> None:
    if not Doc.has_extension(CLAIMS_ATTR):
        Doc.set_extension(CLAIMS_ATTR, default=None)


@Language.factory(
    "claim_extractor",
    assigns=[f"doc._.{CLAIMS_ATTR}"],
    requires=["doc.spans", "doc.sents"],
)
def make_claim_extractor(nlp: Language, name: str) -> "ClaimExtractor":
    return ClaimExtractor(name)


class ClaimExtractor:
    def __init__(self, name: str):
        self.name = name
        self.lexicon = load_lexicon()
        install_extensions()

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(CLAIMS_ATTR, self.extract(doc))
        return doc

    def extract(self, doc: Doc) -> list[ClaimCandidate]:
        spans = sorted(doc.spans[SPANS_KEY], key=lambda s: s.start)
        starts = [s.start for s in spans]
        claims: list[ClaimCandidate] = []
        context_time: str | None = None  # the last explicit date the article named
        for sent in doc.sents:
            # This sentence's slice of the sorted spans (a scan of all of them per sentence
            # grew with the square of the input).
            first, last = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
            inside = [s for s in spans[first:last] if s.end <= sent.end]
            by_label = {label: [s for s in inside if s.label_ == label] for label in
                        ("ASSET", "AMOUNT", "MOVE", "TIME", "QUALIFIER", "METRIC", "MARKET_VALUE", "LEVEL")}
            by_label["ASSET"] = [a for a in by_label["ASSET"]
                                 if not (a.end < len(sent.doc) and sent.doc[a.end].lower_ in _MODIFIED)]
            claims.extend(self._amount_claims(sent, by_label, context_time))
            claims.extend(self._level_claims(sent, by_label, context_time))
            claims.extend(self._direction_claims(sent, by_label, context_time, claims))
            framing = [t for t in by_label["TIME"]
                       if any(ch.isdigit() for ch in t.text) or _is_period(t.text)]
            if framing:
                context_time = framing[-1].text
        return claims

    # -- the three kinds of claim -------------------------------------------------------------

    def _amount_claims(self, sent: Span, spans: dict, context_time: str | None):
        for amount in spans["AMOUNT"]:
            parsed = parse_amount(amount.text)
            if parsed is None:
                continue
            value, unit = parsed
            move = _nearest(amount, spans["MOVE"], before=_MOVE_WINDOW, after=_LOOKAHEAD)
            subject = _respectively(sent, amount, move, spans) or _nearest_before(move or amount, spans["ASSET"])
            market_value = _nearest(amount, spans["MARKET_VALUE"], before=10, after=3)
            metric = _nearest(amount, spans["METRIC"], before=6, after=3)
            q = _adjacent_qualifier(amount, spans["QUALIFIER"])
            qualifier = Qualifier(q.kb_id_) if q is not None else Qualifier.EXACT
            kind, reason = Kind.DAILY_MOVE, None
            if unit == "USD" and market_value is not None:
                kind = Kind.MARKET_VALUE
            elif metric is not None and (subject is None or metric.start > subject.end):
                kind, reason = Kind.OUT_OF_SCOPE, f"'{metric.text}' is not a market price"
            elif move is None:
                continue  # a bare number with no move word: not a claim this rule set reads
            elif subject is None and not any(t.lower_ in _PRICE_WORDS for t in sent[: amount.start - sent.start]):
                continue  # "dwellings fell 5.6%": a change, but nothing market-priced
            elif unit == "USD":
                kind, reason = Kind.OUT_OF_SCOPE, "price levels are not checked yet"
            elif qualifier is Qualifier.AS_MUCH_AS:
                kind = Kind.INTRADAY
            time = _nearest(amount, spans["TIME"], before=40, after=40)
            time_text = _time_text(time, spans["TIME"], context_time)
            if time_text and _is_period(time_text) and kind is Kind.DAILY_MOVE:
                kind = Kind.PERIOD
            between = [a for a in spans["AMOUNT"]
                       if subject is not None and subject.end <= a.start < amount.start]
            quote_parts = [amount, move, market_value if kind is Kind.MARKET_VALUE else None,
                           _adjacent_qualifier(amount, spans["QUALIFIER"])]
            if subject is not None and not between:
                quote_parts.append(subject)
            yield _candidate(sent.doc, subject, quote_parts, move, kind, value, unit, qualifier,
                             time_text, reason=reason,
                             step=step_of(amount.text))

    def _level_claims(self, sent: Span, spans: dict, context_time: str | None):
        for level in spans["LEVEL"]:
            subject = _nearest_before(level, spans["ASSET"])
            time = _nearest(level, spans["TIME"], before=40, after=40)
            near = subject is not None and not any(
                subject.end <= a.start < level.start for a in spans["AMOUNT"])
            yield _candidate(sent.doc, subject, [subject if near else None, level], None, Kind.LEVEL, None, None, None,
                             _time_text(time, spans["TIME"], context_time),
                             level=level.text.lower().removeprefix("a ").removeprefix("its "))

    def _direction_claims(self, sent: Span, spans: dict, context_time: str | None, claims):
        """"... driven US Treasury yields higher": a move word right after an asset, no number."""
        if spans["AMOUNT"]:
            return
        for asset in spans["ASSET"]:
            move = next((m for m in spans["MOVE"] if 0 <= m.start - asset.end <= 1), None)
            if move is None:
                continue
            time = _nearest(asset, spans["TIME"], before=40, after=40)
            yield _candidate(sent.doc, asset, [asset, move], move, Kind.DIRECTION, None, None, None,
                             _time_text(time, spans["TIME"], context_time))



# -- helpers ------------------------------------------------------------------------------------

def _respectively(sent: Span, amount: Span, move: Span | None, spans: dict) -> Span | None:
    """"the Nasdaq 100 and Dow Jones declined 0.2% and 0.4% respectively": pair in order."""
    if move is None or "respectively" not in sent.text:
        return None
    amounts = [a for a in spans["AMOUNT"] if a.start > move.start]
    assets = [a for a in spans["ASSET"] if a.end <= move.start]
    if amount not in amounts or len(assets) < len(amounts):
        return None
    return assets[len(assets) - len(amounts) + amounts.index(amount)]


def _adjacent_qualifier(amount: Span, qualifiers: list[Span]) -> Span | None:
    """"more than 10%", "by about 230 billion": a qualifier right before the amount."""
    return next((q for q in qualifiers if 0 <= amount.start - q.end <= 1), None)


def _nearest(anchor: Span, candidates: list[Span], before: int, after: int) -> Span | None:
    best, best_dist = None, None
    for c in candidates:
        if c.end <= anchor.start:
            dist = anchor.start - c.end
            if dist > before:
                continue
        elif c.start >= anchor.end:
            dist = c.start - anchor.end
            if dist > after:
                continue
        else:
            continue
        if best_dist is None or dist < best_dist:
            best, best_dist = c, dist
    return best


def _nearest_before(anchor: Span, candidates: list[Span]) -> Span | None:
    before = [c for c in candidates if c.end <= anchor.start]
    return before[-1] if before else None


_PERIOD_WORDS = ("this year", "year to date", "year-to-date", "ytd", "so far this year", "this week",
                 "last week", "this month", "last month", "last year")


def _is_period(text: str) -> bool:
    return text.lower() in _PERIOD_WORDS


def _time_text(time: Span | None, times: list[Span], context_time: str | None) -> str | None:
    """The time expression for a claim. A relative one ("the previous trading day") is joined to
    the explicit date it is relative to: another date in the sentence, or the article's last."""
    if time is None:
        return context_time
    if any(ch.isdigit() for ch in time.text) or _is_period(time.text):
        return time.text
    anchor = next((t.text for t in times if t is not time and any(ch.isdigit() for ch in t.text)),
                  context_time)
    return f"{time.text} | {anchor}" if anchor else time.text


def _candidate(doc, subject, quote_parts, move, kind, value, unit, qualifier, time_text,
               reason=None, level=None, step=None) -> ClaimCandidate:
    """quote_parts: the spans the quote must cover (None entries ignored)."""
    parts = [p for p in quote_parts if p is not None]
    start = min(p.start_char for p in parts)
    end = max(p.end_char for p in parts)
    direction = move.kb_id_ if move is not None else None
    # The quote from the covered tokens: doc.text rebuilds the whole text on every call, which
    # made long inputs quadratic (300k characters: 23 s in this component, now 0.1 s).
    quote = doc[min(p.start for p in parts):max(p.end for p in parts)].text
    return ClaimCandidate(
        quote=quote, start=start, end=end,
        entity=subject.text if subject is not None else "",
        entity_start=subject.start_char if subject is not None else None,
        symbol=(subject.kb_id_ or None) if subject is not None else None,
        kind=kind, direction=direction, value=value, unit=unit,
        qualifier=qualifier if value is not None else None,
        time_text=time_text, move_word=move.text if move is not None else None,
        level=level, reason=reason, step=step,
    )
