"""Spec table for the rules' METRIC spans: where a metric's name starts and ends, and which cue
words are not metrics where they stand (fixtures/specs/metric_spans.jsonl). Rules alone, no model."""
from __future__ import annotations

import pytest

from pipeline.nlp.build import make_nlp
from tests.specs_runner import spec_cases


@pytest.fixture(scope="module")
def nlp(data_dir):
    return make_nlp(str(data_dir), ())


@pytest.mark.parametrize("case", spec_cases("metric_spans"))
def test_metric_spans(case, nlp):
    doc = nlp(case["text"])
    spans = doc.spans["fin"]
    assert [s.text for s in spans if s.label_ == "METRIC"] == case["metrics"]
    for key, label in (("moves", "MOVE"), ("times", "TIME")):
        if key in case:  # a metric's span must not swallow the words of another label
            assert [s.text for s in spans if s.label_ == label] == case[key]
