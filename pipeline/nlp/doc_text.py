"""The text of a Doc, joined once. spaCy rebuilds `doc.text` from every token on each access;
the rules and the claim extractor read it around every span they look at, which made a long
article's cost grow with its length times its number of spans."""
from __future__ import annotations

from spacy.tokens import Doc

_KEY = "tickercheck.text"


def text_of(doc: Doc) -> str:
    """`doc.text`, cached in the Doc's user data (the tokens never change after tokenization)."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return text
