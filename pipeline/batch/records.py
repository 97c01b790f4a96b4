"""One input record as plain data, and how a raw mapping (a JSON object, a CSV row, a Parquet
row) becomes one. Readers produce these in the main process; workers turn them into Articles.

A record that cannot be used becomes a RecordError instead: it is written to the error output
and the batch goes on.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from pipeline.article import make_article
from pipeline.errors import InputError, MalformedRecord
from pipeline.types import Article

# Field names tried in order when the user names none. The first of each list is what the
# corpus files (../shared/data/corpus/news_articles_*.jsonl) use.
DEFAULT_FIELDS = {
    "id": ("id", "guid", "uuid", "article_id"),
    "text": ("text", "body", "content", "article"),
    "published": ("published", "published_at", "date", "datetime", "pubDate"),
    "source": ("source", "publisher", "feed"),
    "url": ("url", "link"),
}


@dataclass(frozen=True, slots=True)
class FieldMap:
    """Which record fields hold the id, text, publication time, source and URL."""

    id: tuple[str, ...] = DEFAULT_FIELDS["id"]
    text: tuple[str, ...] = DEFAULT_FIELDS["text"]
    published: tuple[str, ...] = DEFAULT_FIELDS["published"]
    source: tuple[str, ...] = DEFAULT_FIELDS["source"]
    url: tuple[str, ...] = DEFAULT_FIELDS["url"]

    @classmethod
    def with_overrides(cls, **names: str | None) -> "FieldMap":
        """A field the user names is the only one tried for that role."""
        return cls(**{role: (name,) for role, name in names.items() if name})


@dataclass(frozen=True, slots=True)
class Record:
    key: str  # where it came from: "file:line", "file:row", a relative path; stable across runs
    id: str  # the record's own id, or its key when it has none
    text: str | bytes
    published: str | None  # as given; parsed in the worker (a bad value becomes an error row)
    source: str | None = None
    url: str | None = None
    html: bool = False  # reduce to article text (trafilatura) before extraction


@dataclass(frozen=True, slots=True)
class RecordError:
    key: str
    id: str | None
    code: str
    message: str

    def to_row(self) -> dict:
        return {"record": self.key, "article_id": self.id, "code": self.code, "error": self.message}


def _pick(raw: dict, names: tuple[str, ...]):
    for name in names:
        value = raw.get(name)
        if value is not None and value != "":
            return value
    return None


def _as_time(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return str(value)


def from_mapping(raw, key: str, fields: FieldMap, published_default: str | None = None) -> Record | RecordError:
    """A parsed JSON object / CSV row / Parquet row → Record, or the reason it is not one."""
    if not isinstance(raw, dict):
        return RecordError(key, None, MalformedRecord.code, f"the record is a {type(raw).__name__}, not an object with fields")
    ident = _pick(raw, fields.id)
    ident = str(ident) if ident is not None else key
    text = _pick(raw, fields.text)
    if text is None:
        return RecordError(key, ident, MalformedRecord.code, f"no text: none of the fields {list(fields.text)} is set")
    if not isinstance(text, (str, bytes)):
        return RecordError(key, ident, MalformedRecord.code, f"the text field holds a {type(text).__name__}, not text")
    published = _as_time(_pick(raw, fields.published)) or published_default
    source, url = _pick(raw, fields.source), _pick(raw, fields.url)
    return Record(key, ident, text, published, str(source) if source is not None else None,
                  str(url) if url is not None else None)


def to_article(record: Record) -> Article:
    """Record → Article. Raises InputError (bad text, bad or missing time) with a coded message."""
    text = record.text
    if record.html:
        from pipeline.batch.html import html_to_text

        text = html_to_text(text)
    if record.published is None:
        raise InputError("no publication time: give the record one, or pass --published for records without")
    article, _ = make_article(text, record.published, id=record.id, source=record.source, url=record.url)
    return article
