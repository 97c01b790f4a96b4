"""Windows cut text without losing any of it, and tags survive the round trip to char spans."""
from __future__ import annotations

import pytest

from pipeline.ner.dataset import base_model_dir, load_tokenizer
from pipeline.ner.labels import TAG_ID
from pipeline.ner.prefilter import may_hold_claim
from pipeline.ner.synthetic import sentences
from pipeline.ner.windows import Window, decode, encode, pack_sentences, tag_ids


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer(base_model_dir())


def _sentence_ranges(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == ".":
            out.append((start, i + 1))
            start = i + 2
    return out


def test_short_sentences_pack_into_windows_that_fit(tokenizer):
    text = " ".join(f"Nvidia rose {i}.5% on day {i}." for i in range(60))
    windows = pack_sentences(_sentence_ranges(text), text, tokenizer, max_tokens=64)
    assert len(windows) > 1
    for w in windows:
        assert len(encode(text, w, tokenizer, None)["input_ids"]) <= 64
    # Every sentence lies whole inside exactly one window.
    for s, e in _sentence_ranges(text):
        assert sum(w.start <= s and e <= w.end for w in windows) == 1


def test_an_overlong_sentence_is_split_never_truncated(tokenizer):
    text = "Shares of " + ", ".join(f"company number {i} rose {i}%" for i in range(80)) + "."
    windows = pack_sentences([(0, len(text))], text, tokenizer, max_tokens=48)
    assert len(windows) > 3
    covered = set()
    for w in windows:
        assert len(encode(text, w, tokenizer, None)["input_ids"]) <= 48
        covered.update(range(w.start, w.end))
    letters = {i for i, ch in enumerate(text) if not ch.isspace()}
    assert letters <= covered  # nothing dropped
    assert all(a.start < b.start for a, b in zip(windows, windows[1:]))


def test_windows_never_join_sentences_that_do_not_touch(tokenizer):
    text = "Apple rose 2%. Unrelated words here. Tesla fell 3%."
    windows = pack_sentences([(0, 14), (37, 51)], text, tokenizer)
    assert [(w.start, w.end) for w in windows] == [(0, 14), (37, 51)]


def test_tags_round_trip_to_the_same_spans(tokenizer):
    for example in sentences(40, seed=3):
        text, spans = example["text"], [tuple(s) for s in example["spans"]]
        enc = encode(text, Window(0, len(text)), tokenizer, spans)
        assert sorted(decode(enc["offsets"], enc["labels"])) == sorted(spans), text


def test_lenient_decoding_starts_a_span_on_a_stray_inside_tag():
    offsets = [None, (0, 6), (7, 11), (12, 15), None]
    tags = [0, TAG_ID["I-ASSET"], TAG_ID["B-MOVE"], TAG_ID["I-AMOUNT"], 0]
    assert decode(offsets, tags) == [(0, 6, "ASSET"), (7, 11, "MOVE"), (12, 15, "AMOUNT")]
    assert tag_ids(offsets, [(0, 11, "ASSET")])[1:3] == [TAG_ID["B-ASSET"], TAG_ID["I-ASSET"]]


@pytest.mark.parametrize("sentence, expected", [
    ("Broadcom closed down 11.4% on Friday.", True),
    ("The Nasdaq hit a two-week low.", True),
    ("Bitcoin touched a record high.", True),
    ("Analysts remain cautious about the chip sector.", False),
    ("The company said it would keep investing.", False),
])
def test_prefilter_keeps_only_sentences_that_can_hold_a_claim(sentence, expected):
    assert may_hold_claim(sentence) is expected
