"""Every input format reads the same records into the same claim rows; each record keeps its
id, publication time, source and URL; every output format holds the same rows."""
from __future__ import annotations

import csv
import json

import pytest

from tests.batch.helpers import TEAM, corpus_records, labels, read_rows, run, write_jsonl

EXPECTED_TEAM = [  # (article_id, symbol, label) in claim order
    ("t1", "AVGO", "ACCURATE"), ("t1", "AMD", "ACCURATE"),
    ("t2", "ORCL", "INACCURATE"),
    ("t4", "AMD", "ACCURATE"),
]


def _claims(rows):
    return [x for x in labels(rows) if x[1] is not None and x[1] != ""]


def test_jsonl_team_records_verdicts_and_metadata(tmp_path, seeded_home):
    summary = run([write_jsonl(tmp_path / "in.jsonl", TEAM)], tmp_path / "out.jsonl", seeded_home, chunk_size=3)
    rows = read_rows(tmp_path / "out.jsonl")
    assert [x for x in _claims(rows) if x[0] != "t3"] == EXPECTED_TEAM
    t2 = next(r for r in rows if r["article_id"] == "t2")
    assert (t2["published"], t2["source"], t2["url"]) == ("2025-12-13T09:00:00+00:00", "team", "https://example.test/t2")
    assert t2["band_low"] == -4.85 and t2["band_high"] == -4.75 and t2["session"] == "2025-12-12"
    assert json.loads(t2["evidence"])[-1]["date"] == "2025-12-12"
    assert summary["articles"] == 4 and summary["errors"] == 0 and summary["claims"] == len(rows)
    assert sum(summary["labels"].values()) == len(rows)
    assert json.loads((tmp_path / "out.summary.json").read_text())["claims"] == len(rows)


@pytest.mark.parametrize("out_name", ["out.parquet", "out.csv"])
def test_output_formats_hold_the_same_rows(tmp_path, seeded_home, out_name):
    source = write_jsonl(tmp_path / "in.jsonl", TEAM)
    run([source], tmp_path / "ref.jsonl", seeded_home)
    run([source], tmp_path / out_name, seeded_home)
    ref, got = read_rows(tmp_path / "ref.jsonl"), read_rows(tmp_path / out_name)
    if out_name.endswith(".csv"):  # CSV is text: compare as text
        ref = [{k: "" if v is None else str(v) for k, v in r.items()} for r in ref]
    assert got == ref
    assert (tmp_path / out_name.replace("out.", "out.errors.")).exists()


def test_csv_and_parquet_inputs_equal_jsonl_on_real_corpus_records(tmp_path, seeded_home):
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = corpus_records()
    run([write_jsonl(tmp_path / "in.jsonl", records)], tmp_path / "a.jsonl", seeded_home)
    with open(tmp_path / "in.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "published", "source", "url", "title", "text"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
    run([tmp_path / "in.csv"], tmp_path / "b.jsonl", seeded_home)
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "in.parquet")
    run([tmp_path / "in.parquet"], tmp_path / "c.jsonl", seeded_home)
    a = read_rows(tmp_path / "a.jsonl")
    assert {r["article_id"] for r in a} == {r["id"] for r in records}
    assert any(r["label"] == "INACCURATE" for r in a)  # the real articles do get checked
    assert read_rows(tmp_path / "b.jsonl") == a
    assert read_rows(tmp_path / "c.jsonl") == a


def test_configurable_field_names(tmp_path, seeded_home):
    renamed = [{"key": r["id"], "when": r["published"], "body": r["text"], "outlet": r["source"]} for r in TEAM]
    from pipeline.batch.records import FieldMap

    fields = FieldMap.with_overrides(id="key", published="when", text="body", source="outlet")
    run([write_jsonl(tmp_path / "in.jsonl", renamed)], tmp_path / "out.jsonl", seeded_home, fields=fields)
    rows = read_rows(tmp_path / "out.jsonl")
    assert [x for x in _claims(rows) if x[0] != "t3"] == EXPECTED_TEAM
    assert {r["source"] for r in rows} == {"team"}


