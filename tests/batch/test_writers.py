"""Parquet row groups are cut by bytes, not rows: few groups (small footer) and the same rows."""
from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from pipeline.batch import writers
from pipeline.batch.rows import CLAIM_COLUMNS


def _rows(n: int) -> list[dict]:
    return [{"article_id": f"a{i}", "claim_index": i % 3, "quote": f"Nvidia rose {i % 7}% on Friday",
             "value": i / 10, "label": "ACCURATE"} for i in range(n)]


@pytest.mark.parametrize("cap, groups", [(writers._ROW_GROUP_BYTES, 1), (1, 3)])
def test_writers_parquet_row_groups_by_size(tmp_path, monkeypatch, cap, groups):
    monkeypatch.setattr(writers, "_ROW_GROUP_BYTES", cap)
    rows = _rows(5000)  # three 2,048-row batches: well under the default cap, each over 1 byte
    out = tmp_path / "out.parquet"
    assert writers.write_atomic(out, iter(rows), CLAIM_COLUMNS, "parquet") == 5000
    assert pq.ParquetFile(out).metadata.num_row_groups == groups
    back = pq.read_table(out).to_pylist()
    assert [(r["article_id"], r["claim_index"], r["quote"], r["value"]) for r in back] == \
        [(r["article_id"], r["claim_index"], r["quote"], r["value"]) for r in rows]


def test_writers_parquet_empty_output_has_the_schema(tmp_path):
    out = tmp_path / "empty.parquet"
    assert writers.write_atomic(out, iter([]), CLAIM_COLUMNS, "parquet") == 0
    assert pq.read_table(out).column_names == list(CLAIM_COLUMNS)
