"""Within an article, "the company", "its shares", "the chipmaker", "the stock", "the token"
refer back to the last subject of the right sort. Pure over spaCy spans: no model, no state
beyond one article."""
from __future__ import annotations

import re

from spacy.tokens import Span

from pipeline.resolve.symbols import RATE_SYMBOLS

# Anaphors and the sort of asset each may refer to ("any": whatever was named last).
_ANAPHORS = (
    (r"\b(?:the|its|their)\s+(?:index|benchmark|gauge)\b", "index"),
    # "the cryptocurrency", "the world's largest cryptocurrency", "the second-biggest token"
    (r"\b(?:the|this)\s+(?:(?:world['’]s|second|third|largest|biggest|[\w-]+est)\s+){0,3}"
     r"(?:token|coin|cryptocurrency|asset)\b|\bthe\s+(?:price|token)\b", "crypto"),
    (r"\b(?:the|its)\s+(?:company|chipmaker|automaker|carmaker|retailer|bank|lender|insurer|"
     r"firm|group|stock|shares?|share\s+price|maker|giant|miner|developer|operator|provider|"
     r"startup|conglomerate|manufacturer)\b|\bits\s+(?:stock|shares?|market\s+value)\b"
     r"|\bshares\s+of\s+the\s+company\b|\b(?:it|shares)\b", "equity"),
)
MAX_SENTENCES_BACK = 3  # further back, a bare "the stock" is too loose to resolve


def sort_of(symbol: str) -> str:
    if symbol in RATE_SYMBOLS:
        return "rate"  # "the index" is never a Treasury yield, though Yahoo writes both with a caret
    if symbol.startswith("^"):
        return "index"
    if symbol.endswith("-USD"):
        return "crypto"
    return "equity"


def anaphor_in(text: str) -> str | None:
    """The sort of subject an anaphor in `text` asks for, or None if there is no anaphor."""
    for pattern, sort in _ANAPHORS:
        if re.search(pattern, text, re.I):
            return sort
    return None


class Antecedents:
    """The subjects named so far in one article, most recent last."""

    def __init__(self):
        self._seen: list[tuple[int, Span]] = []  # (sentence number, ASSET span with a symbol)

    def add(self, sentence_no: int, asset: Span) -> None:
        if asset.kb_id_:
            self._seen.append((sentence_no, asset))

    def recent(self, sentence_no: int, keep) -> list[Span]:
        """The distinct assets named up to sentence `sentence_no` that `keep` accepts, most
        recent first (one span per symbol)."""
        out, seen = [], set()
        for n, asset in reversed(self._seen):
            if n <= sentence_no and keep(asset.kb_id_) and asset.kb_id_ not in seen:
                seen.add(asset.kb_id_)
                out.append(asset)
        return out

    def last(self) -> Span | None:
        """The asset named most recently, however far back (the subject a data list is about)."""
        return self._seen[-1][1] if self._seen else None

    def _topic(self, sort: str) -> Span | None:
        """The asset of this sort the article is about: named more often than any other of
        its sort (at least twice) or the only one named; None when the story has no such one."""
        counts: dict[str, int] = {}
        for _, asset in self._seen:
            if sort_of(asset.kb_id_) == sort:
                counts[asset.kb_id_] = counts.get(asset.kb_id_, 0) + 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if not ranked or len(ranked) > 1 and (ranked[0][1] < 2 or ranked[0][1] == ranked[1][1]):
            return None
        return next(a for _, a in reversed(self._seen) if a.kb_id_ == ranked[0][0])

    def resolve(self, sentence_no: int, text: str) -> Span | None:
        """The antecedent for an anaphor in `text` (the words before the claim's number)."""
        wanted = anaphor_in(text)
        if wanted is None:
            return None
        near = [asset for n, asset in reversed(self._seen) if sentence_no - n <= MAX_SENTENCES_BACK]
        same_sort = next((a for a in near if sort_of(a.kb_id_) == wanted), None)
        if same_sort is not None:  # "shares of the company": the last company, not a later index
            return same_sort
        if not near and wanted == "equity":
            # Paragraphs of results after the lead, then "The stock jumped 15% in premarket
            # trading": in a story about one company, a definite anaphor far from any name
            # is that company.
            return self._topic("equity")
        # "the stock"/"it" may also follow an index or a coin when that is all there is.
        loose = wanted == "equity" and re.search(r"\b(?:it|its|shares|the\s+price)\b", text, re.I)
        return near[0] if loose and near and not re.search(r"\bcompany\b", text, re.I) else None
