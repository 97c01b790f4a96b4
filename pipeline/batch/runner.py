"""`tickercheck batch`: read → chunk → (dedupe) → process on some executor → journal → assemble.

Data flows one way: readers yield records, the journal marks duplicates and skips finished
chunks, an executor runs `work.process_chunk`, the journal commits each result as a part file,
and the writers assemble the parts into the outputs once every chunk is done.
"""
from __future__ import annotations

import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Callable

from pipeline import __version__
from pipeline.batch.chunks import Journal, chunked, read_part
from pipeline.batch.executors import make_executor
from pipeline.batch.readers import read_inputs
from pipeline.batch.records import FieldMap, Record, RecordError
from pipeline.batch.rows import CLAIM_COLUMNS, ERROR_COLUMNS
from pipeline.batch.work import process_chunk
from pipeline.batch.writers import output_format, sibling, write_atomic, write_json_atomic
from pipeline.config import Settings
from pipeline.errors import DuplicateRecord

DEFAULT_CHUNK = 64  # articles per chunk: big enough for nlp.pipe and one price fetch, small in memory


@dataclass(frozen=True)
class BatchJob:
    inputs: tuple[Path, ...]
    out: Path
    fields: FieldMap = field(default_factory=FieldMap)
    published_default: str | None = None
    chunk_size: int = DEFAULT_CHUNK

    @property
    def work_dir(self) -> Path:
        return self.out.with_name(self.out.name + ".parts")

    def fingerprint(self) -> dict:
        """What must not change between a run and its --resume (else chunks would not line up)."""
        inputs = []
        for p in self.inputs:
            stat = p.stat()
            inputs.append([str(p.resolve()), stat.st_size if p.is_file() else None])
        return {"inputs": inputs, "fields": [list(v) for v in (self.fields.id, self.fields.text,
                self.fields.published, self.fields.source, self.fields.url)],
                "published_default": self.published_default, "chunk_size": self.chunk_size}


def run_batch(job: BatchJob, settings: Settings, *, workers: int = 1, scheduler: str | None = None,
              resume: bool = False, source=None, on_records: Callable[[int], None] | None = None,
              process: Callable = process_chunk) -> dict:
    """Run (or resume) a batch; RETURNS the summary, also written to <out>.summary.json.

    source: a PriceSource for the workers (default: the Checker's, per settings).
    on_records: called with the number of input records each finished or skipped chunk covered.
    process: the chunk function (the benchmark swaps in a cheap one to probe memory).
    """
    fmt = output_format(job.out)
    advance = on_records or (lambda n: None)
    journal = Journal(job.work_dir, job.fingerprint(), resume)
    resumed = len(journal.done)
    started = time.perf_counter()
    fresh: Counter = Counter()

    def jobs():
        for number, items in enumerate(chunked(read_inputs(list(job.inputs), job.fields, job.published_default), job.chunk_size)):
            if number in journal.done:
                advance(len(items))
                continue
            yield number, _mark_duplicates(journal, number, items), settings, source

    executor = make_executor(workers, scheduler)
    try:
        for result in executor.run(process, jobs()):
            journal.commit(result.chunk, result.rows, result.errors, result.stats)
            fresh.update({k: result.stats[k] for k in ("articles", "claims", "words", "records")})
            advance(result.stats["records"])
    finally:
        executor.close()
    summary = _assemble(job, journal, fmt)
    seconds = time.perf_counter() - started
    summary.update({
        "chunks_resumed": resumed, "seconds": round(seconds, 3),
        "articles_per_s": round(fresh["articles"] / seconds, 2) if seconds else None,
        "words_per_s": round(fresh["words"] / seconds, 1) if seconds else None,
        "claims_per_s": round(fresh["claims"] / seconds, 2) if seconds else None,
        "workers": workers, "scheduler": scheduler, "tickercheck": __version__,
    })
    write_json_atomic(sibling(job.out, "summary"), summary)
    journal.close()
    shutil.rmtree(job.work_dir)  # the outputs are complete; the parts are no longer needed
    return summary


def _mark_duplicates(journal: Journal, number: int, items: list) -> list:
    records = [i for i in items if isinstance(i, Record)]
    dup = iter(journal.claim_ids(number, [r.id for r in records]))
    out = []
    for item in items:
        if isinstance(item, Record) and next(dup):
            item = RecordError(item.key, item.id, DuplicateRecord.code, f"duplicate id '{item.id}': an earlier record has it")
        out.append(item)
    return out


def _assemble(job: BatchJob, journal: Journal, fmt: str) -> dict:
    chunks = list(journal.stats())
    totals: Counter = Counter()
    labels: Counter = Counter()
    codes: Counter = Counter()
    for _, stats in chunks:
        totals.update({k: stats[k] for k in ("records", "articles", "claims", "errors", "words")})
        labels.update(stats["labels"])
        codes.update(stats["error_codes"])
    for kind, columns, target in (("rows", CLAIM_COLUMNS, job.out), ("errors", ERROR_COLUMNS, sibling(job.out, "errors"))):
        parts = chain.from_iterable(read_part(journal.part(n, kind)) for n, _ in chunks)
        write_atomic(target, parts, columns, fmt)
    return {"records": totals["records"], "articles": totals["articles"], "claims": totals["claims"],
            "errors": totals["errors"], "error_codes": dict(sorted(codes.items())),
            "labels": dict(sorted(labels.items())), "words": totals["words"], "chunks": len(chunks),
            "out": str(job.out), "errors_out": str(sibling(job.out, "errors"))}
