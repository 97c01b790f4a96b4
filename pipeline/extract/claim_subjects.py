"""Whose figure is it: the subject of an amount, for the claim extractor (claims.py).

The nearest asset before the move or the figure, unless the sentence pairs listed subjects
with listed figures ("0.5% and 0.2% respectively", "Dow 0.99%, S&P 0.95%"), names a company we
cannot link ("SolarWinds shares"), leaves the subject out (a data list's lines), or points back
to an earlier sentence (anaphora.py). Also: which listed subjects share a figure, which index is
named only to place the subject ("the S&P 500's steepest decliner"), and which figure's subject
is a metric rather than a price.
"""
from __future__ import annotations

import re

from spacy.tokens import Span

from pipeline.extract.directions import subject_token
from pipeline.nlp.doc_text import text_of
from pipeline.resolve.anaphora import Antecedents
from pipeline.resolve.symbols import RATE_SYMBOLS


# "the worst-performing S&P 500 constituent", "Bitcoin miners rallied", "bitcoin ETFs saw
# outflows": an asset name used as a modifier is not the subject.
_MODIFIED = frozenset({"constituent", "constituents", "component", "components", "member",
                       "members", "company", "companies", "stocks", "listed", "heavyweight",
                       "miner", "miners", "producer", "producers", "supplier", "suppliers", "rival", "rivals",
                       "peer", "peers", "investor", "investors", "trader", "traders", "holder", "holders",
                       "bulls", "bears", "whales", "firms", "etf", "etfs", "sector", "sectors"})


# "the S&P 500's steepest decliner", "the Nasdaq's biggest gainers": a ranking within the index.
_RANKED = frozenset({"decliner", "decliners", "gainer", "gainers", "performer", "performers", "laggard",
                     "laggards", "loser", "losers", "winner", "winners", "mover", "movers"})


def amount_subject(sent: Span, sent_no: int, amount: Span, move: Span | None, spans: dict,
                    antecedents: Antecedents, paired: Span | None) -> tuple[Span | None, str | None]:
    """The asset an amount is about, and a note when it was named in an earlier sentence."""
    subject = paired or listed_subject(amount, move, spans["ASSET"]) or noun_move_subject(
        move, spans["ASSET"]) or nearest_before(move or amount, spans["ASSET"])
    if subject is None and move is not None:
        subject = unlisted_name(sent, move)
    if subject is not None:
        return subject, None
    subject = antecedents.resolve(sent_no, text_of(sent.doc)[sent.start_char:amount.start_char])
    if subject is None and elided_subject(sent, spans["MOVE"]):
        subject = antecedents.last()
        # The list's subject stays the topic: "when it closed at ..." ten lines into a data
        # list still means the stock the list is about.
        if subject is not None:
            antecedents.add(sent_no, subject)
    if subject is None:
        return None, None
    return subject, _named_earlier(subject)


_NOUN_MOVE_LINK = frozenset({"in", "for", "of", "by"})


def noun_move_subject(move: Span | None, assets: list[Span]) -> Span | None:
    """"the nearly 21% rise in the broader S&P500 Index", "a 3% drop for Nvidia": a move
    written as a noun names what moved right after it."""
    if move is None or move.root.pos_ != "NOUN" or move.end >= len(move.doc) \
            or move.doc[move.end].lower_ not in _NOUN_MOVE_LINK:
        return None
    return next((a for a in assets if move.end < a.start <= move.end + 4
                 and all(t.pos_ in ("DET", "ADJ") for t in move.doc[move.end + 1:a.start])), None)


def level_subject(sent: Span, sent_no: int, level: Span, spans: dict,
                  antecedents: Antecedents) -> tuple[Span | None, str | None]:
    """The asset a level phrase ("a two-week low") is about, and a note when it was named in an
    earlier sentence: the asset before it, the market ("stocks"), or the one an anaphor ("its
    highest since May") or a data list's left-out subject points back to. None when no market
    is named: "consumer sentiment dropped to a seven-month low" is an economic figure's level."""
    subject = nearest_before(level, spans["ASSET"]) or market_proxy(sent, level)
    if subject is not None:
        return subject, None
    subject = antecedents.resolve(sent_no, text_of(sent.doc)[sent.start_char:level.start_char])
    if subject is None and elided_subject(sent, spans["MOVE"]):
        subject = antecedents.last()
    if subject is None:
        return None, None
    return subject, _named_earlier(subject)


def _named_earlier(subject: Span) -> str:
    return f"the subject is read as '{subject.text}' ({subject.kb_id_}), named earlier"


def metric_subject(move: Span | None, metrics: list[Span]) -> Span | None:
    """"Revenue in the three months ended Dec. 31 rose to $827.5 million": what moved is the
    metric that is the move's subject, however far before the figure it stands."""
    subject = subject_token(move) if move is not None else None
    if subject is None:
        return None
    return next((m for m in metrics if m.start <= subject.i < m.end), None)


