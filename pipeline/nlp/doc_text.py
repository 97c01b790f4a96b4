"""A Doc read by character offsets: its text joined once, and spans from offsets. spaCy rebuilds
`doc.text` from every token on each access; the rules and the claim extractor read it around
every span they look at, which made a long article's cost grow with its length times its number
of spans."""
from __future__ import annotations

from spacy.tokens import Doc, Span

_KEY = "tickercheck.text"


def text_of(doc: Doc) -> str:
    """`doc.text`, cached in the Doc's user data (the tokens never change after tokenization)."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text


def char_span(doc: Doc, start: int, end: int, label: str, kb_id: str = "") -> Span | None:
    """The span of tokens covering the characters [start, end) (widened to whole tokens), as the
    rules write regex matches; None when the offsets fall outside the tokens."""
    return doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")
