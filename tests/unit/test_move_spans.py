"""Spec table for MOVE spans written by the rules (fixtures/specs/move_spans.jsonl): which words
say a direction, where a verb and its particle are one span, and which look-alikes are not moves."""
from __future__ import annotations

import pytest

from pipeline.nlp.build import make_nlp
from pipeline.nlp.rules import SPANS_KEY
from tests.specs_runner import spec_cases


@pytest.fixture(scope="module")
def nlp(data_dir):
    return make_nlp(str(data_dir), ())  # the rules alone: what this table pins


@pytest.mark.parametrize("case", spec_cases("move_spans"))
def test_move_spans(nlp, case):
    doc = nlp(case["text"])
    assert [[s.text, s.kb_id_] for s in doc.spans[SPANS_KEY] if s.label_ == "MOVE"] == case["moves"]
