"""fixtures/specs/*.jsonl → pytest.param: one case a line; adding a case needs no Python."""
from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES


def spec_cases(name: str) -> list:
    params = []
    for i, line in enumerate((FIXTURES / "specs" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        case = json.loads(line)
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        params.append(pytest.param(case, id=f"{i}:{case.get('name', case.get('text'))}", marks=marks))
    return params
