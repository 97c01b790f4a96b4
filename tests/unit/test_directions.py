"""Direction-only claims (pipeline/extract/directions.py): which assets a number-less move
word is about, and which sentences give none."""
from __future__ import annotations

import pytest

from pipeline.nlp.build import make_nlp


@pytest.fixture(scope="module")
def nlp(data_dir):
    return make_nlp(str(data_dir))


@pytest.mark.parametrize("text, expect", [
    ("Alphabet and AMD fell on Friday.", [("GOOGL", "down"), ("AMD", "down")]),
    ("Shares of Oracle and Broadcom extended their losses.", [("ORCL", "down"), ("AVGO", "down")]),
    ("Meta Platforms (META) shares rose after the report.", [("META", "up")]),
    # Colour idioms are moves; the parser may give each coordinated name its own subject link.
    ("Qualcomm ( QCOM ) and AMD were also in the green.", [("QCOM", "up"), ("AMD", "up")]),
    ("Texas Instruments ( TXN ) was also in the red.", [("TXN", "down")]),
    # A ticker in apposition to the fund's name that is the subject.
    ("The Vanguard Health Care ETF (VHT) also gained.", [("VHT", "up")]),
    # "red" as a colour is no move.
    ("Apple painted its stores red.", []),
    # The figure's own claim tells the move; "erasing" is part of it.
    ("Nvidia fell 3% on Friday, erasing its gains for the week.", []),
    # Results reported, a loss posted, a streak broken: no price moved.
    ("CVS reported a smaller drop in profit.", []),
    ("Apple posted a loss.", []),
    ("The Dow ended the day breaking a three-week streak of gains.", []),
])
def test_direction_subjects(nlp, text, expect):
    got = [(c.symbol, c.direction) for c in nlp(text)._.claims if c.kind.value == "direction"]
    assert got == expect