def unlisted_name(sent: Span, anchor: Span) -> Span | None:
    """"SolarWinds shares jumped 22%": a name we cannot link is still the subject, so "shares"
    is not an anaphor for an earlier asset. The name's words, with no symbol."""
    doc = sent.doc
    for i in range(anchor.start - 1, sent.start, -1):
        if doc[i].lower_ in ("shares", "stock") and doc[i - 1].pos_ == "PROPN":
            start = i - 1
            while start > sent.start and doc[start - 1].pos_ == "PROPN":
                start -= 1
            return Span(doc, start, i, label="ASSET")
    return None


def used_as_modifier(asset: Span) -> bool:
    """An index named only to place the subject: "the worst-performing S&P 500 constituent",
    "Estée Lauder was the S&P 500's (SP500) steepest decliner"."""
    doc = asset.doc
    if asset.end < len(doc) and doc[asset.end].lower_ in _MODIFIED:
        return True
    i = asset.end
    if i >= len(doc) or doc[i].lower_ not in ("'s", "’s"):
        return False
    i += 1
    if i < len(doc) and doc[i].text == "(":  # "( SP500 )"
        while i < len(doc) and doc[i].text != ")":
            i += 1
        i += 1
    for token in doc[i:i + 3]:  # "steepest decliner", "biggest one-day gainers"
        if token.lower_ in _RANKED:
            return True
        if token.is_punct:
            break
    return False


def respectively(sent: Span, amount: Span, move: Span | None, spans: dict) -> Span | None:
    """"the Nasdaq 100 and Dow Jones declined 0.2% and 0.4% respectively": pair in order."""
    if move is None or "respectively" not in sent.text:
        return None
    amounts = [a for a in spans["AMOUNT"] if a.start > move.start]
    assets = [a for a in spans["ASSET"] if a.end <= move.start]
    if amount not in amounts or len(assets) < len(amounts):
        return None
    return assets[len(assets) - len(amounts) + amounts.index(amount)]


def paired_in_order(sent: Span, amount: Span, spans: dict) -> Span | None:
    """"S&P 500 and Dow futures were 0.5% and 0.2% down": as many listed subjects as listed
    figures pair in order, with or without "respectively"."""
    group = listed_amounts(amount, spans["AMOUNT"])
    before = [a for a in spans["ASSET"] if a.start >= sent.start and a.end <= group[0].start]
    if len(group) < 2 or not before:
        return None
    subjects = coordinated_subjects(sent, before[-1], spans["ASSET"])
    return subjects[group.index(amount)] if len(subjects) == len(group) else None


def listed_amounts(amount: Span, amounts: list[Span]) -> list[Span]:
    """The amounts written as one list with `amount` ("20%, 21%, and 14%"), in order."""
    text = text_of(amount.doc)
    ordered = sorted(amounts, key=lambda a: a.start)
    i = ordered.index(amount)
    start, end = i, i
    while start > 0 and _LIST_JOIN.fullmatch(text[ordered[start - 1].end_char:ordered[start].start_char]):
        start -= 1
    while end + 1 < len(ordered) and _LIST_JOIN.fullmatch(text[ordered[end].end_char:ordered[end + 1].start_char]):
        end += 1
    return ordered[start:end + 1]


_LIST_JOIN = re.compile(r"\s*(?:,|and|,\s*and)\s*")


# "Dow 0.99%", "S&P 500 (SP500) +0.6%", "Dow: 44,303.40", "Microsoft (-0.4%)": nothing but a
# ticker, a colon or an opening parenthesis between.
_LIST_GAP = re.compile(r"\s*(?:\([^()]{0,20}\)\s*)?[:(]?\s*")


def listed_subject(amount: Span, move: Span | None, assets: list[Span]) -> Span | None:
    """"Indexes down: Dow 0.99%, S&P 0.95%": in a list, the asset written right before each
    figure is its subject, even after the move word that heads the list."""
    before = nearest_before(amount, assets)
    if before is None or move is None or before.start < move.end:
        return None
    gap = text_of(amount.doc)[before.end_char:amount.start_char]
    return before if _LIST_GAP.fullmatch(gap) else None


# Words a data-list line opens with when its subject is left out: "Down 19.19% month-to-date",
# "Traded as low as $326.81", "Currently down five consecutive days".
_ELIDED_SUBJECT_OPENERS = frozenset({"traded", "trading", "currently", "closed", "opened", "hit"})


def elided_subject(sent: Span, moves: list[Span]) -> bool:
    """Does the sentence open with its verb or move word, its subject left out (a bullet of a
    data list about one stock)? Such a line is about the last asset named."""
    first = next((t for t in sent if not t.is_space and not t.is_punct), None)
    if first is None or not first.is_title:
        return False
    return first.lower_ in _ELIDED_SUBJECT_OPENERS or any(m.start == first.i for m in moves)


def nearest_before(anchor: Span, candidates: list[Span]) -> Span | None:
    before = [c for c in candidates if c.end <= anchor.start]
    return before[-1] if before else None


# "US stocks had just hit a closing high": the market as a whole, read as the S&P 500.
_MARKET_PROXY = re.compile(r"\b(?:US|U\.S\.|American)\s+(?:stocks|equities|stock\s+market)\b|\bWall\s+Street\b", re.I)


