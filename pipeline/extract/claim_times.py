"""Which time expression a figure's claim takes, for the claim extractor (claims.py).

A sentence often holds several times and several figures; these rules decide which times may
frame a figure (not one across a semicolon, after a compared figure, or describing another
figure's noun), read the frames the TIME spans leave implicit (a move measured from a dated
close, a streak "over this period", a "when" clause's date) and join a relative time to the
explicit date it counts from.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from spacy.tokens import Span

from pipeline.nlp.dates import day_name, parse_time
from pipeline.nlp.doc_text import text_of
from pipeline.nlp.time_patterns import INTO_DAY


_INTO_DAY = re.compile(INTO_DAY, re.I)
# A record week and its look-back: "its best week since", "its strongest weekly rally since".
_RECORD = re.compile(r"\b(?:best|worst|strongest|weakest|biggest|largest|sharpest|steepest)\s+"
                     r"(?:week|weekly\s+\w+)\s+(?=since\b)", re.I)
_COMPARED = re.compile(r"\b(?:compared|versus|vs|from|than|against|following|after)\b", re.I)


def own_times(amount: Span, spans: dict) -> list[Span]:
    """The times that may belong to the amount's claim: not one that follows a figure the amount
    is compared with ("around 4.54%, compared with 4.542% Monday": Monday is the 4.542%'s), nor
    one that describes another figure ("up 4.5%, contributing to its 40% year-to-date gain"),
    nor one inside a relative clause about the subject ("Amazon, which reports on Thursday,
    dropped 1.7%": Thursday is the report's day, not the move's)."""
    text = text_of(amount.doc)
    later = [a for a in spans["AMOUNT"] if a.start >= amount.end]
    # Where the compared part begins: the word before the compared figure ("down 14% following
    # Thursday's 10% fall": Thursday is the 10%'s too).
    compared = [m.start() for a in later if (m := _COMPARED.search(text, amount.end_char, a.start_char))]
    # ... or the compared move ("fell below 18, after surging Monday": Monday is the surge's).
    compared += [m.start() for move in spans["MOVE"] if move.start >= amount.end
                 and (m := _COMPARED.search(text, amount.end_char, move.start_char))]
    return [t for t in clause_times(amount, spans["TIME"]) if not any(c <= t.start_char for c in compared)
            and not (modifies_noun(t) and any(0 <= t.start - a.end <= 1 for a in later))
            and not in_other_relative_clause(t, amount) and not in_reason_clause(t, amount)]


_REASON_MARKS = frozenset({"after", "because", "as", "since"})


def in_reason_clause(span: Span, amount: Span) -> bool:
    """The span sits in a clause giving the move's reason, which does not hold the figure:
    "advanced 7.6% after the server maker said it would file its reports by February 25"
    (February 25 is the filing's day, not the move's)."""
    return _in_other_clause(span, amount, lambda head: head.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in _REASON_MARKS for c in head.children))


def in_other_relative_clause(span: Span, amount: Span) -> bool:
    """The span sits in a relative clause that does not hold the figure."""
    return _in_other_clause(span, amount, lambda head: head.dep_ == "relcl")


def _in_other_clause(span: Span, amount: Span, opens_clause) -> bool:
    """Is the nearest clause around the span that `opens_clause` accepts (by its head token)
    one that leaves the figure out?"""
    for token in (span.root, *span.root.ancestors):
        if opens_clause(token):
            return not (token.left_edge.i <= amount.start and amount.end - 1 <= token.right_edge.i)
    return False


def clause_times(anchor: Span, times: list[Span]) -> list[Span]:
    """The times on the anchor's side of every semicolon: "Traded as high as $718.14; new
    all-time high (data back to May 18, 2012)" says nothing about when $718.14 traded. A
    record's look-back ("as Bitcoin posted its best week since March 2024") is only the time
    of a move inside that record phrase ("its strongest weekly rally since 2024")."""
    doc = anchor.doc
    return [t for t in times if not any(tok.text == ";" for tok in (
        doc[t.end:anchor.start] if t.end <= anchor.start else doc[anchor.end:t.start]))
        and not ((record := record_phrase(t)) is not None and not record[0] <= anchor.start_char < record[1])]


def record_phrase(time: Span) -> tuple[int, int] | None:
    """The record words a time belongs to, up to its "since" ("best week " in "its best week
    since March 2024", "strongest weekly rally " with its "weekly" and "since 2024"), or None."""
    for m in _RECORD.finditer(text_of(time.doc), time.sent.start_char, time.sent.end_char):
        if m.start() <= time.start_char <= m.end():
            return m.start(), m.end()
    return None


def modifies_noun(time: Span) -> bool:
    """"its 40% year-to-date gain": the time describes the noun after it (and that figure)."""
    doc = time.doc
    return time.end < len(doc) and doc[time.end].pos_ == "NOUN"


def compared_time(time: Span) -> bool:
    """"compared with 4.542% Monday", "from its 52-week closing low of $142.05 on April 22, 2024":
    the day of a reference figure, not of the news."""
    doc = time.doc
    before = doc[max(time.sent.start, time.start - 12):time.start].text.rpartition(";")[2]
    return _COMPARED.search(before) is not None


# "since Dec. 18, 2024, when it fell 8.28%": the clause after "when" happened on the date before it.
_WHEN_CLAUSE = re.compile(
    r"\b((?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4})\)?,?\s+when\b[^;,]*$",
    re.I)


# "Down 31.86% from its all-time closing high of $479.86 on Dec. 17, 2024", "Up 77.68% from 52
# weeks ago (Feb. 13, 2024)": a move measured from the close of a stated day.
# "Up 126.35% from its 52-week low of $1.571 hit Wednesday, March 27, 2024" (Data Talk).
_FROM_DATE = re.compile(
    r"\s*from\b[^;\n]{0,60}?(?:\bon\s+|\(|\bhit\s+|\bset\s+(?:on\s+)?)"
    r"((?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4})",
    re.I)
# "Rose 121.57% from 52 weeks ago": from the close that long before the publication.
_FROM_AGO = re.compile(r"\s*from\s+(\d+|one|two|three|six|twelve)\s+(weeks?|months?|years?)\s+ago\b", re.I)
# "Off 16.28% from its 52-week high", "down 5% from the record close", "fallen 50% below its
# pandemic peak": measured from a reference the line does not date.
_FROM_REFERENCE = re.compile(r"\s*(?:from|below|under|above|off)\s+(?:its|their|the|a)\s+[^;\n]{0,40}?"
                             r"\b(?:highs?|lows?|peaks?|records?)\b", re.I)


def measured_from(sent: Span, amount: Span) -> str | None:
    """"after <day>" when the move right after the amount is measured from that day's close.
    The amount is a move's ("up 12%", "down 0.364 percentage point"), never a price: "to $230
    from $220 on Jan. 3" dates the price before."""
    text = text_of(sent.doc)
    m = _FROM_DATE.match(text, amount.end_char, sent.end_char)
    if m:
        return f"after {m.group(1)}"
    ago = _FROM_AGO.match(text, amount.end_char, sent.end_char)
    return f"after {ago.group(1)} {ago.group(2)} ago" if ago else None


def from_undated_reference(sent: Span, amount: Span) -> bool:
    """A move measured from a high, low or record the text does not date: no day's move, and
    no period the extractor can bound. The amount is a move's, as for measured_from."""
    return _FROM_REFERENCE.match(text_of(sent.doc), amount.end_char, sent.end_char) is not None


# "Currently down five consecutive days; down 16.64% over this period": the streak is the period.
_STREAK = re.compile(r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
                     r"(?:consecutive|straight)\s+(?:trading\s+)?(?:days|sessions)\b", re.I)


_OVER_THIS_PERIOD = re.compile(r"\s*(?:over|in|during)\s+(?:this|that|the)\s+(?:period|stretch|span|streak)\b", re.I)


def streak(sent: Span, amount: Span) -> str | None:
    """"the past N sessions" for a move "over this period" after a streak of N sessions."""
    text = text_of(sent.doc)
    streak = _STREAK.search(text, sent.start_char, amount.start_char)
    if streak is None or not _OVER_THIS_PERIOD.match(text, amount.end_char, sent.end_char):
        return None
    return f"the past {streak.group(1).lower()} sessions"


WHEN_AFTER = re.compile(r"\)?,?\s+when\b", re.I)  # "since Nov. 27, 2024, when ...": a past record's date


def when_clause_date(sent: Span, amount: Span) -> str | None:
    """The explicit date a "when" clause holding the amount refers to, if any."""
    m = _WHEN_CLAUSE.search(text_of(sent.doc), sent.start_char, amount.start_char)
    return m.group(1) if m else None


def is_period(text: str) -> bool:
    """A time expression naming a stretch of sessions ("this year", "since March", "past week")."""
    return _kind(text.partition("|")[0]) in ("period", "sessions_back", "sessions_after")


def names_week(text: str) -> bool:
    return re.search(r"\bweek\b", text, re.I) is not None


_DAY_NAMES = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


def is_weekday(text: str) -> bool:
    """A day named by its name ("Friday", "on Sunday", "Sunday morning": crypto trades at weekends too)."""
    return day_name(text.lower().removeprefix("on ")) in _DAY_NAMES


_ANY_DAY = date(2025, 6, 30)  # only the kind of a time expression is asked for here, not its dates


_TIME_PREPOSITIONS = frozenset({"in", "on", "at", "during", "for", "over", "of", "by", "from"})


def with_preposition(time: Span) -> Span:
    """TIME spans leave out their preposition ("2025" in "in 2025"), but it changes the reading:
    "in 2025" is a year, "its 2025 sales" is not a time frame at all."""
    doc = time.doc
    if time.start > 0 and doc[time.start - 1].lower_ in _TIME_PREPOSITIONS:
        return Span(doc, time.start - 1, time.end, label=time.label_)
    return time


def readable_time(text: str) -> bool:
    return _kind(text) is not None


@lru_cache(maxsize=4096)  # each TIME span is asked about per figure of its sentence, and again per claim
def _kind(text: str) -> str | None:
    """What sort of time the text names ("date", "period", ...; None: not one we read)."""
    ref = parse_time(text, _ANY_DAY)
    return ref.kind if ref is not None else None


def time_for_claim(time: Span | None, times: list[Span], context_time: str | None) -> str | None:
    """The time expression for a claim. A relative one ("the previous trading day") is joined to
    the explicit date it is relative to: another date in the sentence, or the article's last."""
    if time is None:
        return context_time
    if record_phrase(time) is not None:
        # "posted its strongest weekly rally since 2024": the record's look-back, not the
        # move's time; the move is the week's.
        return "weekly"
    if is_period(time.text):
        # "Coming into Wednesday trading, Tesla was up 56% since the Nov. 5 election": the
        # period runs to the session before that day, not to the publication.
        bound = next((t for t in times if t is not time and _INTO_DAY.fullmatch(t.text)), None)
        return f"{time.text} | {bound.text}" if bound is not None else time.text
    if any(ch.isdigit() for ch in time.text) or is_weekday(time.text):
        return time.text  # a weekday counts back from the publication day, not from another date
    anchor = next((t.text for t in times if t is not time and any(ch.isdigit() for ch in t.text)),
                  context_time)
    return f"{time.text} | {anchor}" if anchor else time.text


def previous_close_time(amount: Span, time: Span | None, time_text: str | None) -> str:
    """The time of a figure quoted as the one before a move ("to 4.543% from 4.536%"): the
    session before the move's, unless the day is told right after the figure itself ("from
    4.748% late on Tuesday": Tuesday's close)."""
    if time is not None and 0 <= time.start - amount.end <= 1 and not is_period(time.text):
        return time_text
    return "the previous trading day" + (f" | {time_text}" if time_text else "")
