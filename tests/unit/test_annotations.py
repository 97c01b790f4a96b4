"""The hand annotations stay valid against the corpus, and the split cannot drift."""
from __future__ import annotations

import pytest

from pipeline.annotations import claim_scores, load_gold, problems, span_scores, split_of
from tests.conftest import FIXTURES

EXPECTED_SPLITS = ["train", "train", "test"]


@pytest.fixture(scope="module")
def gold(data_dir):
    return load_gold(FIXTURES / "annotations", data_dir)


def test_annotations_valid_against_corpus(gold):
    assert len(gold) >= 60
    assert [p for item in gold for p in problems(item)] == []


def test_annotations_split_by_article_and_stable(gold):
    splits = {item.record["id"]: item.split for item in gold}
    assert set(splits.values()) == {"train", "dev", "test"}
    assert len(splits) == len(gold)  # one record per article: no article in two splits
    # Pinned: a change to the hash rule would silently move articles between splits.
    assert [split_of(i) for i in ("pnt-ccae8b4bedebd71a", "cpr-33f068c2552a2c34", "bwk25-39d979a06e11a530")] \
        == EXPECTED_SPLITS


def test_annotations_no_corpus_text_in_files():
    for path in (FIXTURES / "annotations").glob("gold_*.jsonl"):
        assert '"text"' not in path.read_text()


def test_scores_count_exact_matches_only():
    gold = [(0, 5, "AMOUNT"), (6, 9, "ASSET")]
    pred = [(0, 5, "AMOUNT"), (6, 8, "ASSET")]
    s = span_scores(gold, pred)
    assert (s["AMOUNT"]["f1"], s["ASSET"]["f1"], s["micro"]["tp"]) == (1.0, 0.0, 1)
    claim = {"kind": "daily_move", "symbol": "AMD", "value": 4.8, "direction": "down",
             "qualifier": "exact", "session": "2025-12-12", "period": None}
    assert claim_scores([claim], [claim])["f1"] == 1.0
    assert claim_scores([claim], [{**claim, "session": "2025-12-11"}])["tp"] == 0
