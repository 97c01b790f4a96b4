"""Is a name also an everyday English word? Read off how the word is written in the corpus of
the data directory (read in place): "beat", "news" and "hype" are mostly written in lower case,
"Disney", "Enphase" and "Solana" almost never. Used to keep tickers and short company names
that are English words ("BEAT", "News Corp" -> "News") from being linked.

Only corpus files that no annotated article comes from are read (the annotated articles are in
news_articles_*.jsonl), so the hand annotations never tune this."""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# General financial text: sentences, snippets, headlines and tweets. Crypto news is left out,
# since it writes coin names ("solana") in lower case as names.
_SOURCES = ("financial_phrasebank", "fnspid_aa_snippets", "twitter_financial_news",
            "benzinga_headlines_sample", "stocknet_tweets")
# A word, not a cashtag, hashtag or handle ("$nvda", "#bitcoin", "@Meta").
_WORD = re.compile(r"(?<![\w$#@])([A-Za-z][a-z]+|[A-Z]{2,})\b")
# Share of lower-case uses from which a word counts as an everyday word: "align" 1 of 5,
# "hype" 21 of 29; names and tickers stay far below ("Disney" 1 of 544, "Delta" 2 of 51;
# "aapl" is mostly written "AAPL").
ENGLISH_SHARE = 0.2


@dataclass(frozen=True)
class WordForms:
    lower: Counter
    capitalised: Counter  # "Disney", and "AAPL" in capitals: the forms a name takes

    def is_english(self, word: str) -> bool:
        w = word.lower()
        low, cap = self.lower[w], self.capitalised[w]
        return low > 0 and low / (low + cap) >= ENGLISH_SHARE


@lru_cache(maxsize=4)
def load_word_forms(data_dir: str | None) -> WordForms:
    lower, capitalised = Counter(), Counter()
    corpus = Path(data_dir) / "corpus" if data_dir else None
    for name in _SOURCES if corpus else ():
        path = corpus / f"{name}.jsonl"
        if not path.exists():
            continue
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                for word in _WORD.findall(json.loads(line).get("text") or ""):
                    (lower if word[0].islower() else capitalised)[word.lower()] += 1
    return WordForms(lower, capitalised)
