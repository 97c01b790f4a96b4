"""The model's tag set: BIO over the annotation labels (fixtures/annotations/README.md)."""
from __future__ import annotations

from pipeline.annotations import LABELS

TAGS: tuple[str, ...] = ("O", *(f"{p}-{label}" for label in LABELS for p in ("B", "I")))
TAG_ID = {tag: i for i, tag in enumerate(TAGS)}
IGNORE = -100  # special tokens: no loss (the transformers convention)
