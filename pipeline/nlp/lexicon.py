"""Load the word tables in data/lexicon.toml into immutable structures, once per process."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from pipeline.config import PACKAGE_DATA
from pipeline.types import Qualifier


@dataclass(frozen=True)
class Lexicon:
    move_direction: dict[str, str]  # lemma or word -> "up" | "down"
    move_phrases: tuple[tuple[str, str], ...]  # "in the red" -> "down"
    move_verb_particles: dict[tuple[str, str], str]  # ("close", "higher") -> "up"
    move_verb_only: frozenset[str]  # moves only as verbs ("firm")
    move_before_figure_only: frozenset[str]  # moves only before a figure ("add")
    not_price_moves: frozenset[str]  # lemmas tagged MOVE that no price claim takes ("raise")
    intense: frozenset[str]
    qualifiers: tuple[tuple[str, Qualifier], ...]  # longest phrase first
    qualifier_signs: tuple[tuple[str, Qualifier], ...]  # ">", "~": written against the number
    metric_cues: tuple[str, ...]
    metric_modifiers: frozenset[str]  # "adjusted", "total": words that name a variant of a metric
    metric_results: frozenset[str]  # "loss": a result, unless a percentage follows (then a move)
    market_value_cues: tuple[str, ...]


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = tomllib.loads((PACKAGE_DATA / "lexicon.toml").read_text(encoding="utf-8"))
    moves = {w: d for d in ("down", "up") for w in data["moves"][d]}
    quals = [(p, Qualifier(q)) for q, phrases in data["qualifiers"].items() for p in phrases]
    quals.sort(key=lambda pq: -len(pq[0]))
    return Lexicon(
        move_direction=moves,
        move_phrases=tuple((p, d) for d in ("down", "up") for p in data["moves"][f"phrases_{d}"]),
        move_verb_particles={tuple(p.split()): d for d in ("down", "up") for p in data["moves"][f"verb_particles_{d}"]},
        move_verb_only=frozenset(data["moves"]["verb_only"]),
        move_before_figure_only=frozenset(data["moves"]["before_figure_only"]),
        not_price_moves=frozenset(data["moves"]["not_price_moves"]),
        intense=frozenset(data["moves"]["intense"]),
        qualifiers=tuple(quals),
        qualifier_signs=tuple((p, Qualifier(q)) for q, signs in data["qualifier_signs"].items() for p in signs),
        metric_cues=tuple(data["metrics"]["cues"]),
        metric_modifiers=frozenset(w.lower() for w in data["metrics"]["modifiers"]),
        metric_results=frozenset(w.lower() for w in data["metrics"]["results"]),
        market_value_cues=tuple(data["market_value"]["cues"]),
    )
