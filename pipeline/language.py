"""A cheap check that a text is English, the only language the extraction rules read.

No model: the share of Latin letters and of common function words is enough to tell an
English article from Chinese, Arabic, German or Spanish ones, and costs a fraction of a
millisecond per kilobyte. Short texts (a headline) are given the benefit of the doubt.
"""
from __future__ import annotations

import re

_SAMPLE = 50_000  # characters looked at; a long article does not change language halfway
_MIN_WORDS = 8  # fewer words than this: too little to judge
_ENGLISH = frozenset("""the of and to in a is that for on with as was were by at from it its has have
are be this which said after than more but not or he she they their who his her will would been
also about over up down percent shares stock""".split())
_OTHERS = {
    "German": frozenset("der die das und ist nicht mit auf für von den des sich dem ein eine im zu auch".split()),
    "French": frozenset("de le la les et est des une du dans pour que qui sur pas au aux avec ce sont".split()),
    "Spanish": frozenset("de el la los las y es del una que en por con para se su al lo como más".split()),
    "Portuguese": frozenset("de o os as e é do da dos das uma que em por com para não se ao mais".split()),
    "Italian": frozenset("il lo gli le e è del della che di un una per con non sono alla nel".split()),
    "Dutch": frozenset("de het een en is van dat op te niet met voor zijn aan ook als bij".split()),
}


def unsupported_language(text: str) -> str | None:
    """None when the text reads as English; otherwise a short reason it does not."""
    sample = text[:_SAMPLE]
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    latin = sum(ord(ch) < 0x250 for ch in letters)  # Basic Latin up to Latin Extended-B
    if latin / len(letters) < 0.5:
        return "most letters are not in Latin script"
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if len(words) < _MIN_WORDS:
        return None
    english = sum(w in _ENGLISH for w in words)
    name, other = max(((n, sum(w in vocab for w in words)) for n, vocab in _OTHERS.items()),
                      key=lambda pair: pair[1])
    if other > 2 * english and other >= 3:
        return f"it does not read as English (its common words are {name})"
    return None
