"""The hand annotations stay valid against the corpus, and the split cannot drift."""
from __future__ import annotations

import pytest

from pipeline.annotations import claim_scores, field_scores, load_gold, problems, span_scores, split_of
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


def test_field_scores_pair_claims_by_overlap_and_score_each_field():
    amd = {"article": 0, "start": 10, "end": 30, "kind": "daily_move", "symbol": "AMD", "value": 4.8,
           "direction": "down", "qualifier": "exact", "session": "2025-12-12", "period": None}
    nvda = {**amd, "start": 40, "end": 60, "symbol": "NVDA", "value": 3.3}
    gold = [amd, nvda, {**amd, "article": 1}]  # the third is missed
    pred = [{**amd, "start": 12, "end": 31},  # right on every field
            {**nvda, "start": 35, "end": 45, "session": "2025-12-11", "value": 3.0},  # two fields wrong
            {**nvda, "start": 45, "end": 58, "qualifier": "about"},  # overlaps NVDA most: wins it
            {**amd, "start": 70, "end": 80}]  # overlaps nothing
    s = field_scores(gold, pred)
    assert (s["found"]["tp"], s["found"]["fp"], s["found"]["fn"]) == (2, 2, 1)
    assert (s["symbol"]["tp"], s["value"]["tp"], s["time"]["tp"]) == (2, 2, 2)
    assert (s["qualifier"]["tp"], s["qualifier"]["fp"], s["qualifier"]["fn"]) == (1, 3, 2)
    assert field_scores(gold, [])["kind"]["recall"] == 0.0
