"""What a web user hands in (pasted text, an uploaded file, a date, a time, a zone) → the
article text and publication time `check_text` takes, or a clear InputError.

Nothing here fetches anything: an uploaded HTML page is reduced to its text locally, and a URL
in the text stays text.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.article import decode_text
from pipeline.errors import InputError, InputTooLarge

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text", ".md")


def article_text(text: str | bytes, max_chars: int) -> str:
    """Decode and validate; refuse over-long articles before spaCy sees them."""
    per_char = 4 if isinstance(text, bytes) else 1  # UTF-8: at most 4 bytes a character
    if len(text) > max_chars * per_char:
        raise InputTooLarge(f"the article is over {max_chars:,} characters; this server checks at most {max_chars:,} at a time")
    text = decode_text(text)  # binary / invalid UTF-8 / empty → InputError
    if len(text) > max_chars:
        raise InputTooLarge(f"the article has {len(text):,} characters; this server checks at most {max_chars:,} at a time")
    return text


@dataclass(frozen=True)
class Upload:
    text: str
    published: str | None  # YYYY-MM-DD from an HTML page's own metadata, if it declares one


def uploaded_text(filename: str, content_type: str | None, data: bytes, max_chars: int) -> Upload:
    """A .txt file as is; an .html page reduced to its article text (trafilatura, offline)."""
    name = (filename or "").lower()
    is_html = name.endswith(HTML_SUFFIXES) or (content_type or "").startswith("text/html")
    if not is_html and not name.endswith(TEXT_SUFFIXES) and (content_type or "") not in ("text/plain", ""):
        raise InputError(f"cannot read '{filename}': upload a .txt or .html file")
    if not is_html:
        return Upload(article_text(data, max_chars), None)
    raw = decode_text(data)  # the request body limit bounds the page; its text is bounded below
    import trafilatura  # only HTML uploads pay for the import

    # the date only from the page's declared metadata: never guessed from dates in the story
    page = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, include_tables=False,
                                       favor_recall=True,
                                       date_extraction_params={"extensive_search": False, "original_date": True})
    if page is None or not (page.text or "").strip():
        raise InputError(f"no article text found in '{filename}'")
    return Upload(article_text(page.text, max_chars), page.date or None)


def zone(name: str | None) -> ZoneInfo | None:
    if not name or not name.strip():
        return None
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InputError(f"unknown time zone '{name}': use an IANA name such as UTC or America/New_York") from exc


def published_value(published: str | None, at: str | None = None, tz: str | None = None) -> str | date | datetime | None:
    """(date or ISO datetime, optional HH:MM, optional IANA zone) → what check_text accepts.

    A date alone keeps the project's convention (noon UTC: before the US open). A time is read
    in the given zone (UTC when none). A datetime without offset takes the zone, if given.
    """
    zone_info = zone(tz)
    text = (published or "").strip()
    if not text:
        if at and at.strip():
            raise InputError("a publication time needs a publication date")
        return None
    if "T" not in text and " " not in text:
        try:
            day = date.fromisoformat(text)
        except ValueError as exc:
            raise InputError(f"cannot read the publication date '{published}': use YYYY-MM-DD") from exc
        if not at or not at.strip():
            return day
        try:
            clock = time.fromisoformat(at.strip())
        except ValueError as exc:
            raise InputError(f"cannot read the publication time '{at}': use HH:MM") from exc
        return datetime.combine(day, clock, zone_info or ZoneInfo("UTC"))
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"cannot read the publication time '{published}': use YYYY-MM-DD or an ISO datetime") from exc
    if moment.tzinfo is None and zone_info is not None:
        moment = moment.replace(tzinfo=zone_info)
    return moment  # still naive without a zone: check_text refuses it with a clear message
