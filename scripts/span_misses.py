"""List the spans of one label that the pipeline misses or adds, against the hand annotations,
with a little of the text around each: the worklist for a rule change.

Only the train and dev splits may be studied; the script refuses the test split.

    cd <tree> && PYTHONPATH=. TICKERCHECK_DATA=../shared/data .venv/bin/python scripts/span_misses.py train,dev TIME [--context]
"""
from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

from pipeline.annotations import load_gold
from pipeline.nlp.build import MODEL_LABELS, make_nlp

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("TICKERCHECK_DATA", ROOT.parent / "shared" / "data"))


def main(splits: str, label: str, context: bool = False) -> None:
    wanted = set(splits.split(","))
    if "test" in wanted:
        raise SystemExit("the test split is held out: study train and dev only")
    nlp = make_nlp(str(DATA_DIR), MODEL_LABELS)
    items = [a for a in load_gold(ROOT / "fixtures" / "annotations", DATA_DIR) if a.split in wanted]
    missed, spurious = Counter(), Counter()
    for item, doc in zip(items, nlp.pipe(a.text for a in items)):
        gold = {(s["start"], s["end"]) for s in item.record["spans"] if s["label"] == label}
        found = {(s.start_char, s.end_char) for s in doc.spans["fin"] if s.label_ == label}
        for tally, ours, theirs in ((missed, gold - found, found), (spurious, found - gold, gold)):
            for start, end in ours:
                near = tuple(item.text[a:b] for a, b in theirs if a < end and start < b)
                around = item.text[max(0, start - 50):end + 30].replace("\n", " ") if context else ""
                tally[(item.text[start:end], near, around)] += 1
    for title, tally in (("MISSED", missed), ("SPURIOUS", spurious)):
        print(title, sum(tally.values()))
        for (text, near, around), n in tally.most_common():
            print(n, repr(text), "overlaps:", near, f"| {around!r}" if around else "")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--context" in sys.argv[3:])
