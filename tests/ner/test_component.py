"""The fin_ner component: what it reads, and how its spans merge with the rule spans."""
from __future__ import annotations

import pytest

from pipeline.nlp.build import MODEL_LABELS, make_nlp


@pytest.fixture(scope="module")
def nlp(data_dir):
    return make_nlp(str(data_dir))


@pytest.fixture(scope="module")
def asset_nlp(data_dir):
    """The pipeline with the model also deciding ASSET spans (as in the ablation)."""
    return make_nlp(str(data_dir), ("ASSET", "METRIC"))


@pytest.fixture(scope="module")
def fin_ner(asset_nlp):
    return asset_nlp.get_pipe("fin_ner")


def _rule_doc(nlp, text):
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "fin_rules"]):
        return nlp(text)


def test_default_pipeline_runs_the_model_between_rules_and_claims(nlp):
    names = nlp.pipe_names
    assert names.index("fin_rules") < names.index("fin_ner") < names.index("claim_extractor")
    assert nlp.get_pipe("fin_ner").labels == frozenset(MODEL_LABELS)


def test_sentences_without_numbers_or_levels_are_not_read(nlp, fin_ner):
    doc = _rule_doc(nlp, "Analysts were cautious. The chipmaker said demand stayed strong.")
    [(read, spans)] = fin_ner.predict([doc])
    assert read == [] and spans == []


def test_model_spans_replace_overlapped_rule_spans_and_others_stay(nlp, fin_ner):
    text = "The Dow Jones Industrial Average index fell 1.2% on Friday, and Broadcom lost $219 billion in market value."
    doc = _rule_doc(nlp, text)
    rules = {(s.text, s.label_) for s in doc.spans["fin"]}
    assert ("Dow Jones Industrial Average", "ASSET") in rules and ("Friday", "TIME") in rules
    sentence = [(0, len(text))]
    start = text.index("The Dow Jones")
    prediction = (sentence, [(start, text.index(" fell"), "ASSET"),
                             (text.index("fell"), text.index("fell") + 4, "MOVE")])  # MOVE: not trusted
    fin_ner.set_annotations(doc, prediction)
    spans = {(s.text, s.label_, s.kb_id_) for s in doc.spans["fin"]}
    assert ("The Dow Jones Industrial Average index", "ASSET", "^DJI") in spans  # wider boundary, meaning from the rule
    assert ("Dow Jones Industrial Average", "ASSET", "^DJI") not in spans
    assert ("Broadcom", "ASSET", "AVGO") in spans  # a rule span the model did not overlap stays
    assert any(label == "MARKET_VALUE" for _, label, _ in spans)  # rules-only labels stay
    assert ("fell", "MOVE", "down") in spans  # from the rules: the model is not trusted with MOVE


def test_an_unknown_model_asset_is_kept_unlinked_and_stopwords_are_dropped(nlp, fin_ner):
    text = "Shares of Zyqqorp Holdings fell 3% on Monday, the worst day."
    doc = _rule_doc(nlp, text)
    s, the = text.index("Zyqqorp Holdings"), text.index("the worst")
    fin_ner.set_annotations(doc, ([(0, len(text))], [(s, s + 16, "ASSET"), (the, the + 3, "ASSET")]))
    spans = {(sp.text, sp.label_, sp.kb_id_) for sp in doc.spans["fin"]}
    assert ("Zyqqorp Holdings", "ASSET", "") in spans  # unknown: the claim will say so, not guess
    assert not any(text == "the" for text, _, _ in spans)


def test_model_finds_lowercase_crypto_names_the_rules_miss(asset_nlp):
    # A case the rules cannot match (lower-case coin names) and the model learnt from the hand labels.
    doc = asset_nlp("Altcoins slid, with solana and cardano down 6% on Tuesday.")
    assets = {(s.text, s.kb_id_) for s in doc.spans["fin"] if s.label_ == "ASSET"}
    assert ("solana", "SOL-USD") in assets or ("cardano", "ADA-USD") in assets


