"""Text ⇄ model windows: cutting, labelling and decoding by character offsets.

A window is a stretch of text (one or more whole sentences) that fits the encoder. A sentence
longer than a window is cut at word boundaries into overlapping windows — never truncated;
spans found twice in an overlap are merged by the component. Shared by training and inference
so both cut text the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from pipeline.ner.labels import IGNORE, TAG_ID, TAGS

MAX_TOKENS = 128  # wordpieces per window, [CLS] and [SEP] included


@dataclass(frozen=True)
class Window:
    start: int  # character offsets into the document
    end: int


def pack_sentences(sentences: Sequence[tuple[int, int]], text: str, tokenizer,
                   max_tokens: int = MAX_TOKENS) -> list[Window]:
    """Group consecutive sentences (char ranges) into windows of at most `max_tokens` wordpieces.
    Sentences that do not touch are never packed together, so each window is contiguous text."""
    budget = max_tokens - 2
    lengths = [len(tokenizer(text[s:e], add_special_tokens=False)["input_ids"]) for s, e in sentences]
    windows: list[Window] = []
    cur: list[int] | None = None  # [start, end, tokens]
    for (s, e), n in zip(sentences, lengths):
        if n > budget:
            if cur:
                windows.append(Window(cur[0], cur[1]))
                cur = None
            windows.extend(_split_long(s, e, text, tokenizer, budget))
            continue
        if cur and cur[2] + n <= budget and not text[cur[1]:s].strip():
            cur = [cur[0], e, cur[2] + n]
        else:
            if cur:
                windows.append(Window(cur[0], cur[1]))
            cur = [s, e, n]
    if cur:
        windows.append(Window(cur[0], cur[1]))
    return windows


def _split_long(start: int, end: int, text: str, tokenizer, budget: int) -> list[Window]:
    """Cut one over-long sentence into overlapping windows at wordpiece-aligned word starts."""
    enc = tokenizer(text[start:end], add_special_tokens=False, return_offsets_mapping=True)
    offsets = enc["offset_mapping"]
    stride = budget * 3 // 4  # a quarter of each window overlaps the next
    out, i = [], 0
    while i < len(offsets):
        j = min(i + budget, len(offsets))
        while j < len(offsets) and j > i + 1 and offsets[j][0] == offsets[j - 1][1]:
            j -= 1  # don't end inside a word
        out.append(Window(start + offsets[i][0], start + offsets[j - 1][1]))
        if j == len(offsets):
            break
        nxt = i + stride
        while nxt < j and nxt > i and offsets[nxt][0] == offsets[nxt - 1][1]:
            nxt += 1  # start at a word start
        i = nxt if nxt > i else j
    return out


def encode(text: str, window: Window, tokenizer, spans: Iterable[tuple[int, int, str]] = ()) -> dict:
    """Tokenize one window; with `spans` (document char offsets) also give BIO tag ids."""
    enc = tokenizer(text[window.start:window.end], truncation=False, return_offsets_mapping=True)
    offsets = [(a + window.start, b + window.start) if b > a else None for a, b in enc["offset_mapping"]]
    out = {"input_ids": enc["input_ids"], "offsets": offsets}
    if spans is not None:
        inside = [(s, e, label) for s, e, label in spans if s < window.end and e > window.start]
        out["labels"] = tag_ids(offsets, inside)
    return out


def tag_ids(offsets: list[tuple[int, int] | None], spans: Iterable[tuple[int, int, str]]) -> list[int]:
    tags = [IGNORE if o is None else TAG_ID["O"] for o in offsets]
    for s, e, label in spans:
        first = True
        for k, o in enumerate(offsets):
            if o is not None and o[0] < e and o[1] > s:
                tags[k] = TAG_ID[f"{'B' if first else 'I'}-{label}"]
                first = False
    return tags


def decode(offsets: list[tuple[int, int] | None], tags: Sequence[int]) -> list[tuple[int, int, str]]:
    """Wordpiece tags → character spans. Lenient BIO: an I- tag after O or another label starts
    a span. Spans cut inside a word are widened to whole tokens by the caller (spaCy's
    `char_span(alignment_mode="expand")`)."""
    spans: list[tuple[int, int, str]] = []
    cur: list | None = None
    for o, t in zip(offsets, tags):
        if o is None:
            continue
        tag = TAGS[t]
        if tag.startswith("I-") and cur is not None and cur[2] == tag[2:]:
            cur[1] = o[1]
            continue
        if cur is not None:
            spans.append(tuple(cur))
        cur = [o[0], o[1], tag[2:]] if tag != "O" else None
    if cur is not None:
        spans.append(tuple(cur))
    return spans
