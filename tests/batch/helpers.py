"""Small inputs for the batch tests: team-written sentences with known verdicts (from the real
bars in the data directory) and a few real corpus articles referred to by file and id."""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.batch.runner import BatchJob, run_batch
from pipeline.config import Settings
from tests.conftest import DATA_DIR

CORPUS_FILE = "news_articles_perplexity_tracker.jsonl"
CORPUS_IDS = ("pnt-4e7f18ffa3592a51", "pnt-766771048fe571c5", "pnt-d6ec7b3dc2113021")

# Team-written: on 2025-12-12 AVGO closed -11.43%, AMD -4.81%, ORCL -4.47% (real bars).
TEAM = [
    {"id": "t1", "published": "2025-12-13", "source": "team", "url": "https://example.test/t1",
     "text": "On December 12, Broadcom fell 11.4% and AMD fell 4.8%."},
    {"id": "t2", "published": "2025-12-13T09:00:00Z", "source": "team", "url": "https://example.test/t2",
     "text": "On December 12, Oracle fell 4.8%."},
    {"id": "t3", "published": "2025-12-13", "source": "team", "url": "",
     "text": "Nvidia rose 2% on Friday while the weather stayed mild."},
    {"id": "t4", "published": "2025-12-13", "source": "team", "url": "",
     "text": "Shares of AMD slid 4.8% on December 12."},
]


def corpus_records(ids=CORPUS_IDS) -> list[dict]:
    wanted, found = set(ids), {}
    with open(DATA_DIR / "corpus" / CORPUS_FILE, encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["id"] in wanted:
                found[record["id"]] = record
    return [found[i] for i in ids]


def write_jsonl(path: Path, records: list, extra_lines: tuple[str, ...] = ()) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write((r if isinstance(r, str) else json.dumps(r)) + "\n")
        for line in extra_lines:
            fh.write(line + "\n")
    return path


def settings(home: Path, offline: bool = True) -> Settings:
    return Settings(home=home, data_dir=DATA_DIR, offline=offline)


def run(inputs, out: Path, home: Path, **kw) -> dict:
    job_kw = {k: kw.pop(k) for k in ("fields", "published_default", "chunk_size") if k in kw}
    job = BatchJob(tuple(Path(p) for p in inputs), out, **job_kw)
    return run_batch(job, kw.pop("settings", None) or settings(home), **kw)


def read_rows(path: Path) -> list[dict]:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return pq.read_table(path).to_pylist()
    if path.suffix == ".csv":
        import csv

        with open(path, newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def labels(rows: list[dict]) -> list[tuple]:
    return [(r["article_id"], r["symbol"], r["label"]) for r in rows]
