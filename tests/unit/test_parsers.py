"""Spec tables for the pure parsers and the tolerance policy (no spaCy)."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.config import PACKAGE_DATA
from pipeline.nlp.dates import parse_time
from pipeline.nlp.quantities import AMOUNT_RE, parse_amount, step_of
from pipeline.types import Label, Qualifier
from pipeline.verify.magnitude import check_magnitude
from pipeline.verify.policy import Policy
from tests.specs_runner import spec_cases

POLICY = Policy.load(PACKAGE_DATA / "policy.toml")


@pytest.mark.parametrize("case", spec_cases("quantities"))
def test_quantities_parse_amount(case):
    got = parse_amount(case["text"])
    expect = case["expect"]
    if expect is None:
        assert got is None
        return
    assert got == (pytest.approx(expect["value"]), expect["unit"])
    if "step" in expect:
        assert step_of(case["text"]) == pytest.approx(expect["step"])


@pytest.mark.parametrize("case", spec_cases("amount_spans"))
def test_amount_spans(case):
    """Where amounts start and end in running text (ranges one span only with a shared unit)."""
    assert [m.group(0) for m in AMOUNT_RE.finditer(case["text"])] == case["amounts"]


@pytest.mark.parametrize("case", spec_cases("dates"))
def test_dates_parse_time(case):
    ref = parse_time(case["text"], date.fromisoformat(case["as_of"]))
    expect = case["expect"]
    if expect is None:  # a time span that names no session or period a price can be checked on
        assert ref is None
        return
    assert ref is not None and ref.kind == expect["kind"]
    if "day" in expect:
        assert ref.day == date.fromisoformat(expect["day"])
    if "offset" in expect:
        assert ref.offset == expect["offset"]
    if "start" in expect:
        assert (ref.start, ref.end) == (date.fromisoformat(expect["start"]), date.fromisoformat(expect["end"]))


@pytest.mark.parametrize("case", spec_cases("verdicts"))
def test_magnitude_policy(case):
    check = check_magnitude(case["claimed"], case["step"], Qualifier(case["qualifier"]), case["actual"], POLICY)
    assert check.label is Label(case["expect"])


def test_policy_file_invalid_raises_coded_error(tmp_path):
    from pipeline.errors import PolicyError

    bad = tmp_path / "policy.toml"
    bad.write_text('name = "x"\n')
    with pytest.raises(PolicyError, match=r"\[E020\]"):
        Policy.load(bad)
