"""Versions of one wire story are told apart from unrelated articles by shared runs of words."""
from __future__ import annotations

import pytest

from pipeline.annotations import load_gold
from pipeline.near_duplicates import SAME_STORY, SHINGLE_WORDS, SeenText
from tests.conftest import FIXTURES

FIRST = ("Wall Street's main indexes fell on Tuesday as investors weighed fresh tariff threats "
         "against weaker factory data, with the Nasdaq down 1.2% and the S&P 500 off 0.8% by midday. "
         "Shares of Palantir jumped 20% after the data analytics company raised its annual forecast.")
UPDATE = FIRST.replace("by midday", "at the close") + " Treasury yields edged lower in late trading."
OTHER = ("Bitcoin slipped below $95,000 on Wednesday, extending a week of losses as traders "
         "pulled money from spot exchange-traded funds ahead of the Federal Reserve meeting.")


def test_an_updated_version_shares_most_of_its_text():
    assert SeenText([FIRST]).share(UPDATE) >= SAME_STORY
    assert SeenText([FIRST]).share(UPDATE) < 1.0  # the added sentence is new


def test_an_unrelated_article_shares_nothing():
    assert SeenText([FIRST]).share(OTHER) == 0.0
    assert not SeenText([FIRST]).holds_any(OTHER)


@pytest.mark.parametrize("words, expected", [(SHINGLE_WORDS, True), (SHINGLE_WORDS - 1, False)])
def test_holds_any_needs_a_whole_run_of_words(words, expected):
    quoted = " ".join(FIRST.split()[3:3 + words])
    assert SeenText([FIRST]).holds_any(f"As Reuters wrote: {quoted}.") is expected


def test_case_and_punctuation_do_not_hide_a_copy():
    assert SeenText([FIRST]).share(FIRST.upper().replace(",", "")) == 1.0


def test_a_text_too_short_for_a_run_shares_nothing():
    assert SeenText([FIRST]).share("Nasdaq down 1.2%") == 0.0


def test_the_annotated_splits_hold_versions_of_one_story(data_dir):
    """Pinned on the real corpus: test article gkn25-8e2e46d4378632e5 is a later version of
    train article gkn25-75175fc7991b9b01, so evaluate reports test scores without it too."""
    items = {g.record["id"]: g for g in load_gold(FIXTURES / "annotations", data_dir)}
    train_copy, test_copy = items["gkn25-75175fc7991b9b01"], items["gkn25-8e2e46d4378632e5"]
    assert (train_copy.split, test_copy.split) == ("train", "test")
    assert SeenText([train_copy.text]).share(test_copy.text) >= 0.9


def test_evaluate_reports_the_split_without_another_split_s_stories(data_dir, tmp_path):
    import json

    from pipeline.evaluate import evaluate

    wanted = {"gkn25-75175fc7991b9b01", "gkn25-8e2e46d4378632e5", "bwk25-39d979a06e11a530"}
    records = [line for path in sorted((FIXTURES / "annotations").glob("gold_*.jsonl"))
               for line in path.read_text().splitlines() if json.loads(line)["id"] in wanted]
    (tmp_path / "gold_pair.jsonl").write_text("\n".join(records) + "\n")
    out = evaluate(tmp_path, data_dir, "test")
    assert out["articles"] == 2
    unseen = out["unseen_text"]
    assert (unseen["articles"], unseen["left_out"]) == (1, ["gkn25-8e2e46d4378632e5"])
    gold_left = sum(1 for r in map(json.loads, records) if r["id"] == "bwk25-39d979a06e11a530"
                    for c in r["claims"])
    assert unseen["claims"]["tp"] + unseen["claims"]["fn"] == gold_left


def test_training_windows_repeating_test_text_are_left_out():
    from pipeline.ner.dataset import without_text_of

    held_out = SeenText([FIRST])
    copied = {"text": "Shares of Palantir jumped 20% after the data analytics company raised its annual forecast.",
              "spans": [], "source": "weak", "id": "a"}
    own = {"text": "Shares of Nvidia fell 3% after the chipmaker warned on supply.", "spans": [], "source": "weak", "id": "b"}
    assert without_text_of([copied, own], held_out) == [own]
