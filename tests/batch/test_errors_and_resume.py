"""Bad records become error rows and nothing else is lost; an interrupted run resumed with
--resume equals an uninterrupted one, row for row."""
from __future__ import annotations

import json

import pytest

from pipeline.batch.work import process_chunk
from pipeline.errors import InputError
from tests.batch.helpers import TEAM, labels, read_rows, run, write_jsonl

BAD_LINES = (
    "{not json",
    json.dumps(["a", "list"]),
    json.dumps({"id": "no-text", "published": "2025-12-13"}),
    json.dumps({"id": "naive-time", "published": "2025-12-13T10:00", "text": "AMD fell 4.8%."}),
    json.dumps({"id": "bad-date", "published": "13/12/2025", "text": "AMD fell 4.8%."}),
    json.dumps({"id": "no-date", "text": "AMD fell 4.8%."}),
    json.dumps({"id": "empty", "published": "2025-12-13", "text": "   "}),
    json.dumps(TEAM[1]),  # duplicate id t2, different position
)


def test_malformed_records_and_duplicates_are_error_rows(tmp_path, seeded_home):
    source = write_jsonl(tmp_path / "in.jsonl", TEAM[:2], BAD_LINES + (json.dumps(TEAM[2]), json.dumps(TEAM[3])))
    summary = run([source], tmp_path / "out.jsonl", seeded_home, chunk_size=4)
    errors = read_rows(tmp_path / "out.errors.jsonl")
    assert [(e["record"], e["article_id"], e["code"]) for e in errors] == [
        ("in.jsonl:3", None, "E050"), ("in.jsonl:4", None, "E050"), ("in.jsonl:5", "no-text", "E050"),
        ("in.jsonl:6", "naive-time", "E001"), ("in.jsonl:7", "bad-date", "E001"),
        ("in.jsonl:8", "no-date", "E001"), ("in.jsonl:9", "empty", "E001"), ("in.jsonl:10", "t2", "E051"),
    ]
    assert "time zone" in errors[3]["error"] and "publication time" in errors[5]["error"]
    # the good records lose nothing: the same rows as a clean feed of them alone
    run([write_jsonl(tmp_path / "clean.jsonl", TEAM)], tmp_path / "clean.jsonl.out.jsonl", seeded_home)
    assert read_rows(tmp_path / "out.jsonl") == read_rows(tmp_path / "clean.jsonl.out.jsonl")
    assert summary["records"] == 12 and summary["articles"] == 4 and summary["errors"] == 8
    assert summary["error_codes"] == {"E001": 4, "E050": 3, "E051": 1}


class Interrupt(Exception):
    pass


def _dies_after(n: int):
    """A chunk function that is interrupted (like Ctrl-C) when its n+1-th chunk starts."""
    seen = []

    def process(chunk, items, settings, source=None):
        if len(seen) == n:
            raise Interrupt(f"interrupted at chunk {chunk}")
        seen.append(chunk)
        return process_chunk(chunk, items, settings, source)
    return process


def _feed(tmp_path):
    records = [dict(r, id=f"{r['id']}-{i}") for i in range(3) for r in TEAM]
    return write_jsonl(tmp_path / "in.jsonl", records + [TEAM[0]] + records[:2], ("{broken",))


def test_resume_after_interruption_equals_uninterrupted(tmp_path, seeded_home):
    source = _feed(tmp_path)
    run([source], tmp_path / "ref.jsonl", seeded_home, chunk_size=2)
    out = tmp_path / "out.jsonl"
    with pytest.raises(Interrupt):
        run([source], out, seeded_home, chunk_size=2, process=_dies_after(3))
    assert not out.exists()  # nothing half-written
    with pytest.raises(InputError, match="--resume"):
        run([source], out, seeded_home, chunk_size=2)
    summary = run([source], out, seeded_home, chunk_size=2, resume=True)
    assert summary["chunks_resumed"] == 3
    assert out.read_bytes() == (tmp_path / "ref.jsonl").read_bytes()
    assert (tmp_path / "out.errors.jsonl").read_bytes() == (tmp_path / "ref.errors.jsonl").read_bytes()
    assert len(read_rows(tmp_path / "out.errors.jsonl")) == 3  # 2 duplicates + 1 broken line
    assert not (tmp_path / "out.jsonl.parts").exists()


def test_resume_refuses_changed_options(tmp_path, seeded_home):
    source = _feed(tmp_path)
    with pytest.raises(Interrupt):
        run([source], tmp_path / "out.jsonl", seeded_home, chunk_size=2, process=_dies_after(1))
    with pytest.raises(InputError, match="differ"):
        run([source], tmp_path / "out.jsonl", seeded_home, chunk_size=3, resume=True)


def test_output_claims_keep_read_order(tmp_path, seeded_home):
    source = _feed(tmp_path)
    run([source], tmp_path / "out.jsonl", seeded_home, chunk_size=5)
    ids = [a for a, _, _ in labels(read_rows(tmp_path / "out.jsonl"))]
    order = [json.loads(line)["id"] for line in source.read_text().splitlines() if line.startswith("{\"")]
    assert ids == sorted(ids, key=order.index)


def test_csv_row_with_invalid_utf8_is_an_error_row(tmp_path, seeded_home):
    rows = [b"id,published,text", b"c1,2025-12-13,On December 12 Oracle fell 4.8%.",
            b"c2,2025-12-13,Caf\xe9 owners said AMD fell 4.8%.", b"c3,2025-12-13,Shares of AMD slid 4.8% on December 12."]
    (tmp_path / "in.csv").write_bytes(b"\n".join(rows) + b"\n")
    summary = run([tmp_path / "in.csv"], tmp_path / "out.jsonl", seeded_home)
    errors = read_rows(tmp_path / "out.errors.jsonl")
    assert [(e["record"], e["code"]) for e in errors] == [("in.csv:2", "E050")] and "UTF-8" in errors[0]["error"]
    assert [(a, s, lab) for a, s, lab in labels(read_rows(tmp_path / "out.jsonl"))] == [("c1", "ORCL", "INACCURATE"), ("c3", "AMD", "ACCURATE")]
    assert summary["articles"] == 2
