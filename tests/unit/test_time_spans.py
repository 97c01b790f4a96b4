"""Spec table for where TIME spans start and end in a text (pure regex, no spaCy)."""
from __future__ import annotations

import pytest

from pipeline.nlp.time_patterns import find_times
from tests.specs_runner import spec_cases


@pytest.mark.parametrize("case", spec_cases("time_spans"))
def test_time_spans(case):
    text = case["text"]
    assert [text[start:end] for start, end in find_times(text)] == case["times"]
