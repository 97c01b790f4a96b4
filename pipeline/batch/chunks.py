"""Bounded chunks and the journal that makes a batch resumable.

A run keeps a work directory beside its output (`results.parquet.parts/`). Each finished chunk
is two part files (rows, errors), each written to a temporary name, fsynced and renamed into
place; only then is the chunk recorded in the journal (SQLite, one transaction). A chunk is done
exactly when the journal says so, so a run killed at any instant resumes without losing or
repeating a row: an unrecorded chunk is redone and its part files are replaced.

The journal also remembers the first chunk each article id was seen in (on disk, so memory
stays flat): a later record with the same id is a duplicate, also after a resume.
"""
from __future__ import annotations

import json
import os
import sqlite3
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.errors import InputError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (chunk INTEGER PRIMARY KEY, stats TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS seen (id TEXT PRIMARY KEY, chunk INTEGER NOT NULL) WITHOUT ROWID;
"""
_IN_LIMIT = 500  # SQLite host parameters per query, well below its limit


def chunked(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class Journal:
    def __init__(self, work_dir: Path, fingerprint: dict, resume: bool):
        self.dir = work_dir
        exists = (work_dir / "journal.sqlite").exists()
        if exists and not resume:
            raise InputError(f"an unfinished run left {work_dir}: add --resume to continue it, "
                             "or delete that directory to start over")
        work_dir.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(work_dir / "journal.sqlite"), timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")  # readers (a progress probe) never block it
        self._db.executescript(_SCHEMA)
        wanted = json.dumps(fingerprint, sort_keys=True)
        row = self._db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
        if row and row[0] != wanted:
            raise InputError(f"--resume: the inputs or options differ from the run in {work_dir} "
                             f"(was {row[0]}); delete that directory to start over")
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('fingerprint', ?)", (wanted,))
            # ids claimed by chunks that never finished are released: those chunks are redone
            self._db.execute("DELETE FROM seen WHERE chunk NOT IN (SELECT chunk FROM chunks)")
        self.done = {r[0] for r in self._db.execute("SELECT chunk FROM chunks")}

    def close(self) -> None:
        self._db.close()

    def claim_ids(self, chunk: int, ids: list[str]) -> list[bool]:
        """For each id in read order: True if it is a duplicate of an earlier record."""
        earlier: dict[str, int] = {}
        unique = list(dict.fromkeys(ids))
        for i in range(0, len(unique), _IN_LIMIT):
            part = unique[i:i + _IN_LIMIT]
            query = f"SELECT id, chunk FROM seen WHERE id IN ({','.join('?' * len(part))})"
            earlier.update(self._db.execute(query, part).fetchall())
        dup, fresh = [], {}
        for ident in ids:
            first = earlier.get(ident)
            is_dup = (first is not None and first < chunk) or ident in fresh
            dup.append(is_dup)
            if not is_dup:
                fresh[ident] = chunk
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO seen VALUES (?, ?)", fresh.items())
        return dup

    def commit(self, chunk: int, rows: list[dict], errors: list[dict], stats: dict) -> None:
        _write_part(self.part(chunk, "rows"), rows)
        _write_part(self.part(chunk, "errors"), errors)
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO chunks VALUES (?, ?)", (chunk, json.dumps(stats)))
        self.done.add(chunk)

    def part(self, chunk: int, kind: str) -> Path:
        return self.dir / f"{kind}-{chunk:08d}.jsonl"

    def stats(self) -> Iterator[tuple[int, dict]]:
        for chunk, text in self._db.execute("SELECT chunk, stats FROM chunks ORDER BY chunk"):
            yield chunk, json.loads(text)


def _write_part(path: Path, rows: list[dict]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def read_part(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            yield json.loads(line)
