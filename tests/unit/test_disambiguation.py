"""Names that are everyday words (resolve/senses.py) and companies with several share classes
(resolve/share_classes.py, families read from the real Nasdaq screener in the data directory).
End-to-end cases are in fixtures/specs/claims.jsonl; these pin the rules' edges."""
from __future__ import annotations

import pytest

from pipeline.resolve.senses import everyday_sense
from pipeline.resolve.share_classes import pick_class, share_classes


@pytest.mark.parametrize("text,fruit", [
    # the mention checked is the last "Apple"; its own sentence decides before the article
    ("Apple growers expect the harvest to be late. Apple shares rose 1%.", False),
    ("Apple shares rose 1%. Apple growers expect prices to rise 5%.", True),
    ("Apple prices rose 5% at farmers' markets.", True),
    ("Apple rose 5%.", False),  # no cue either way: the company reading stands
    ("Orchards had a good year.\nApple prices rose 5%.", True),  # the article decides
    ("Orchards had a good year, and investors took note.\nApple prices rose 5%.", False),
])
def test_apple_reads_as_the_fruit_only_on_a_clear_cue(text, fruit):
    assert (everyday_sense("Apple", "AAPL", text, text.rindex("Apple")) is not None) is fruit


def test_a_name_not_in_the_table_is_left_alone():
    assert everyday_sense("Oracle", "ORCL", "The oracle at the orchard harvest said prices rose 5%.", 4) is None


def test_share_class_families_from_the_screener(data_dir):
    families = share_classes(str(data_dir))
    assert families["GOOGL"] == families["GOOG"] == {"A": "GOOGL", "C": "GOOG"}
    assert families["BRK-B"] == {"A": "BRK-A", "B": "BRK-B"}  # the class from the symbol: BRK/A, BRK/B
    assert "GOOGM" not in families  # depositary shares of a preferred stock are not a share class
    assert "PSNYW" not in families  # "Class C-1 ADS (ADW)": warrants
    assert "AAPL" not in families  # one class: nothing to choose


@pytest.mark.parametrize("entity,text,symbol,note", [
    ("Alphabet", "Alphabet Class C shares fell 1%.", "GOOG", "'Class C' names GOOG"),
    ("Alphabet", "Alphabet's class-A stock fell 1%.", "GOOGL", "'class-A' names GOOGL"),
    ("Alphabet", "Alphabet's Class B shares fell 1%.", "GOOGL", "names no listed class of Alphabet"),
    ("Alphabet", "Alphabet fell 1%. Its Class C shares were flat.", "GOOGL", "read as GOOGL, the primary one"),
    ("Berkshire", "Berkshire's B shares rose 1%.", "BRK-B", "'B shares' names BRK-B"),
    # the company named a sentence before the claim, its class in the claim's own sentence
    ("Berkshire", "Berkshire rallied on Tuesday. The Class A shares ended 1% higher.", "BRK-A", "'Class A' names BRK-A"),
    ("$GOOG", "$GOOG fell 1%.", "GOOG", None),  # the ticker itself: no ambiguity
])
def test_the_class_the_text_names(data_dir, entity, text, symbol, note):
    linked = "GOOG" if entity == "$GOOG" else "BRK-B" if entity == "Berkshire" else "GOOGL"
    got, why = pick_class(entity, linked, text, 0, text.index("%") + 1, str(data_dir))
    assert got == symbol
    assert (why is None) if note is None else (note in why)
