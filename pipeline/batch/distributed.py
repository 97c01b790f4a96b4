"""Run the same chunk job on a Dask distributed cluster (`--scheduler ADDRESS`).

Workers import tickercheck, build their Checker once (pipeline.batch.work keeps it per worker
process) and send back plain dicts. The client only streams chunks out and results back; the
journal and the outputs stay on the client's machine.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from pipeline.batch.executors import bounded


class DaskExecutor:
    def __init__(self, address: str):
        from distributed import Client

        self.client = Client(address)  # the default client while it runs: distributed.wait needs one
        self.limit = 2 * max(1, len(self.client.scheduler_info()["workers"]))

    def run(self, fn: Callable, jobs: Iterable[tuple]) -> Iterator:
        from distributed import wait

        # pure=False: a chunk is never deduplicated by Dask's key hashing; the journal decides
        yield from bounded(lambda args: self.client.submit(fn, *args, pure=False), jobs, self.limit,
                           lambda fs: set(wait(fs, return_when="FIRST_COMPLETED").done))

    def close(self) -> None:
        self.client.close()
