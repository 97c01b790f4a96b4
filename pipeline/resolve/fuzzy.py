"""Near matches of a company name against every listing name (rapidfuzz), with a confidence.
A clear best match links; two close candidates are reported as ambiguous, never guessed."""
from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

LINK_SCORE = 92.0  # at or above: linked
AMBIGUOUS_MARGIN = 3.0  # a runner-up this close to the best: ambiguous


@dataclass(frozen=True)
class Link:
    symbol: str | None
    confidence: float  # 0..1
    alternatives: tuple[str, ...] = ()  # the close candidates when ambiguous

    @property
    def ambiguous(self) -> bool:
        return self.symbol is None and len(self.alternatives) > 1


def fuzzy_link(name: str, names: list[str], symbols: list[str]) -> Link:
    """name: the mention ("Hanesbrands Inc."); names/symbols: the listing index, in parallel."""
    from pipeline.resolve.listings import common_name

    hits = process.extract(common_name(name), names, scorer=fuzz.ratio, processor=utils.default_process,
                           limit=3, score_cutoff=80)
    if not hits:
        return Link(None, 0.0)
    best = hits[0]
    close = [h for h in hits if h[1] >= best[1] - AMBIGUOUS_MARGIN and symbols[h[2]] != symbols[best[2]]]
    if close:
        return Link(None, best[1] / 100, tuple(dict.fromkeys(symbols[h[2]] for h in [best, *close])))
    if best[1] >= LINK_SCORE:
        return Link(symbols[best[2]], best[1] / 100)
    return Link(None, best[1] / 100, (symbols[best[2]],))
