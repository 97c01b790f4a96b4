"""Streaming readers: every input format yields Record | RecordError one at a time, in a fixed
order, so the same input always splits into the same chunks (what makes --resume exact).

Formats: JSONL, CSV, Parquet (read in row batches), a directory of .txt/.html files, and an
RSS/Atom file (feedparser parses one feed document; a feed file is one document by nature).
"""
from __future__ import annotations

import csv
import json
import re
import sys
from calendar import timegm
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from pipeline.batch.records import FieldMap, Record, RecordError, from_mapping
from pipeline.errors import InputError, MalformedRecord

Item = Record | RecordError
_BAD_BYTES = re.compile("[\udc80-\udcff]")  # bytes that surrogateescape could not decode
_FEED_SUFFIXES = {".rss", ".atom", ".xml"}
_DOC_SUFFIXES = {".txt": False, ".text": False, ".html": True, ".htm": True}


def read_inputs(paths: list[Path], fields: FieldMap, published_default: str | None = None) -> Iterator[Item]:
    for path in paths:
        yield from _reader(path)(path, fields, published_default)


def _reader(path: Path):
    if path.is_dir():
        return read_directory
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return read_jsonl
    if suffix == ".csv":
        return read_csv
    if suffix in (".parquet", ".pq"):
        return read_parquet
    if suffix in _FEED_SUFFIXES:
        return read_feed
    if not path.exists():
        raise InputError(f"cannot read {path}: no such file or directory")
    raise InputError(f"cannot tell the format of {path}: use .jsonl, .csv, .parquet, .rss/.atom/.xml or a directory")


def read_jsonl(path: Path, fields: FieldMap, published_default=None) -> Iterator[Item]:
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, 1):
            key = f"{path.name}:{number}"
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                yield RecordError(key, None, MalformedRecord.code, f"malformed JSON: {exc}")
                continue
            yield from_mapping(raw, key, fields, published_default)


def read_csv(path: Path, fields: FieldMap, published_default=None) -> Iterator[Item]:
    csv.field_size_limit(sys.maxsize)  # article bodies are long fields
    # surrogateescape: a row with invalid UTF-8 becomes that row's error, not the file's
    with open(path, newline="", encoding="utf-8", errors="surrogateescape") as fh:
        reader = csv.DictReader(fh)
        for number, row in enumerate(reader, 1):
            key = f"{path.name}:{number}"
            if None in row:  # more cells than the header names
                yield RecordError(key, row.get(fields.id[0]), MalformedRecord.code, "malformed CSV row: more cells than columns")
            elif any(_BAD_BYTES.search(v) for v in row.values() if isinstance(v, str)):
                yield RecordError(key, None, MalformedRecord.code, "the CSV row is not valid UTF-8; re-encode the file as UTF-8")
            else:
                yield from_mapping(row, key, fields, published_default)


def read_parquet(path: Path, fields: FieldMap, published_default=None) -> Iterator[Item]:
    import pyarrow.parquet as pq

    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=512):
        for row in batch.to_pylist():
            number += 1
            yield from_mapping(row, f"{path.name}:{number}", fields, published_default)


def read_directory(path: Path, fields: FieldMap, published_default=None) -> Iterator[Item]:
    """Every .txt/.html file below `path`, sorted by relative path; the id is that path.
    HTML pages give their own date and URL when their metadata states them."""
    from pipeline.batch.html import html_metadata

    files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _DOC_SUFFIXES)
    for file in files:
        rel = file.relative_to(path).as_posix()
        html = _DOC_SUFFIXES[file.suffix.lower()]
        try:
            data = file.read_bytes()
        except OSError as exc:
            yield RecordError(rel, rel, MalformedRecord.code, f"cannot read the file: {exc.strerror}")
            continue
        meta = html_metadata(data) if html else {}
        yield Record(rel, rel, data, meta.get("published") or published_default,
                     meta.get("source"), meta.get("url"), html=html)


def read_feed(path: Path, fields: FieldMap, published_default=None) -> Iterator[Item]:
    import feedparser

    feed = feedparser.parse(str(path))
    if feed.bozo and not feed.entries:
        raise InputError(f"cannot read the feed {path}: {feed.get('bozo_exception')}")
    source = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, 1):
        key = f"{path.name}:{number}"
        ident = entry.get("id") or entry.get("link") or key
        body = entry.get("content", [{}])[0].get("value") or entry.get("summary")
        if not body:
            yield RecordError(key, ident, MalformedRecord.code, "the feed entry has no content or summary")
            continue
        yield Record(key, ident, body, _entry_time(entry) or published_default, source,
                     entry.get("link"), html=True)


def _entry_time(entry) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")  # feedparser: UTC
    if parsed is None:
        return None
    return datetime.fromtimestamp(timegm(parsed), timezone.utc).isoformat()


def count_records(paths: list[Path]) -> int | None:
    """A cheap total for the progress bar's ETA (lines, rows, files); None when unknown."""
    total = 0
    for path in paths:
        suffix = path.suffix.lower()
        if path.is_dir():
            total += sum(1 for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _DOC_SUFFIXES)
        elif suffix in (".jsonl", ".ndjson", ".json", ".csv"):
            with open(path, "rb") as fh:
                total += sum(1 for line in fh if line.strip()) - (suffix == ".csv")
        elif suffix in (".parquet", ".pq"):
            import pyarrow.parquet as pq

            total += pq.ParquetFile(path).metadata.num_rows
        else:
            return None
    return total
