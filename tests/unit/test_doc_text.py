"""text_of: a Doc's text joined once and read from the cache after (the rules read it per span)."""
from __future__ import annotations

import spacy

from pipeline.nlp.doc_text import text_of


def test_text_of_is_the_docs_text_built_once():
    doc = spacy.blank("en")("Nvidia fell 3.3% on Friday.\n\nBroadcom closed down 11.4%.")
    first = text_of(doc)
    assert first == doc.text
    assert text_of(doc) is first  # the cached string, not a new join of every token
