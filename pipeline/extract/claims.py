"""Component "claim_extractor": assemble ClaimCandidates from the spans in doc.spans["fin"].

Per sentence, each AMOUNT becomes a claim: its direction comes from the nearest MOVE word in
the clause, its subject from the nearest ASSET before it (claim_subjects.py has the exceptions:
lists, unlinked names, anaphora), its qualifier from the words right before (or, for "declines
exceeding 5%", between) it, and its time from the nearest TIME in the sentence (claim_times.py
decides which times may frame it). LEVEL phrases ("a two-week low") and bare directions
("yields higher") become claims of their own kinds. The result is plain data in doc._.claims,
so it survives pickling.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract.claim_times import (WHEN_AFTER, clause_times, compared_time, from_undated_reference,
                                          in_other_relative_clause, is_period, is_weekday, measured_from, names_week,
                                          own_times, previous_close_time, readable_time, streak, time_for_claim,
                                          when_clause_date, with_preposition)
from pipeline.extract.claim_subjects import (amount_subject, coordinated_subjects, group_subjects, level_subject,
                                             listed_subject, listed_with, metric_subject, nearest_before,
                                             paired_in_order, respectively, used_as_modifier)
from pipeline.extract.directions import same_move_assets, subject_assets, undone
from pipeline.extract.modality import is_forecast
from pipeline.extract.price_levels import read_price
from pipeline.nlp.doc_text import text_of
from pipeline.nlp.lexicon import load_lexicon
from pipeline.nlp.quantities import is_range, parse_amount, parse_bare_number, step_of
from pipeline.nlp.rules import AMBIGUOUS_ATTR, SPANS_KEY
from pipeline.resolve.anaphora import Antecedents
from pipeline.types import ClaimCandidate, Kind, Qualifier

CLAIMS_ATTR = "claims"
_MOVE_WINDOW = 8  # tokens between a move word and its amount
# Words that say a sentence is about a market price even when no asset is named ("its shares").
_PRICE_WORDS = frozenset({"share", "shares", "stock", "stocks", "index", "price", "prices",
                          "futures", "token", "coin", "yield", "yields", "market"})
_LOOKAHEAD = 3  # "a 10% drop": the move word may follow the amount
_RANGE_SPREAD = 10  # a range's upper end is at most this many times its lower one


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
        # The time that frames undated claims: the lead's frames the whole article, a later one
        # only the rest of its paragraph ("The 10-year yield fell on Wednesday." in a Friday
        # wrap says nothing about the next paragraph's moves).
        lead_time: str | None = None
        context_time: str | None = None
        paragraph_end = -1
        antecedents = Antecedents()
        for sent_no, sent in enumerate(_sentences(doc, spans)):
            if sent.start_char > paragraph_end:
                context_time = lead_time
                paragraph_end = _paragraph_end(doc, sent.start_char)
            # This sentence's slice of the sorted spans (a scan of all of them per sentence
            # grew with the square of the input).
            first, last = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
            inside = [s for s in spans[first:last] if s.end <= sent.end]
            by_label = {label: [s for s in inside if s.label_ == label] for label in
                        ("ASSET", "AMOUNT", "MOVE", "TIME", "QUALIFIER", "METRIC", "MARKET_VALUE", "LEVEL")}
            # A time expression the parser cannot read ("earlier in the month") frames no claim:
            # the article's context time is a better guess than an unreadable one.
            by_label["TIME"] = [s for s in map(with_preposition, by_label["TIME"]) if readable_time(s.text)
                                and not any(lv.start <= s.start and s.end <= lv.end for lv in by_label["LEVEL"])]
            by_label["ASSET"] = [a for a in by_label["ASSET"] if not used_as_modifier(a)]
            by_label["MOVE"] = [m for m in by_label["MOVE"] if m.root.lemma_.lower() not in self.lexicon.not_price_moves]
            before = len(claims)
            claims.extend(self._amount_claims(sent, by_label, context_time, antecedents, sent_no))
            claims.extend(self._level_claims(sent, by_label, context_time, antecedents, sent_no))
            claims.extend(self._direction_claims(sent, by_label, context_time, claims, antecedents, sent_no))
            for asset in by_label["ASSET"]:
                antecedents.add(sent_no, asset)
            # "since Dec. 18" measures its own claim's move from that day; it frames no other.
            framing = [t for t in by_label["TIME"] if not t.text.lower().startswith("since") and not compared_time(t)
                       and not WHEN_AFTER.match(text_of(t.doc), t.end_char)
                       and (any(ch.isdigit() for ch in t.text) or is_period(t.text) or is_weekday(t.text))]
            if any(c.kind is not Kind.OUT_OF_SCOPE for c in claims[:before]):
                # Past the lead, a time frames the sentences after it only when a price claim
                # of its own sentence used it: "suspended the levies on Monday" or "CPI rose
                # 0.5% last month" is background, not the day the next moves happened on.
                used = {c.time_text.partition("|")[0].strip() for c in claims[before:]
                        if c.time_text and c.kind is not Kind.OUT_OF_SCOPE}
                # A period there ("its 40% year-to-date gain") is its own claim's: the next
                # undated move is a day's, not the year's. A weekly wrap's week ("the Dow ended
                # 0.5% lower for the week. The S&P fell 0.2%") goes on framing its list.
                framing = [t for t in framing if t.text in used and (not is_period(t.text) or names_week(t.text))]
            if claims[before:] and all(c.kind is Kind.OUT_OF_SCOPE for c in claims[before:]):
                framing = []  # "revenue in the three months ended Dec. 31 rose": the metric's date
            if framing:
                # "rose on Friday and were on track for a weekly gain": the next lines' moves
                # are Friday's; the week frames them only when the sentence names no day
                days = [t for t in framing if not is_period(t.text)]
                context_time = (days or framing)[-1].text
                if lead_time is None and not any(c.kind is not Kind.OUT_OF_SCOPE for c in claims[:before]):
                    lead_time = context_time
                elif lead_time is not None and is_period(lead_time) and is_weekday(context_time):
                    # A headline's period ("Spot gold up 5% for the week so far") frames no
                    # later paragraph once the story names its weekday ("... on Friday")
                    lead_time = context_time
        return claims

    # -- the three kinds of claim -------------------------------------------------------------

    def _amount_claims(self, sent: Span, spans: dict, context_time: str | None,
                       antecedents: Antecedents, sent_no: int):
        doc = sent.doc
        used_in_range: set[int] = set()
        previous: tuple[Span, Span | None] | None = None  # the last amount read and its move
        for amount in spans["AMOUNT"]:
            if amount.start in used_in_range:
                continue
            parsed, step = parse_amount(amount.text), step_of(amount.text)
            bare = parse_bare_number(amount.text) if parsed is None else None
            if bare is not None:  # "to 44,303.40": an index level, in points
                parsed, step = (bare[0], "pt"), bare[1]
            if parsed is None:
                continue
            value, unit = parsed
            quote_end = amount
            # Points are never a range: "fell 444 points to 44,303 points" is a move and a level.
            upper = _range_upper(amount, spans["AMOUNT"]) if unit != "pt" else None
            if upper is not None:  # "between 2% and 3%": one claim about the range's middle
                hi = parse_amount(upper.text)
                # "gained 50 cents to $80.84" is a change and the price it reached, not a range
                if hi is not None and hi[1] == unit and value < hi[0] <= _RANGE_SPREAD * value:
                    value, step = (value + hi[0]) / 2, hi[0] - value
                    used_in_range.add(upper.start)
                    quote_end = upper
            # A move word after the figure is its own ("a 10% drop") unless another subject
            # stands between them: "rose 2% to $230.48, Microsoft climbed 2.5%".
            moves = [m for m in spans["MOVE"] if m.start < amount.start
                     or not any(amount.end <= a.start and a.end <= m.start for a in spans["ASSET"])]
            move = _nearest(amount, moves, before=_MOVE_WINDOW, after=_LOOKAHEAD) \
                or _move_after_time(amount, spans) or _list_move(amount, previous, spans["ASSET"])
            previous = (amount, move)
            paired = respectively(sent, amount, move, spans) or paired_in_order(sent, amount, spans)
            subject, note = amount_subject(sent, sent_no, amount, move, spans, antecedents, paired)
            market_value = _nearest(amount, spans["MARKET_VALUE"], before=10, after=3)
            # "Santander, which posted Q4 results and buyback plans, gained 11%": a metric in a
            # relative clause without the figure describes the subject, not the figure
            metrics = [m for m in spans["METRIC"] if not in_other_relative_clause(m, amount)]
            metric = _nearest(amount, metrics, before=6, after=3) or metric_subject(move, spans["METRIC"])
            if metric is not None and metric.start >= amount.end and any(
                    t.lower_ in _CAUSE_WORDS for t in sent.doc[amount.end:metric.start]):
                # "shed 7.7% on higher capital expenditure": the cause, not what moved; a metric
                # before the figure still is ("earnings per share of $2.95 on revenue of ...")
                metric = _nearest(amount, spans["METRIC"], before=6, after=0)
            q = _adjacent_qualifier(amount, spans["QUALIFIER"])
            qualifier = Qualifier(q.kb_id_) if q is not None else Qualifier.EXACT
            if q is None and _AT_EXTREME.match(text_of(doc), amount.end_char):
                qualifier = Qualifier.AS_MUCH_AS  # "Up 7.07% at today's intraday high": the day's extreme
            if q is None and (quote_end is not amount or is_range(amount.text)):
                qualifier = Qualifier.ABOUT  # a range's midpoint is an approximate figure
            # A sign written on the figure is its direction, whatever move word heads the list:
            # "Alphabet adding 0.2% while Microsoft (-0.4%)".
            signed = _sign_direction(amount)
            kind, reason, level, direction = Kind.DAILY_MOVE, None, None, signed or (move.kb_id_ if move is not None else None)
            # A price, an index level in points, or a yield's level ("fell 3 basis points to 4.54%").
            # "up 0.70% at 6,068.08 points", "fell to 44,000 points": an index level in points too.
            points_level = unit == "pt" and amount.start > 0 and doc[amount.start - 1].lower_ in ("at", "to")
            price_like = unit == "USD" or bare is not None or points_level or unit == "%" and _names_a_yield(sent, amount)
            reading = _price_reading(sent, amount, move, direction, spans) if price_like else None
            if reading is not None and reading.level is None and unit != "USD":
                reading = None  # "the yield jumped 0.05%": a change in percent, read as any other
            if unit == "USD" and market_value is not None:
                kind = Kind.MARKET_VALUE
            elif metric is not None and (subject is None or metric.start >= subject.end):
                kind, reason = Kind.OUT_OF_SCOPE, f"'{metric.text}' is not a market price"
            elif move is not None and is_forecast(move, sent):  # "could climb 20%", "will climb above $100,000"
                kind, reason = Kind.OUT_OF_SCOPE, f"a forecast ('{move.text}' said of what may happen), not a reported move"
            elif unit == "USD" or bare is not None or reading is not None:  # a yield's % only when read as a level
                if reading is None or (subject is None and move is None):
                    continue  # a price of nothing named
                if reading.level is None and subject is None and not _priced(sent, amount):
                    continue  # "wages rose $1.37 an hour": a change in dollars, of nothing market-priced
                if reading.previous and any(m.end <= amount.start for m in spans["METRIC"]):
                    continue  # "raised its price target to $635 from $630": the old target, not a close
                kind, direction, level = reading.kind, reading.direction, reading.level
            elif move is None and signed is None:
                continue  # a bare number with no move word: not a claim this rule set reads
            elif subject is None and not _priced(sent, amount):
                continue  # "dwellings fell 5.6%": a change, but nothing market-priced
            if qualifier is Qualifier.AS_MUCH_AS and kind is Kind.DAILY_MOVE:
                kind = Kind.INTRADAY  # "up as much as 7%", "up as much as $5": the day's extreme
            a_move = level is None and kind is not Kind.MARKET_VALUE  # not a price or a value
            measured = measured_from(sent, amount) if a_move else None
            if measured is None and a_move and from_undated_reference(sent, amount):
                continue  # "Off 16.28% from its 52-week high": from a day the text does not give
            time = _nearest(amount, own_times(amount, spans), before=40, after=40)
            time_text = when_clause_date(sent, amount) or measured or streak(
                sent, amount) or time_for_claim(time, spans["TIME"], context_time)
            if time_text and is_period(time_text) and kind is Kind.DAILY_MOVE:
                kind = Kind.PERIOD
            if time_text is None and kind is Kind.LEVEL and _pluperfect(sent, amount):
                time_text = "the previous trading day"
            if reading is not None and reading.previous:  # "to 4.543% from 4.536%": the close before the move
                time_text = previous_close_time(amount, time, time_text)
            coordinated = subject is not None and note is None and paired is None
            subjects = coordinated_subjects(sent, subject, spans["ASSET"]) if coordinated else [subject]
            for subj in subjects:
                in_sentence = subj is not None and subj.start >= sent.start
                between = [a for a in spans["AMOUNT"]
                           if in_sentence and subj.end <= a.start < amount.start and a is not amount]
                quote_parts = [amount, quote_end, move, market_value if kind is Kind.MARKET_VALUE else None,
                               _adjacent_qualifier(amount, spans["QUALIFIER"])]
                if in_sentence and not between:
                    quote_parts.append(subj)
                yield _candidate(doc, subj, quote_parts, move, kind, value, unit, qualifier,
                                 time_text, reason=reason, step=step, level=level,
                                 direction=direction, note=note)

    def _level_claims(self, sent: Span, spans: dict, context_time: str | None,
                      antecedents: Antecedents, sent_no: int):
        """"a two-week low", "closed at a record": claims about the asset level_subject finds,
        unless a metric reached the level ("BP's profit hit a four-year low")."""
        for level in spans["LEVEL"]:
            if _HYPOTHETICAL.search(text_of(sent.doc), sent.start_char, level.start_char):
                continue  # "Would be lowest close since Nov. 15": not (yet) a fact to check
            if any(0 <= a.start - level.end <= 2 and (parse_amount(a.text) or (0, ""))[1] == "USD"
                   for a in spans["AMOUNT"]):
                continue  # "an all-time high of $1,111": read with its price
            subject, note = level_subject(sent, sent_no, level, spans, antecedents)
            if subject is None:
                continue  # no market named: an economic figure's level
            if any(max(subject.end, sent.start) <= m.start < level.start for m in spans["METRIC"]):
                continue  # a metric reached it: "BP's quarterly profit fell to a four-year low"
            time = _nearest(level, clause_times(level, spans["TIME"]), before=40, after=40)
            time_text = time_for_claim(time, spans["TIME"], context_time)
            if time is None and _pluperfect(sent, level):  # "had just hit a closing high": before the day told
                time_text = "the previous trading day" + (f" | {context_time}" if context_time else "")
            near = subject.start >= sent.start and not any(
                subject.end <= a.start < level.start for a in spans["AMOUNT"])
            # "the S&P 500, the Dow and the Russell 2000 all closing at record highs": each one
            subjects = coordinated_subjects(sent, subject, spans["ASSET"]) if near else [subject]
            for subj in subjects:
                yield _candidate(sent.doc, subj, [subj if near else None, level], None, Kind.LEVEL, None, None,
                                 None, time_text, level=level.text.lower().removeprefix("a ").removeprefix("its "),
                                 note=note)

    def _direction_claims(self, sent: Span, spans: dict, context_time: str | None, claims,
                          antecedents: Antecedents, sent_no: int):
        """A move word no number belongs to: "Treasury yields rose", "Alphabet and AMD fell",
        "CleanSpark and Riot all posted gains". The subject comes from the parse (with the
        rest of the list it is written in), or is the asset right before the move ("... driven
        US Treasury yields higher"), or a counted group ("the three indexes"). A subject in
        an "as did" clause moved the same way, even where the move has a figure."""
        with_number = {m.start for a in spans["AMOUNT"]
                       if (m := _nearest(a, spans["MOVE"], before=_MOVE_WINDOW, after=_LOOKAHEAD)) is not None}
        # An asset with a figure in this sentence is told by that claim ("Nvidia fell 5%, erasing ...").
        seen = {c.symbol or c.entity for c in claims if c.start >= sent.start_char and c.value is not None}
        for move in spans["MOVE"]:
            # ("Amazon posted a loss" never gets here: the rules read a loss without a percentage
            # as a METRIC, lexicon.toml [metrics] results)
            if _not_a_move(move) or is_forecast(move, sent):
                continue  # ("shares could rise": a forecast, nothing to check)
            subjects = same_move_assets(move, spans["ASSET"])
            if move.start not in with_number:
                found = subject_assets(move, spans["ASSET"]) or [
                    a for a in spans["ASSET"] if 0 <= move.start - a.end <= 1]
                subjects = [a for s in found for a in listed_with(sent, s, spans["ASSET"], move)] + subjects \
                    or group_subjects(sent, sent_no, move, spans["ASSET"], antecedents)
            for asset in subjects:
                key = asset.kb_id_ or asset.text
                if key in seen:
                    continue
                seen.add(key)
                time = _nearest(move, clause_times(move, spans["TIME"]), before=40, after=40)
                yield _candidate(sent.doc, asset, [asset, move], move, Kind.DIRECTION, None, None, None,
                                 time_for_claim(time, spans["TIME"], context_time))


# -- helpers ------------------------------------------------------------------------------------


def _priced(sent: Span, amount: Span) -> bool:
    """Does the sentence name something market-priced before the figure ("its shares fell 5%")?"""
    return any(t.lower_ in _PRICE_WORDS for t in sent[: amount.start - sent.start])


def _not_a_move(move: Span) -> bool:
    """"Meta's increased spending" (a participle describing a noun), "higher than the
    average" (a comparison) and "pared losses" (an undone move) say nothing about how a price
    moved."""
    doc = move.doc
    return move.root.dep_ == "amod" or move.end < len(doc) and doc[move.end].lower_ == "than" or undone(move)


def _price_reading(sent: Span, amount: Span, move: Span | None, direction: str | None, spans: dict):
    """Read the amount as a price or level reached ("to $71.33", "at 44,341.3", "around 4.54%")."""
    doc = sent.doc
    level_span = next((lv for lv in spans["LEVEL"] if 0 <= amount.start - lv.end <= 2), None)
    # "fell 2.7% to $71.33", "was 0.9% down ... at $388.59": the move's direction belongs to its
    # own figure, not to the level.
    before_move = direction if move is not None and move.end <= amount.start and not any(
        move.end <= a.start < amount.start or a.end == move.start
        for a in spans["AMOUNT"]) else None
    before = text_of(doc)[sent.start_char:amount.start_char].rstrip(" ~≈<>")  # "flat at ~4.54%"
    phrase = level_span.text.lower().removeprefix("a ").removeprefix("its ").removeprefix("new ") \
        if level_span is not None else None
    return read_price(before + " ", before_move, phrase)


# "10-year yield", "yields on the 10-year bond", "two-year rate": a percent that is a level.
_YIELD = re.compile(r"\byields?\b|\b(?:\d+|two|three|five|seven|ten|thirty)[- ](?:year|month)\s+(?:rate|note|bond)\b", re.I)


def _names_a_yield(sent: Span, amount: Span) -> bool:
    """Is the percent about a bond yield (whose level is itself a percent)?"""
    return _YIELD.search(text_of(sent.doc), sent.start_char, amount.start_char) is not None


def _move_after_time(amount: Span, spans: dict) -> Span | None:
    """"its nearly 40% year-to-date gain": the move noun after the figure's own time."""
    time = next((t for t in spans["TIME"] if 0 <= t.start - amount.end <= 1), None)
    if time is None:
        return None
    return next((m for m in spans["MOVE"] if 0 <= m.start - time.end <= 1), None)


def _list_move(amount: Span, previous: tuple[Span, Span | None] | None, assets: list[Span]) -> Span | None:
    """"Indexes down: Dow 0.99%, S&P 0.95%, Nasdaq 1.36%": the move heading a list holds for
    every item of it, however long the list is."""
    if previous is None or previous[1] is None:
        return None
    subject = listed_subject(amount, previous[1], assets)
    if subject is None:
        return None
    gap = text_of(amount.doc)[previous[0].end_char:subject.start_char]
    return previous[1] if re.fullmatch(r"\s*(?:,|;|,?\s*and)\s*", gap) else None


def _sentences(doc: Doc, spans: list[Span]):
    """The parser's sentences, joined where one of our spans runs across a boundary or where
    the boundary has no final punctuation: the parser cuts short list lines such as
    "Oracle (ORCL) -4.5%, Broadcom (AVGO) -11.4%." after "(AVGO)" and inside "-11.4%"."""
    inner = {i for s in spans for i in range(s.start + 1, s.end)}  # token boundaries inside a span
    start = None
    for sent in _lines(doc):
        start = sent.start if start is None else start
        if sent.end in inner or sent.end < len(doc) and not _ends_sentence(sent):
            continue
        yield doc[start:sent.end]
        start = None
    if start is not None:
        yield doc[start:len(doc)]


def _lines(doc: Doc):
    """The parser's sentences, cut again at line breaks. In news text a line break ends a
    paragraph, a headline or a list line ("S&P 500: 6,050.2 (+0.4%)"); the parser sometimes
    runs a sentence across it, and a lead's date must not reach into the list below it."""
    for sent in doc.sents:
        start = sent.start
        for token in sent[:-1]:
            if "\n" in token.whitespace_ or token.is_space and "\n" in token.text:
                yield doc[start:token.i + 1]
                start = token.i + 1
        yield doc[start:sent.end]


def _ends_sentence(sent: Span) -> bool:
    """Does the parser's sentence end where the writer ended one: at final punctuation or a
    line break (not after "Broadcom (AVGO)" in a list line)?"""
    last = sent[-1]
    return (not last.text.strip() or "\n" in last.whitespace_ + sent.doc[sent.end].text
            or last.text[-1] in ".!?;…\"'”’")  # a colon leads into its line: "Indexes down: Dow 0.99%"


def _sign_direction(amount: Span) -> str | None:
    """"Palantir (PLTR) +26%", "FactSet (-18.5%)": a signed change carries its own direction."""
    sign = amount.text[:1]
    return "up" if sign == "+" else "down" if sign in ("-", "−", "–") else None


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


# "Up 7.07% at today's intraday high" (Dow Jones Data Talk): the move at the day's extreme.
_AT_EXTREME = re.compile(r"\s+at\s+(?:today['’]s|its|the\s+(?:day|session)['’]s)\s+(?:intraday\s+)?(?:high|low)\b", re.I)

_CAUSE_WORDS = frozenset({"on", "after", "amid", "as", "following", "despite", "over", "due", "because"})


# "Would be a new 52-week closing high", "on pace for its lowest close since ...": a level the
# price has not made (yet) is a projection, not a claim.
_HYPOTHETICAL = re.compile(r"\b(?:would|could|might|on\s+pace|on\s+track|poised)\b", re.I)


def _pluperfect(sent: Span, anchor: Span) -> bool:
    """"had just hit": the verb governing the phrase is in the past perfect."""
    head = anchor.root.head
    for _ in range(3):
        if any(child.lower_ == "had" and child.dep_ == "aux" for child in head.children):
            return True
        if head.head is head:
            break
        head = head.head
    return False


def _range_upper(amount: Span, amounts: list[Span]) -> Span | None:
    """"between 2% and 3%", "2% to 3%": the upper end of a range starting at `amount`."""
    doc = amount.doc
    for other in amounts:
        if other.start > amount.end and other.start - amount.end <= 2:
            words = doc[amount.end:other.start].text.lower().strip()
            if words in ("and", "to", "-", "–") and (words != "and" or amount.start > 0 and doc[amount.start - 1].lower_ == "between"):
                return other
    return None


def _candidate(doc, subject, quote_parts, move, kind, value, unit, qualifier, time_text,
               reason=None, level=None, step=None, direction=None, note=None) -> ClaimCandidate:
    """quote_parts: the spans the quote must cover (None entries ignored)."""
    parts = [p for p in quote_parts if p is not None]
    start = min(p.start_char for p in parts)
    end = max(p.end_char for p in parts)
    if direction is None and kind is not Kind.LEVEL:
        direction = (move.kb_id_ or None) if move is not None else None  # a model MOVE may carry none
    if note is None and subject is not None and not subject.kb_id_:
        note = (doc._.get(AMBIGUOUS_ATTR) or {}).get((subject.start_char, subject.end_char))
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
        level=level, reason=reason, step=step, note=note,
    )


def _paragraph_end(doc: Doc, start_char: int) -> int:
    """Where the paragraph holding `start_char` ends (its next line break, or the text's end)."""
    end = text_of(doc).find("\n", start_char)
    return len(text_of(doc)) if end < 0 else end
