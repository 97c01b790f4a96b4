"""What a worker does with one chunk, in two phases: extract and resolve every claim of every
article, then fetch prices once for the whole chunk (store first, batched provider calls), then
verify. Runs in the main process, a local worker process or a Dask worker alike; it takes and
returns plain data only (records in; row dicts and counts out), never spaCy objects.
"""
from __future__ import annotations

import ctypes
import gc
import time
from collections import Counter
from dataclasses import dataclass, field

from pipeline.batch.records import RecordError, to_article
from pipeline.batch.rows import claim_row
from pipeline.config import Settings
from pipeline.errors import ExtractionFailed, TickercheckError

# The worker process's Checker, rebuilt only when the settings or the source change:
# spaCy (cached by make_nlp) and the store are loaded once per worker. The Horizon beside it
# remembers the span of the windows its chunks needed, so provider calls ask for all of it.
_CHECKER: list = [None, None, None]


@dataclass
class ChunkResult:
    chunk: int
    rows: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    stats: dict = field(default_factory=dict)


def checker_for(settings: Settings, source=None):
    from pipeline.prices.gather import Horizon
    from pipeline.run import Checker

    key = (settings, id(source))
    if _CHECKER[0] != key:
        _CHECKER[:] = [key, Checker(settings, source=source), Horizon()]
        # spaCy's vocab, the alias index and the calendars live as long as the worker: moving
        # them out of the collector's view keeps full collections cheap (about 25% of verify time)
        gc.freeze()
    return _CHECKER[1]


def process_chunk(chunk: int, items: list, settings: Settings, source=None) -> ChunkResult:
    started = time.perf_counter()
    checker = checker_for(settings, source)
    result = ChunkResult(chunk)
    articles = []
    for item in items:
        if isinstance(item, RecordError):
            result.errors.append(item.to_row())
            continue
        try:
            articles.append((item.key, to_article(item)))
        except TickercheckError as exc:
            result.errors.append(_error(item.key, item.id, exc.code, str(exc)))
    claims = _extract(checker, articles, result)
    flat = [c for _, cs in claims for c in cs]
    checked = checker.verdicts(flat, _fetch(checker, flat))  # phase 2: one fetch for the chunk
    labels: Counter = Counter()
    position = 0
    for article, cs in claims:
        for index in range(len(cs)):
            done = checked[position]
            position += 1
            labels[done.verdict.label.value] += 1
            result.rows.append(claim_row(article, index, done))
    result.stats = {
        "records": len(items), "articles": len(claims), "claims": len(checked),
        "errors": len(result.errors), "labels": dict(labels),
        "error_codes": dict(Counter(e["code"] for e in result.errors)),
        "words": sum(len(a.text.split()) for a, _ in claims),
        "seconds": round(time.perf_counter() - started, 4),
    }
    release_free_memory()
    return result


def release_free_memory() -> None:
    """Give the pages glibc's malloc holds free back to the system, after each chunk.

    Extraction briefly needs several hundred MB (spaCy's and the model's arrays for a chunk's
    longest articles); once freed, glibc keeps most of it in its heaps, and a long run's resident
    memory crept up as each new extreme left more behind (+250 MB over 1,500 real articles,
    with live memory flat: docs/benchmarks.md). Trimming takes milliseconds a chunk."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except AttributeError:  # not glibc (macOS, musl): nothing to trim
        pass


def _fetch(checker, claims: list) -> dict:
    """Checker.fetch, with the run's horizon: store first, then batched provider calls."""
    from pipeline.prices.gather import gather  # imported with the Checker: pandas, calendars
    from pipeline.run import price_windows

    windows = price_windows(claims)
    return gather(windows, checker.store, checker.source, checker.settings.offline,
                  horizon=_CHECKER[2].widen(windows))


def _extract(checker, keyed: list, result: ChunkResult) -> list:
    """Phase 1 through nlp.pipe; if one article breaks the pipeline, redo them one by one so
    only that article becomes an error row."""
    articles = [a for _, a in keyed]
    try:
        return list(zip(articles, checker.extract_many(articles)))
    except Exception:  # noqa: BLE001 - isolate the failing article below
        pass
    out = []
    for key, article in keyed:
        try:
            out.append((article, checker.extract(article)))
        except Exception as exc:  # noqa: BLE001 - any failure is this article's error row
            result.errors.append(_error(key, article.id, ExtractionFailed.code, f"extraction failed: {type(exc).__name__}: {exc}"))
    return out


def _error(key: str, ident: str | None, code: str, message: str) -> dict:
    return {"record": key, "article_id": ident, "code": code, "error": message}