def test_tag_reads_exactly_the_sentences_it_is_given(nlp, fin_ner):
    text = "Oil prices were steady. Nvidia shares fell 3.3% on Friday."
    doc = _rule_doc(nlp, text)
    second = text.index("Nvidia")
    [everything] = fin_ner.tag([doc], [[(0, len(text))]])
    [first_only] = fin_ner.tag([doc], [[(0, second - 1)]])
    assert (text.index("3.3%"), text.index("3.3%") + 4, "AMOUNT") in everything
    assert all(end <= second for _, end, _ in first_only)


def test_a_model_span_crossing_a_label_it_does_not_decide_is_dropped(nlp):
    """The default pipeline does not trust the model with ASSET: its METRIC "yield" must not cut
    the rules' ASSET "yield on the 10-year U.S. Treasury" (which it used to replace)."""
    fin_ner = nlp.get_pipe("fin_ner")
    text = "The yield on the 10-year U.S. Treasury rose by 1 basis point to 4.505%."
    doc = _rule_doc(nlp, text)
    fin_ner.set_annotations(doc, ([(0, len(text))], [(4, 9, "METRIC")]))
    assert [(s.text, s.label_, s.kb_id_) for s in doc.spans["fin"] if s.label_ in ("ASSET", "METRIC")] == [
        ("yield on the 10-year U.S. Treasury", "ASSET", "^TNX")]


def test_a_model_time_span_adds_a_time_but_never_recuts_a_rule_one(nlp):
    """TIME spans are cut for the time parser: where the rules found one, its boundaries stay;
    a time the rules missed is added."""
    fin_ner = nlp.get_pipe("fin_ner")
    assert "TIME" in fin_ner.labels
    text = "Heading into today, shares of Apple had gained 2% over the past month, a stretch of calm."
    doc = _rule_doc(nlp, text)
    rule_times = [s.text for s in doc.spans["fin"] if s.label_ == "TIME"]
    assert "Heading into today" in rule_times
    today, stretch = text.index("today"), text.index("a stretch")
    fin_ner.set_annotations(doc, ([(0, len(text))], [(today, today + 5, "TIME"), (stretch, stretch + 9, "TIME")]))
    times = [s.text for s in doc.spans["fin"] if s.label_ == "TIME"]
    assert "Heading into today" in times and "today" not in times
    assert "a stretch" in times


@pytest.mark.parametrize("text, pieces, expect", [
    # The model tags a name word by word: the pieces are one metric.
    ("The company's Intelligent Cloud revenue rose 20% to $25.5 billion.",
     ["Intelligent", "Cloud revenue"], ["Intelligent Cloud revenue"]),
    # A model span beside a rule span the model did not overlap: one name.
    ("Its AI chip revenue was $3.9 billion.", ["AI chip"], ["AI chip revenue"]),
    # A modifier the model left out is part of the name, as in the rules.
    ("Q4 adjusted EPS was $1.18.", ["EPS"], ["adjusted EPS"]),
    # A piece of a rule's metric name: the rule's whole name stays.
    ("The four-week moving average of 201,500 is the lowest since 2024.", ["four-week moving"],
     ["four-week moving average"]),
    ("Revenue beat consensus estimates of $4.15 billion.", ["estimates"], ["Revenue", "consensus estimates"]),
    # A cue the parser reads as a verb is no metric, from the model either.
    ("PepsiCo fell 2.2% after it forecast annual profit below expectations.", ["forecast"], ["profit", "expectations"]),
    # A piece of a word is no metric name: the rule spans stay as they were.
    ("Treasuries declined as well, with yields up 5 basis points.", ["uri"], []),
])
def test_model_metric_pieces_make_whole_names(nlp, text, pieces, expect):
    fin_ner = nlp.get_pipe("fin_ner")
    doc = _rule_doc(nlp, text)
    found = [(text.index(p), text.index(p) + len(p), "METRIC") for p in pieces]
    fin_ner.set_annotations(doc, ([(0, len(text))], found))
    assert [s.text for s in doc.spans["fin"] if s.label_ == "METRIC"] == expect
