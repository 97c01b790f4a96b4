"""Who moved, for a move word with no number: "Alphabet and AMD fell", "CleanSpark, Riot
Platforms and Terawulf all posted gains", "Ripple (XRP) and Tron (TRX) are experiencing
declines". Read from the dependency parse: the grammatical subject of the move (or of the
light verb that carries a move noun) names the assets. Pure over spaCy spans."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

_SUBJECT_DEPS = ("nsubj", "nsubjpass")
# How a move word hangs on the verb that says what its subject did ("posted gains", "saw
# rallies", "finished up", "was higher"), then how that clause hangs on the one with the
# subject. Not through prepositions: "breaking a streak of gains" is no gain.
_FIRST_CLIMB = frozenset({"dobj", "advmod", "prt", "acomp", "attr", "xcomp", "advcl", "conj"})
_CLAUSE_CLIMB = frozenset({"xcomp", "advcl", "conj"})
# "CVS reported a smaller drop": results reported, not a price move.
_REPORTING = frozenset({"report", "forecast", "expect", "predict", "project", "estimate", "announce"})
# The head noun of a subject that is about a price: "Meta Platforms (META) shares rose".
_PRICE_HEADS = frozenset({"share", "shares", "stock", "stocks", "price", "prices", "index",
                          "indexes", "indices", "futures", "yield", "yields", "token", "coin"})
_RELATIVE = frozenset({"which", "that", "who"})


def subject_assets(move: Span, assets: list[Span]) -> list[Span]:
    """The ASSET spans that are the subject of `move`, in text order ([] if none is)."""
    found: list[Span] = []
    for subject in _subjects(move.root):  # "Qualcomm and AMD were": the parser may give each its own nsubj
        found += [a for a in _assets_of(subject, assets) if a not in found]
    return sorted(found, key=lambda a: a.start)


def _assets_of(subject: Token, assets: list[Span]) -> list[Span]:
    if subject.lower_ in _RELATIVE and subject.head.dep_ == "relcl":
        subject = subject.head.head  # "SPDR S&P 500 ETF Trust, which posted gains"
    if any(a.start <= subject.i < a.end or _reaches(a.root, subject, _LIST) for a in assets):
        # "Alphabet and AMD": the subject's own list, not assets in a clause about it; "iShares
        # US Technology ETF (IYW) ... also advanced": a ticker in apposition to the name.
        links = _LIST
    elif subject.lower_ in _PRICE_HEADS:
        links = _LIST | _OWNER  # "Meta Platforms (META) shares", "shares of CleanSpark and Riot"
    else:
        return []
    return [a for a in assets if a.start <= subject.i < a.end or _reaches(a.root, subject, links)]


def _subjects(token: Token) -> list[Token]:
    """The subjects of the clause the move word belongs to: the move's own verb, the verb a
    move noun or adverb hangs on ("posted gains", "finished up"), then up through clauses
    ("..., experiencing declines"), at most three heads up."""
    # "AMD was also in the green": the idiom hangs on its verb as a prepositional phrase.
    links = _FIRST_CLIMB | {"prep"} if token.lower_ in ("in", "into") else _FIRST_CLIMB
    for _ in range(4):
        subjects = [c for c in token.children if c.dep_ in _SUBJECT_DEPS]
        if subjects:
            return subjects
        if token.dep_ not in links or token.head is token or token.head.lemma_ in _REPORTING:
            return []
        token, links = token.head, _CLAUSE_CLIMB
    return []


_LIST = frozenset({"conj", "appos"})
_OWNER = frozenset({"compound", "poss", "nmod", "prep", "pobj"})


def _reaches(token: Token, target: Token, links: frozenset[str]) -> bool:
    """Is `target` a head of `token` through `links` dependencies only?"""
    for _ in range(8):
        if token.dep_ not in links or token.head is token:
            return False
        token = token.head
        if token == target:
            return True
    return False


def same_move_assets(move: Span, assets: list[Span]) -> list[Span]:
    """"The Canadian dollar advanced, as did the Chinese yuan": the subject of an "as did"
    clause hanging on the move's verb moved the same way."""
    verbs = [move.root] + ([move.root.head] if move.root.dep_ in _FIRST_CLIMB else [])
    found: list[Span] = []
    for verb in verbs:
        for do in verb.children:
            if do.lemma_ == "do" and do.dep_ in ("advcl", "conj") and any(c.lower_ == "as" for c in do.children):
                for subject in (c for c in do.children if c.dep_ in _SUBJECT_DEPS):
                    found += [a for a in _assets_of(subject, assets) if a not in found]
    return found


# Verbs that undo the move they take as object: "pare some of the heavy losses", "erasing gains",
# "recouped losses". What moved went the other way (or not at all): no direction to read.
# Matched on the word, not the lemma: the lemmatizer makes "pared" "par".
_UNDOING = re.compile(r"(?:pare|trim|erase|recoup|recover|narrow|reverse|wipe|cut)(?:s|d|ed|ing)?|par(?:ing|ed)|"
                      r"trimm(?:ed|ing)|eras(?:ed|ing)|revers(?:ed|ing)|wip(?:ed|ing)|cutting")


def undone(move: Span) -> bool:
    token = move.root
    for _ in range(3):  # "pare losses", "pare some of the heavy losses"
        if token.dep_ not in ("dobj", "pobj", "prep"):
            return False
        token = token.head
        if _UNDOING.fullmatch(token.lower_):
            return True
    return False


def subject_token(move: Span) -> Token | None:
    """The grammatical subject of the clause a move word belongs to ("Revenue ... rose"), if any."""
    return next(iter(_subjects(move.root)), None)
