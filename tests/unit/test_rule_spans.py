"""Spec tables for spans the rules write (fixtures/specs/move_spans.jsonl, qualifier_spans.jsonl):
which words say a direction or hedge a number, where a span starts and ends, and which
look-alikes are neither."""
from __future__ import annotations

import pytest

from pipeline.nlp.build import make_nlp
from pipeline.nlp.rules import SPANS_KEY
from tests.specs_runner import spec_cases


@pytest.fixture(scope="module")
def nlp(data_dir):
    return make_nlp(str(data_dir), ())  # the rules alone: what these tables pin


def _spans(nlp, text: str, label: str) -> list[list[str]]:
    doc = nlp(text)  # held here: a span group needs its Doc alive
    return [[s.text, s.kb_id_] for s in doc.spans[SPANS_KEY] if s.label_ == label]


@pytest.mark.parametrize("case", spec_cases("move_spans"))
def test_move_spans(nlp, case):
    assert _spans(nlp, case["text"], "MOVE") == case["moves"]


@pytest.mark.parametrize("case", spec_cases("qualifier_spans"))
def test_qualifier_spans(nlp, case):
    assert _spans(nlp, case["text"], "QUALIFIER") == case["spans"]


def test_a_time_inside_a_level_phrase_is_a_span_but_frames_no_claim(nlp):
    """"lowest close since Nov. 15, 2024": a LEVEL span, with the TIME span the annotations mark
    inside it; the level claim keeps the phrase and gets no period from it."""
    text = "Tesla closed at its lowest close since Nov. 15, 2024 on Friday."
    doc = nlp(text)
    assert [(s.text, s.label_) for s in doc.spans[SPANS_KEY] if s.label_ in ("LEVEL", "TIME")] == [
        ("lowest close since Nov. 15, 2024", "LEVEL"), ("since Nov. 15, 2024", "TIME"), ("Friday", "TIME")]
    [claim] = [c for c in doc._.claims if c.kind.value == "level"]
    assert claim.level == "lowest close since nov. 15, 2024" and "since" not in (claim.time_text or "")
