"""Two local worker processes and a two-worker Dask LocalCluster give the rows one worker gives."""
from __future__ import annotations

import os

import pytest

from pipeline.batch.executors import LocalPool, threads_per_worker
from tests.batch.helpers import TEAM, corpus_records, run, write_jsonl


@pytest.fixture(scope="module")
def feed(tmp_path_factory):
    path = tmp_path_factory.mktemp("feed") / "in.jsonl"
    records = [dict(r, id=f"{r['id']}-{i}") for i in range(2) for r in TEAM] + corpus_records()[:2]
    return write_jsonl(path, records, ("{broken",))


@pytest.fixture(scope="module")
def reference(feed, seeded_home, tmp_path_factory):
    out = tmp_path_factory.mktemp("ref") / "out.jsonl"
    run([feed], out, seeded_home, chunk_size=2)
    return out


def test_two_local_workers_equal_one(feed, reference, seeded_home, tmp_path):
    summary = run([feed], tmp_path / "out.jsonl", seeded_home, chunk_size=2, workers=2)
    assert summary["workers"] == 2
    assert (tmp_path / "out.jsonl").read_bytes() == reference.read_bytes()
    assert (tmp_path / "out.errors.jsonl").read_bytes() == reference.with_name("out.errors.jsonl").read_bytes()


def test_dask_local_cluster_equals_one_worker(feed, reference, seeded_home, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        summary = run([feed], tmp_path / "out.jsonl", seeded_home, chunk_size=2, scheduler=cluster.scheduler_address)
    assert summary["scheduler"].startswith("tcp://")
    assert (tmp_path / "out.jsonl").read_bytes() == reference.read_bytes()
    assert (tmp_path / "out.errors.jsonl").read_bytes() == reference.with_name("out.errors.jsonl").read_bytes()


def _math_threads() -> tuple[str | None, int]:
    """Runs inside a worker: the thread count torch's intra-op pool would use for the model."""
    import os

    import torch

    return os.environ.get("OMP_NUM_THREADS"), torch.get_num_threads()


def test_local_workers_share_the_cores_for_math_threads():
    pool = LocalPool(2)
    try:
        seen = {pool.pool.submit(_math_threads).result() for _ in range(4)}
    finally:
        pool.close()
    share = threads_per_worker(2)
    assert share == max(1, len(os.sched_getaffinity(0)) // 2)
    assert seen == {(str(share), share)}
