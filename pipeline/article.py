"""Turn what a user hands us (str or bytes, a publication time) into an Article, or refuse
clearly. Nothing is guessed silently: every adjustment becomes a warning."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from typing import BinaryIO

from pipeline.errors import InputError
from pipeline.html_text import html_to_text, looks_like_html
from pipeline.types import Article

MAX_CHARS = 1_000_000  # of article text: about 150k words; larger inputs belong in batch mode
MAX_INPUT_BYTES = 5_000_000  # of raw input: room for a saved web page around the article
_CLOCK_SKEW = timedelta(days=1)  # a publication time this far ahead of now is a mistake


def read_input(stream: BinaryIO) -> bytes:
    """Read at most one byte more than the limit, so an endless stream cannot exhaust memory."""
    return stream.read(MAX_INPUT_BYTES + 1)


def decode_text(data: bytes | str) -> str:
    """Bytes → str. Refuses binary data and invalid UTF-8 instead of guessing."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"the input is larger than {MAX_INPUT_BYTES:,} bytes; split it into articles "
                         "(one article per call, or a batch file)")
    if isinstance(data, str):
        text = data
    else:
        if b"\x00" in data[:8192]:
            raise InputError("the input looks binary (it contains NUL bytes); give plain text or HTML")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"the input is not valid UTF-8 (byte {exc.start}); re-encode it as UTF-8") from exc
    if "\x00" in text:
        raise InputError("the input looks binary (it contains NUL characters)")
    controls = sum(ch < " " and ch not in "\t\n\r\f" for ch in text[:8192])
    if controls > 0.1 * min(len(text), 8192):
        raise InputError("the input looks binary (it is full of control characters); give plain text or HTML")
    if not text.strip():
        raise InputError("the input is empty: there is no text to check")
    return text


def parse_published(value: str | date | datetime | None) -> tuple[datetime, bool]:
    """A date, an ISO datetime (with zone) or None → (aware datetime, given?).

    A bare date means noon UTC of that day: before the US open, so an undated move in a US
    story is read as the last session before that day (the article may have been written
    before that day's close). A datetime without a zone is refused: its meaning would be a guess.
    """
    if value is None:
        return datetime.now(timezone.utc), False
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time(12, 0), timezone.utc)
    else:
        text = value.strip()
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return parse_published(date.fromisoformat(text))
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise InputError(f"cannot read the publication time '{value}': use YYYY-MM-DD or an ISO datetime with zone") from exc
    if moment.tzinfo is None:
        raise InputError(f"the publication time '{value}' has no time zone: add one (e.g. +00:00 or Z)")
    if moment > datetime.now(timezone.utc) + _CLOCK_SKEW:
        raise InputError(f"the publication time '{value}' is in the future: no session after now can be checked")
    return moment, True


def make_article(data: bytes | str, published=None, **meta) -> tuple[Article, list[str]]:
    text = decode_text(data)
    moment, given = parse_published(published)
    warnings = []
    if not given:
        warnings.append(f"no publication time given: relative dates were read against now ({moment.isoformat(timespec='seconds')})")
    if looks_like_html(text):
        text = html_to_text(text)
        if not text.strip():
            raise InputError("the input is HTML without any readable text")
        warnings.append("the input was HTML: its main text was extracted and checked; offsets refer to that text")
    if len(text) > MAX_CHARS:
        raise InputError(f"the input has {len(text):,} characters of text; the limit is {MAX_CHARS:,} per article")
    return Article(text=text, published=moment, published_given=given, **meta), warnings
