"""Spec table for claim understanding end to end (fixtures/specs/claims.jsonl): text in the
style of real news, its publication time, the claims expected in order (listed fields only)
with verdicts against the real bars in the data directory."""
from __future__ import annotations

import pytest

from pipeline.article import make_article
from tests.specs_runner import spec_cases


@pytest.mark.parametrize("case", spec_cases("claims"))
def test_claim_spec(case, offline_checker):
    article, warnings = make_article(case["text"], case["published"])
    claims = [c.to_dict() for c in offline_checker.check(article, warnings).claims]
    assert len(claims) >= len(case["expect"]), claims
    for got, expect in zip(claims, case["expect"]):
        for key, value in expect.items():
            if key == "label":
                assert got["verdict"]["label"] == value, got["verdict"]
            elif key == "hint_has":
                assert value in (got["verdict"]["hint"] or ""), got["verdict"]
            else:
                assert got[key] == value, (key, got)