def market_proxy(sent: Span, level: Span):
    m = None
    for m in _MARKET_PROXY.finditer(text_of(sent.doc), sent.start_char, level.start_char):
        pass
    if m is None:
        return None
    return sent.doc.char_span(m.start(), m.end(), label="ASSET", kb_id="^GSPC", alignment_mode="expand")


# Between a name and its own ticker: "Bitcoin (BTC", "Alphabet (NASDAQ: GOOGL".
_TICKER_GAP = re.compile(r"\s*\)?\s*\(\s*(?:[A-Z][A-Za-z ]{1,15}:\s*)?")
# Between two listed subjects: "SOL), (XRP", "ADA) and chainlink (LINK", "Apple, Tesla, and the Dow".
_JOIN_GAP = re.compile(r"\s*\)?\s*(?:,|and|&|or|,\s*and|as\s+well\s+as)\s*(?:the\s+|(?:\w[\w.-]*\s+)?\(\s*)?")


def listed_with(sent: Span, subject: Span, assets: list[Span], until: Span) -> list[Span]:
    """"the Nasdaq and S&P 500 equity indexes also saw late rallies", "the euro and British pound
    slipped": the whole list the subject found by the parse is written in, up to the move
    (the parser hangs a list's other items anywhere)."""
    head = subject
    for cand in (a for a in assets if subject.end <= a.start and a.end <= until.start):
        gap = text_of(sent.doc)[head.end_char:cand.start_char]
        if not (_TICKER_GAP.fullmatch(gap) or _JOIN_GAP.fullmatch(gap)):
            break
        head = cand
    return coordinated_subjects(sent, head, assets)


def coordinated_subjects(sent: Span, subject: Span, assets: list[Span]) -> list[Span]:
    """"Apple, Tesla, and Google each rose 2%": the subjects listed with the nearest one, in
    order. A ticker in parentheses after a name is the same subject ("Bitcoin (BTC)")."""
    doc = sent.doc
    chain = [subject]
    head = subject
    previous = [a for a in assets if a.end <= subject.start and a.start >= sent.start]
    while previous:
        cand = previous.pop()
        gap = text_of(doc)[cand.end_char:head.start_char]
        if _TICKER_GAP.fullmatch(gap):
            # "Bitcoin (BTC", "Alphabet (NASDAQ: GOOGL) (NASDAQ: GOOG": a name and its own
            # tickers; the first written is the one the subject goes by
            if cand.kb_id_:
                chain[0] = cand
            head = cand
        elif _JOIN_GAP.fullmatch(gap):
            # "SOL), (XRP", "ADA) and chainlink (LINK": tickers listed, names linked or not
            chain.insert(0, cand)
            head = cand
        else:
            break
    seen, out = set(), []
    for a in chain:
        key = a.kb_id_ or a.text
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


# "all three major indexes", "The three indexes", "both indexes": a counted group of indexes.
_GROUP = re.compile(r"\b(three|two|both)\s+(?:(?:major|main|key|big|leading|broad|benchmark|U\.S\.|US|"
                    r"American|Wall\s+Street|stock|equity)\s+){0,3}(?:indexes|indices|averages|benchmarks|gauges)\b", re.I)
_COUNT = {"three": 3, "two": 2, "both": 2}
# Written with a caret but not stock indexes: the Treasury yields and volatility.
_NOT_STOCK_INDEXES = RATE_SYMBOLS | {"^VIX"}


def _stock_index(symbol: str) -> bool:
    return symbol.startswith("^") and symbol not in _NOT_STOCK_INDEXES


def group_subjects(sent: Span, sent_no: int, move: Span, assets: list[Span],
                   antecedents: Antecedents) -> list[Span]:
    """"The three indexes dropped", "all three major indexes close in red": the indexes named
    last (in this sentence or before), as many as the group counts, or none if fewer were
    named. The group's own words stand for each, with its symbol, so the quote stays where the
    claim is."""
    doc = sent.doc
    groups = list(_GROUP.finditer(text_of(doc), sent.start_char, move.start_char))
    m = groups[-1] if groups else None  # the group nearest the move
    phrase = doc.char_span(m.start(), m.end(), alignment_mode="expand") if m is not None else None
    if phrase is None or move.start - phrase.end > 5:
        return []
    before = phrase.start - 1
    while before >= sent.start and doc[before].lower_ in ("all", "the"):
        before -= 1
    if before >= sent.start and doc[before].pos_ == "ADP":
        return []  # "the best day for the three indexes": not their subject
    count = _COUNT[m.group(1).lower()]
    named = [a for a in reversed(assets) if a.end <= phrase.start and _stock_index(a.kb_id_)]
    named += antecedents.recent(sent_no - 1, _stock_index)
    symbols = list(dict.fromkeys(a.kb_id_ for a in named))[:count]
    if len(symbols) < count:
        # Not guessed: the round-1 annotations leave an unnamed "three major indexes" without
        # a claim (the round-3 ones read it as the Dow, S&P 500 and Nasdaq).
        return []
    return [Span(doc, phrase.start, phrase.end, label="ASSET", kb_id=s) for s in symbols]
