"""Turn what a user hands us (str or bytes, a publication time) into an Article, or refuse
clearly. Nothing is guessed silently: every adjustment becomes a warning."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timezone

from pipeline.errors import InputError
from pipeline.types import Article

MAX_CHARS = 1_000_000  # about 150k words; larger inputs belong in batch mode


def decode_text(data: bytes | str) -> str:
    """Bytes → str. Refuses binary data and invalid UTF-8 instead of guessing."""
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
    if not text.strip():
        raise InputError("the input is empty: there is no text to check")
    if len(text) > MAX_CHARS:
        raise InputError(f"the input has {len(text):,} characters; the limit is {MAX_CHARS:,} per article")
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
        return datetime.combine(value, time(12, 0), timezone.utc), True
    else:
        text = value.strip()
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return parse_published(date.fromisoformat(text))
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError as exc:
            raise InputError(f"cannot read the publication time '{value}': use YYYY-MM-DD or an ISO datetime with zone") from exc
    if moment.tzinfo is None:
        raise InputError(f"the publication time '{value}' has no time zone: add one (e.g. +00:00 or Z)")
    return moment, True


def make_article(data: bytes | str, published=None, **meta) -> tuple[Article, list[str]]:
    text = decode_text(data)
    moment, given = parse_published(published)
    warnings = []
    if not given:
        warnings.append(f"no publication time given: relative dates were read against now ({moment.isoformat(timespec='seconds')})")
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isascii() for ch in letters) / len(letters) < 0.5:
        warnings.append("most of the text is not in Latin script: only English is supported, claims may be missed")
    if re.search(r"<(html|body|p|div|script)\b", text[:5000], re.I):
        warnings.append("the input looks like HTML; markup was read as text")
    return Article(text=text, published=moment, published_given=given, **meta), warnings
