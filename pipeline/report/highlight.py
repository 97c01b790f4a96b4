"""The article cut into plain runs and claim runs, for re-rendering it with claims highlighted.

Claims can overlap (a level claim inside a move claim's quote); a character belongs to at most
one highlight. Shorter claims are placed first, so a claim nested inside a longer one stays
visible and the longer one shows around it; every claim is also listed in the verdict table.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    claim: int | None  # index into report.claims, or None for plain text


def segments(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """spans[i] = (start, end) of claim i, offsets into text."""
    owner: list[int | None] = [None] * len(text)
    for i in sorted(range(len(spans)), key=lambda i: (spans[i][1] - spans[i][0], spans[i][0])):
        start, end = max(0, spans[i][0]), min(len(text), spans[i][1])
        for pos in range(start, end):
            if owner[pos] is None:
                owner[pos] = i
    out: list[Segment] = []
    run_start = 0
    for pos in range(1, len(text) + 1):
        if pos == len(text) or owner[pos] != owner[run_start]:
            out.append(Segment(text[run_start:pos], owner[run_start]))
            run_start = pos
    return out
