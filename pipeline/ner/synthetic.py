"""Synthetic sentences in the style of market news, for augmentation only (never evaluation).

Each template is filled from small team-written tables; the spans are known by construction.
Templates cover the hard cases the corpus has few of: cashtags, qualifiers, coordinated
lists, percentage points, non-price metrics that must not be read as moves.
"""
from __future__ import annotations

import random

ASSETS = ["Nvidia", "Apple", "Microsoft", "Broadcom", "Oracle", "AMD", "Tesla", "Amazon",
          "Alphabet", "Meta Platforms", "Intel", "Micron", "Netflix", "Salesforce", "the Nasdaq",
          "the Dow", "the S&P 500", "the Nasdaq Composite", "the Russell 2000", "Bitcoin",
          "Ether", "Solana", "XRP", "$NVDA", "$TSLA", "$BTC", "$ETH", "AAPL", "MSFT", "the VIX",
          "the Philadelphia Semiconductor Index", "CoreWeave", "Palantir", "Boeing", "JPMorgan"]
UP = ["rose", "gained", "climbed", "jumped", "surged", "rallied", "advanced", "added", "soared",
      "closed up", "ended higher", "was up"]
DOWN = ["fell", "dropped", "slid", "declined", "tumbled", "sank", "lost", "plunged", "slumped",
        "closed down", "ended lower", "was down"]
QUALIFIERS = ["more than", "about", "nearly", "almost", "roughly", "as much as", "over",
              "around", "less than", "at least"]
TIMES = ["on Friday", "on Tuesday", "on December 12", "last week", "this year", "year to date",
         "on the previous trading day", "yesterday", "today", "in premarket trading",
         "since March", "over the past five sessions", "in 2025", "on Nov. 3"]
METRICS = ["revenue", "quarterly sales", "profit margins", "earnings per share", "guidance",
           "its price target", "operating income", "the unemployment rate", "inflation"]


def _pct(rng: random.Random) -> str:
    v = rng.choice([rng.randint(1, 30), round(rng.uniform(0.1, 25), rng.choice([1, 2]))])
    return rng.choice([f"{v}%", f"{v} percent", f"{v}%"])


class _Builder:
    """Concatenates pieces and records the labelled ones' offsets."""

    def __init__(self):
        self.text, self.spans = "", []

    def add(self, piece: str, label: str | None = None) -> "_Builder":
        lead_word = (label == "TIME" and piece.lower().startswith(("on ", "in ", "over "))  # not in TIME
                     or label == "ASSET" and piece.startswith("the ") and piece not in ("the Nasdaq", "the Dow"))
        if lead_word:
            word, piece = piece.split(" ", 1)
            self.add(word + " ")
        start = len(self.text)
        self.text += piece
        if label:
            lead = len(piece) - len(piece.lstrip())
            self.spans.append([start + lead, len(self.text), label])
        return self


def sentence(rng: random.Random) -> dict:
    b = _Builder()
    kind = rng.random()
    move_up = rng.random() < 0.5
    move = rng.choice(UP if move_up else DOWN)
    if kind < 0.45:  # "Nvidia fell more than 3.2% on Friday."
        b.add(rng.choice(ASSETS), "ASSET").add(" shares " if rng.random() < 0.2 else " ")
        b.add(move, "MOVE").add(" ")
        if rng.random() < 0.5:
            b.add(rng.choice(QUALIFIERS), "QUALIFIER").add(" ")
        b.add(_pct(rng), "AMOUNT")
        if rng.random() < 0.7:
            b.add(" ").add(rng.choice(TIMES), "TIME")
    elif kind < 0.65:  # coordinated list: "AMD and Intel fell 4.1% and 2%, respectively"
        a, c = rng.sample(ASSETS, 2)
        b.add(a, "ASSET").add(" and ").add(c, "ASSET").add(" ").add(move, "MOVE").add(" ")
        b.add(_pct(rng), "AMOUNT").add(" and ").add(_pct(rng), "AMOUNT").add(", respectively")
    elif kind < 0.8:  # a non-price metric: "Oracle said revenue rose 12% in 2025"
        b.add(rng.choice(ASSETS), "ASSET").add(" said ").add(rng.choice(METRICS), "METRIC")
        b.add(" ").add(move, "MOVE").add(" ").add(_pct(rng), "AMOUNT")
        if rng.random() < 0.5:
            b.add(" ").add(rng.choice(TIMES), "TIME")
    else:  # a price level: "Bitcoin fell to $86,400 on Tuesday"
        price = f"${rng.randint(5, 120_000):,}" + (f".{rng.randint(10, 99)}" if rng.random() < 0.4 else "")
        b.add(rng.choice(ASSETS), "ASSET").add(" ").add(move, "MOVE").add(" to ").add(price, "AMOUNT")
        b.add(" ").add(rng.choice(TIMES), "TIME")
    b.add(".")
    return {"text": b.text, "spans": b.spans}


def sentences(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    return [sentence(rng) for _ in range(n)]
