"""Runs checks for the web server: one worker thread, a bounded number of pending requests,
a time limit per request.

One worker thread because the Checker (spaCy, the SQLite connection) is built once and used
from the thread that built it; the work is CPU-bound, so more threads would not finish sooner.
A slot is held until the job really ends (not when its request gives up), so the bound
holds even for requests that timed out.
"""
from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

from pipeline.article import make_article
from pipeline.config import Settings
from pipeline.errors import CheckTimedOut, ServerBusy
from pipeline.resolve.sessions import resolve_claim
from pipeline.run import Checker

T = TypeVar("T")
WARM_UP_TEXT = "On December 12, Oracle fell 4.8% after a 10% drop the previous trading day, a two-week low."


def warm_up(checker: Checker) -> None:
    """Extract and resolve one short text, so spaCy, dateparser and the exchange calendars have
    loaded before the first user waits. It stops before prices: no provider call."""
    article, _ = make_article(WARM_UP_TEXT, "2025-12-13")
    for claim in checker.nlp(article.text)._.claims:
        resolve_claim(claim, article)


class CheckRunner:
    def __init__(self, settings: Settings, max_pending: int = 32, timeout_s: float = 20.0):
        self.settings = settings
        self.timeout_s = timeout_s
        self.max_pending = max_pending
        self._slots = threading.BoundedSemaphore(max_pending)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tickercheck-check")
        self._checker: Checker | None = None

    def _call(self, job: Callable[[Checker], T]) -> T:
        if self._checker is None:  # built in the worker thread, which then owns its store connection
            self._checker = Checker(self.settings)
        return job(self._checker)

    async def run(self, job: Callable[[Checker], T]) -> T:
        if not self._slots.acquire(blocking=False):
            raise ServerBusy(f"the server is checking {self.max_pending} articles already; try again in a few seconds")
        future = self._pool.submit(self._call, job)
        future.add_done_callback(lambda _: self._slots.release())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout_s)
        except asyncio.TimeoutError:
            raise CheckTimedOut(f"the check took longer than {self.timeout_s:g} s; try a shorter article") from None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
