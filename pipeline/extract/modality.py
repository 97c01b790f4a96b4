"""Whether a move is said to have happened or only might: "shares could climb 20%", "BTC will
climb above $100,000", "expects the brand to be down approximately 1%" are forecasts, which no
price can check; "shares climbed 20%" is a fact. Read from the dependency parse, pure over
spaCy spans."""
from __future__ import annotations

from spacy.tokens import Span

_MODALS = frozenset({"will", "would", "could", "might", "may", "should", "can", "shall", "'ll"})
# "expects X to fall", "forecast shares to climb" (not "saw prices climb": seen, so a fact)
_EXPECTING = frozenset({"expect", "forecast", "predict", "project", "anticipate", "estimate", "guide",
                        "target", "want", "need", "hope", "aim", "plan"})
# How a move word hangs on the verb that would carry the modal ("could be down 1%", "to be up").
_CLIMB = frozenset({"acomp", "advmod", "prt", "attr", "xcomp"})


def is_forecast(move: Span, sent: Span) -> bool:
    """sent: the claim sentence holding the move, as the extractor cuts it at line breaks. The
    parser may join bullet lines into one tree ("--Would be a new high\n\n--Up 66% from its
    low"): a modal or verb of expecting outside the move's own sentence says nothing of it."""
    token = move.root
    for _ in range(3):
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _MODALS and sent.start <= c.i < sent.end
               for c in token.children):
            return True
        if token.dep_ in ("xcomp", "ccomp") and token.head.lemma_ in _EXPECTING \
                and sent.start <= token.head.i < sent.end:
            return True
        if token.dep_ not in _CLIMB or token.head is token or not sent.start <= token.head.i < sent.end:
            return False
        token = token.head
    return False
