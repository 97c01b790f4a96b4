"""Shared text between articles: the corpus holds several versions of one wire story.

A Reuters wrap is filed, updated and filed again under new ids, so an article annotated for
training and one held out for testing can be two versions of the same text. Text is compared by
word shingles (runs of SHINGLE_WORDS words): two unrelated articles almost never share twelve
words in a row, while versions of one story share most of theirs.
"""
from __future__ import annotations

import re
from typing import Iterable

SHINGLE_WORDS = 12
# An article sharing this much of its text with another split is a version of the same story.
SAME_STORY = 0.2

_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[int]:
    """Hashes of every run of SHINGLE_WORDS words, case-folded (stable within one process)."""
    words = _WORD.findall(text.lower())
    return {hash(" ".join(words[i:i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)}


class SeenText:
    """The shingles of some texts, to ask how much of another text they already hold."""

    def __init__(self, texts: Iterable[str]):
        self._seen: set[int] = set()
        for text in texts:
            self._seen |= shingles(text)

    def share(self, text: str) -> float:
        """The fraction of `text`'s shingles found in the seen texts (0.0 for a text too short
        to have any)."""
        own = shingles(text)
        return len(own & self._seen) / len(own) if own else 0.0

    def holds_any(self, text: str) -> bool:
        """True when `text` repeats at least SHINGLE_WORDS words in a row of the seen texts."""
        return not self._seen.isdisjoint(shingles(text))
