"""Final assembly: stream the finished part files, in chunk order, into one output file per kind
(claims, errors) in the format the output name asks for. Each file is written under a temporary
name and renamed into place, so a reader never sees half an output."""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.errors import InputError

FORMATS = {".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
_PARQUET_BATCH = 2048  # rows turned from dicts into Arrow columns at a time
# A Parquet writer keeps every row group's metadata (about 40 KB for our 29 columns) until it
# writes the footer, so 2,048-row groups made memory grow with the output (+7 MB from 10,000 to
# 400,000 short rows). Row groups are cut by size instead: Arrow columns are buffered up to this
# many bytes (about 30,000 short rows), which bounds the buffer and makes groups few. Larger caps
# cost more than they save: the writer also holds a whole group's encoded pages until it closes.
_ROW_GROUP_BYTES = 4 * 2**20


def output_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(f"cannot tell the output format of {path}: use .parquet, .jsonl or .csv")
    return fmt


def sibling(out: Path, kind: str) -> Path:
    """results.parquet → results.errors.parquet; the summary is always JSON."""
    suffix = ".json" if kind == "summary" else out.suffix
    return out.with_name(f"{out.stem}.{kind}{suffix}")


def write_atomic(path: Path, rows: Iterable[dict], columns: tuple[str, ...], fmt: str) -> int:
    tmp = path.with_name(f".{path.name}.tmp")
    if fmt == "parquet":  # pyarrow writes to the path itself (given a Python file it buffers more)
        n = _parquet(str(tmp), rows, columns)
    else:
        with open(tmp, "wb") as fh:
            n = _WRITERS[fmt](fh, rows, columns)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return n


def write_json_atomic(path: Path, value: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _jsonl(fh, rows, columns) -> int:
    n = 0
    for row in rows:
        fh.write((json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n").encode())
        n += 1
    return n


def _csv(fh, rows, columns) -> int:
    import io

    text = io.TextIOWrapper(fh, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    text.detach()  # leave the binary file open for the caller's fsync
    return n


def _parquet(target: str, rows, columns) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = _arrow_types()  # numbers keep their type; every other column is text
    schema = pa.schema([(c, types.get(c, pa.string())) for c in columns])
    n = 0
    with pq.ParquetWriter(target, schema) as writer:
        group: list = []
        for batch in _batches(rows, _PARQUET_BATCH):
            cells = [{c: _cell(row.get(c), c in types) for c in columns} for row in batch]
            group.append(pa.Table.from_pylist(cells, schema=schema))
            n += len(batch)
            if sum(t.nbytes for t in group) >= _ROW_GROUP_BYTES:
                _write_group(writer, group)
                group = []
        if group or n == 0:
            _write_group(writer, group or [schema.empty_table()])
    return n


def _write_group(writer, tables: list) -> None:
    import pyarrow as pa

    table = pa.concat_tables(tables)  # no copy: the group's batches become one row group
    writer.write_table(table, row_group_size=max(1, table.num_rows))


def _cell(value, numeric: bool):
    return value if value is None or numeric else str(value)


def _batches(rows: Iterable[dict], size: int) -> Iterator[list[dict]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _arrow_types() -> dict:
    import pyarrow as pa

    return {"claim_index": pa.int64(), "start": pa.int64(), "end": pa.int64(), "value": pa.float64(),
            "actual": pa.float64(), "band_low": pa.float64(), "band_high": pa.float64()}


_WRITERS = {"jsonl": _jsonl, "csv": _csv}
