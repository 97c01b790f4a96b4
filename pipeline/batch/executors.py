"""Where chunks run: in this process, in N local worker processes, or on a Dask cluster
(pipeline/batch/distributed.py). Each yields results as chunks finish, with a bounded number of
chunks in flight, so memory stays flat however long the input is."""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Callable, Iterable, Iterator


class Inline:
    """workers=1: no pickling, no process start; the simplest path and the reference result."""

    def run(self, fn: Callable, jobs: Iterable[tuple]) -> Iterator:
        for args in jobs:
            yield fn(*args)

    def close(self) -> None:
        pass


class LocalPool:
    """N worker processes (spawned: the parent may hold threads, SQLite handles, a progress bar).
    Each loads spaCy once, on its first chunk, and keeps it.

    Each worker gets its share of the cores for math threads (torch's intra-op pool runs the
    fine-tuned model; OpenMP/BLAS pools for numpy). Left alone, every worker would start one
    thread per core, and N workers would run N × cores threads that preempt one another."""

    def __init__(self, workers: int):
        self.workers = workers
        self.threads = threads_per_worker(workers)
        self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=limit_threads, initargs=(self.threads,))

    def run(self, fn: Callable, jobs: Iterable[tuple]) -> Iterator:
        yield from bounded(lambda args: self.pool.submit(fn, *args), jobs, 2 * self.workers,
                           lambda fs: wait(fs, return_when=FIRST_COMPLETED).done)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


_THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def threads_per_worker(workers: int) -> int:
    return max(1, len(os.sched_getaffinity(0)) // workers)


def limit_threads(threads: int) -> None:
    """Worker initializer, run before the worker imports numpy or torch (spawned workers start
    bare), so the libraries size their thread pools from these variables when they load.
    torch reads OMP_NUM_THREADS for its intra-op pool; set_num_threads covers a torch that an
    earlier import already loaded."""
    import sys

    for name in _THREAD_VARS:
        os.environ[name] = str(threads)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)


def bounded(submit: Callable, jobs: Iterable[tuple], limit: int, wait_any: Callable) -> Iterator:
    """Keep at most `limit` jobs in flight; yield each result as it finishes."""
    pending = set()
    for args in jobs:
        pending.add(submit(args))
        while len(pending) >= limit:
            done = wait_any(pending)
            pending -= done
            for future in done:
                yield future.result()
    while pending:
        done = wait_any(pending)
        pending -= done
        for future in done:
            yield future.result()


def make_executor(workers: int = 1, scheduler: str | None = None):
    if scheduler:
        from pipeline.batch.distributed import DaskExecutor

        return DaskExecutor(scheduler)
    return LocalPool(workers) if workers > 1 else Inline()
