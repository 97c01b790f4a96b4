"""The one orchestration path: text → spaCy → candidates → resolved claims → prices → verdicts.

The CLI and the web page are thin adapters over `Checker.check` / `check_text`.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from pipeline import __version__
from pipeline.article import make_article
from pipeline.config import Settings
from pipeline.errors import OfflineMiss, PriceDataMissing
from pipeline.language import unsupported_language
from pipeline.nlp.build import make_nlp
from pipeline.prices.csv_files import seed_store
from pipeline.prices.gather import gather
from pipeline.prices.shares import lookup_shares
from pipeline.prices.source import PriceSource
from pipeline.prices.store import PriceStore
from pipeline.resolve.anaphora import sort_of
from pipeline.resolve.sessions import resolve_claim
from pipeline.types import Article, CheckedClaim, Kind, Label, Report, ResolvedClaim, Verdict
from pipeline.verify.policy import Policy
from pipeline.verify.verdict import PriceRows, verify, window_for


class Checker:
    """Holds what is expensive to build once per process: spaCy, the store, the provider."""

    def __init__(self, settings: Settings, source: PriceSource | None = None):
        self.settings = settings
        self.nlp = make_nlp(str(settings.data_dir) if settings.data_dir else None)
        self.store = PriceStore(settings.store_path)
        self.policy = Policy.load(settings.policy_path)
        if source is None and not settings.offline:
            from pipeline.prices.yahoo import YahooSource  # yfinance is imported only when online

            source = YahooSource(cache_dir=settings.home / "yfinance")
        self.source = source

    def seed(self, prices_dir: Path) -> int:
        return seed_store(self.store, prices_dir)

    def check(self, article: Article, warnings: list[str] | None = None) -> Report:
        warnings = list(warnings or ())
        not_english = unsupported_language(article.text)
        if not_english:  # the rules would only misread it: report no claims rather than invented ones
            warnings.append(f"only English is supported and {not_english}: no claims were read")
            return Report(__version__, article, (), tuple(warnings), self.policy.label)
        claims = self.extract(article)
        checked = self.verdicts(claims, self.fetch(claims))
        return Report(__version__, article, checked, tuple(warnings), self.policy.label)

    # The three steps of `check`, public so batch mode can run them over a whole chunk:
    # extract every article, fetch once for all their claims, then verify.

    def extract(self, article: Article) -> list[ResolvedClaim]:
        """spaCy + rules → claims resolved to symbols and sessions (plain data)."""
        # A memory zone frees the strings and lexemes this text added to the shared vocab once
        # the claims (plain data) are out, so a long-running server or batch does not keep every
        # word it ever read (why resident memory grew anyway, and the fixes: docs/benchmarks.md, issue 5).
        with self.nlp.memory_zone():
            return [resolve_claim(c, article, self.settings.data_dir) for c in self.nlp(article.text)._.claims]

    def extract_many(self, articles: Sequence[Article]) -> list[list[ResolvedClaim]]:
        """Like `extract` for many articles, through nlp.pipe (batched tokenisation and tagging)."""
        english = [a for a in articles if not unsupported_language(a.text)]  # as `check` does
        with self.nlp.memory_zone():  # see `extract`
            docs = dict(zip(map(id, english), self.nlp.pipe(a.text for a in english)))
            return [[resolve_claim(c, a, self.settings.data_dir) for c in docs[id(a)]._.claims] if id(a) in docs else []
                    for a in articles]

    def fetch(self, claims: Iterable[ResolvedClaim]) -> dict:
        """Bars for every checkable claim: the store first, then batched provider calls."""
        with _collector_paused():
            return gather(price_windows(claims), self.store, self.source, self.settings.offline)

    def verdicts(self, claims: Iterable[ResolvedClaim], rows: dict) -> tuple[CheckedClaim, ...]:
        claims = list(claims)
        shares = self.shares(claims, rows)
        with _collector_paused():
            return tuple(CheckedClaim(c, self._verdict(c, rows, shares)) for c in claims)

    def shares(self, claims: Sequence[ResolvedClaim], rows: dict) -> dict:
        """Share counts for the market-value claims whose bars were found: the reference, the
        store, then one provider call per symbol (see prices/shares.py). Looked up here, after
        the bars, because only a claim with bars needs a count."""
        wanted = [(c.symbol, c.session) for c in claims if c.candidate.kind is Kind.MARKET_VALUE
                  and c.session and c.problem is None and _has_shares(c.symbol)
                  and not isinstance(rows.get(c.symbol), (Exception, type(None)))]
        if not wanted:
            return {}
        return lookup_shares(wanted, data_dir=self.settings.data_dir, store=self.store, source=self.source,
                             offline=self.settings.offline)

    def _verdict(self, claim: ResolvedClaim, rows: dict, shares: dict) -> Verdict:
        found = rows.get(claim.symbol) if claim.symbol else None
        if isinstance(found, (OfflineMiss, PriceDataMissing)):
            return Verdict(Label.UNVERIFIABLE, f"No price data: {found}.")
        if isinstance(found, Exception):  # provider failure: never called inaccurate
            return Verdict(Label.NOT_CHECKED, f"Price provider failed: {found}.")
        count = shares.get((claim.symbol, claim.session)) if shares else None
        if isinstance(count, (OfflineMiss, PriceDataMissing)):
            return Verdict(Label.UNVERIFIABLE, f"No shares-outstanding figure: {count}.")
        if isinstance(count, Exception):  # the share count's provider failed: not a contradiction
            return Verdict(Label.NOT_CHECKED, f"Shares-outstanding provider failed: {count}.")
        price_rows = None
        if found is not None:
            # only this claim's window of the symbol's bars: the verdict never depends on what
            # else was fetched (a pair of indices, not a copy)
            window = window_for(claim)
            start, stop = found.span(*window) if window else (0, len(found.bars))
            price_rows = PriceRows(found.bars, found.provider, found.fetched_at, count, found.dates,
                                   found.closes if claim.candidate.kind is Kind.LEVEL else None, start, stop)
        return verify(claim, price_rows, self.policy)


@contextmanager
def _collector_paused():
    """Fetching and verifying a batch chunk allocate hundreds of thousands of small objects
    (bars, verdicts, evidence) that hold no reference cycles. Each burst of allocations would
    start cyclic collections that walk the whole heap, spaCy's and torch's objects included,
    and find nothing: on a warm store that was most of the verification time (docs/benchmarks.md).
    Reference counting still frees everything; the collector resumes afterwards (or stays off,
    if the caller had turned it off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _has_shares(symbol: str) -> bool:
    """Only a listed stock's market value is price × shares: an index, a coin (circulating
    supply), a future or a currency has no share count to ask any provider for."""
    return sort_of(symbol) == "equity" and "=" not in symbol


def price_windows(claims: Iterable[ResolvedClaim]) -> dict[str, tuple[date, date]]:
    """symbol → the union of the bar windows its checkable claims need."""
    windows: dict[str, tuple[date, date]] = {}
    for claim in claims:
        window = window_for(claim) if claim.problem is None and claim.symbol else None
        if window is None or claim.candidate.kind is Kind.OUT_OF_SCOPE:
            continue
        lo, hi = windows.get(claim.symbol, window)
        windows[claim.symbol] = (min(lo, window[0]), max(hi, window[1]))
    return windows


@lru_cache(maxsize=4)
def default_checker(settings: Settings) -> Checker:
    """One Checker per settings per process: repeated check_text calls reuse the store
    connection and the provider instead of reopening them."""
    return Checker(settings)


def check_text(text: str | bytes, published: str | date | datetime | None = None, *,
               settings: Settings | None = None, checker: Checker | None = None,
               prices_dir: Path | None = None, **meta) -> Report:
    """Check one article.

    text (str | bytes): the article; bytes must be UTF-8.
    published: a date, an ISO datetime with zone, or None for "now" (the report says so).
    RETURNS (Report): claims with verdicts; `.to_dict()` gives the JSON contract.
    """
    article, warnings = make_article(text, published, **meta)
    checker = checker or default_checker(settings or Settings.from_env())
    if prices_dir is not None:
        checker.seed(Path(prices_dir))
    return checker.check(article, warnings)
