"""Spec table for claim understanding end to end (fixtures/specs/claims.jsonl): text in the
style of real news, its publication time, the claims expected in order (listed fields only)
with verdicts against the real bars in the data directory. An empty list (without "never") or
"complete" says there are no other claims."""
from __future__ import annotations

import pytest

from pipeline.article import make_article
from tests.specs_runner import spec_cases


@pytest.mark.parametrize("case", spec_cases("claims"))
def test_claim_spec(case, offline_checker):
    article, warnings = make_article(case["text"], case["published"])
    claims = [c.to_dict() for c in offline_checker.check(article, warnings).claims]
    assert len(claims) >= len(case["expect"]), claims
    # "never": symbols no claim may be linked to ("apple prices at farmers' markets" is not AAPL)
    assert not {c["symbol"] for c in claims} & set(case.get("never", ())), claims
    if case.get("complete") or not case["expect"] and "never" not in case:
        assert len(claims) == len(case["expect"]), claims  # no claim beyond those listed
    for got, expect in zip(claims, case["expect"]):
        for key, value in expect.items():
            if key == "label":
                assert got["verdict"]["label"] == value, got["verdict"]
            elif key == "hint_has":
                assert value in (got["verdict"]["hint"] or ""), got["verdict"]
            elif key in ("explanation_has", "evidence_shares_origin"):
                verdict = got["verdict"]
                found = verdict["explanation"] if key == "explanation_has" else verdict["evidence"]["shares"]["origin"]
                assert value in found, verdict
            elif key == "note_has":
                assert any(value in note for note in got["notes"]), got["notes"]
            else:
                assert got[key] == value, (key, got)
