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