def test_directory_of_txt_and_html(tmp_path, seeded_home):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "a.txt").write_text(TEAM[0]["text"], encoding="utf-8")
    html = ("<html><head><title>Markets</title><meta property='og:url' content='https://example.test/b'>"
            "<meta name='date' content='2025-12-13'></head><body><nav>Home | Markets | About</nav>"
            f"<article><h1>Markets</h1><p>{TEAM[1]['text']} Traders were surprised by the size of the move "
            "after a week of calm sessions.</p></article><footer>Copyright team</footer></body></html>")
    (docs / "sub" / "b.html").write_text(html, encoding="utf-8")
    (docs / "ignored.json").write_text("{}", encoding="utf-8")
    summary = run([docs], tmp_path / "out.jsonl", seeded_home, published_default="2025-12-13")
    rows = read_rows(tmp_path / "out.jsonl")
    assert _claims(rows) == [("a.txt", "AVGO", "ACCURATE"), ("a.txt", "AMD", "ACCURATE"),
                             ("sub/b.html", "ORCL", "INACCURATE")]
    b = rows[-1]
    assert b["url"] == "https://example.test/b" and b["published"].startswith("2025-12-13")
    assert "Home" not in b["quote"] and summary["records"] == 2


RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Team Wire</title><link>https://example.test</link>
<item><guid>wire-1</guid><link>https://example.test/1</link><pubDate>Sat, 13 Dec 2025 09:00:00 GMT</pubDate>
<description>&lt;p&gt;{a}&lt;/p&gt;</description></item>
<item><guid>wire-2</guid><link>https://example.test/2</link><pubDate>Sat, 13 Dec 2025 10:00:00 GMT</pubDate>
<description>{b}</description></item>
<item><guid>wire-3</guid><pubDate>Sat, 13 Dec 2025 10:00:00 GMT</pubDate></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Team Atom</title><id>urn:team</id>
<updated>2025-12-13T09:00:00Z</updated>
<entry><id>urn:team:1</id><title>AMD</title><link href="https://example.test/a1"/>
<published>2025-12-13T09:00:00Z</published><updated>2025-12-13T09:00:00Z</updated>
<content type="html">&lt;p&gt;{a}&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_and_atom_feeds(tmp_path, seeded_home):
    (tmp_path / "wire.rss").write_text(RSS.format(a=TEAM[1]["text"], b=TEAM[3]["text"]), encoding="utf-8")
    (tmp_path / "team.atom").write_text(ATOM.format(a=TEAM[0]["text"]), encoding="utf-8")
    summary = run([tmp_path / "wire.rss", tmp_path / "team.atom"], tmp_path / "out.jsonl", seeded_home)
    rows = read_rows(tmp_path / "out.jsonl")
    assert _claims(rows) == [("wire-1", "ORCL", "INACCURATE"), ("wire-2", "AMD", "ACCURATE"),
                             ("urn:team:1", "AVGO", "ACCURATE"), ("urn:team:1", "AMD", "ACCURATE")]
    first = rows[0]
    assert (first["source"], first["url"], first["published"]) == ("Team Wire", "https://example.test/1", "2025-12-13T09:00:00+00:00")
    assert summary["errors"] == 1  # wire-3 has no content
    errors = read_rows(tmp_path / "out.errors.jsonl")
    assert [(e["article_id"], e["code"]) for e in errors] == [("wire-3", "E050")]


def test_a_market_value_row_names_the_share_count_it_multiplied(tmp_path, seeded_home):
    record = {"id": "mv", "published": "2025-12-13", "source": "team", "url": "",
              "text": "Oracle's slide wiped about $25 billion off its market value on Friday."}
    run([write_jsonl(tmp_path / "in.jsonl", [record, TEAM[1]])], tmp_path / "out.parquet", seeded_home)
    rows = {r["article_id"]: r for r in read_rows(tmp_path / "out.parquet")}
    shares = json.loads(rows["mv"]["shares"])
    assert (rows["mv"]["kind"], rows["mv"]["label"]) == ("market_value", "ACCURATE")
    assert shares["shares"] == 2_850_792_605 and shares["origin"] == "reference"
    assert shares["as_of"] == "2025-12-12" and f"{shares['shares']:,.0f}" in rows["mv"]["explanation"]
    assert rows["t2"]["shares"] is None  # a price move multiplies no share count
