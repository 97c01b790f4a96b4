"""HTML → article text. trafilatura keeps the article body and drops navigation and boilerplate;
short fragments (a feed entry's summary) that it declines are reduced with lxml instead."""
from __future__ import annotations

from pipeline.errors import InputError


def html_to_text(html: str | bytes) -> str:
    import trafilatura

    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
    if text and text.strip():
        return text
    return _plain(html)


def _plain(html: str) -> str:
    import lxml.html

    if not html.strip():
        raise InputError("the HTML is empty: there is no text to check")
    try:
        root = lxml.html.fromstring(html)
    except Exception as exc:  # lxml raises several types for unparseable markup
        raise InputError(f"cannot read the HTML: {exc}") from exc
    for node in root.xpath("//script|//style"):
        node.drop_tree()
    return " ".join(root.text_content().split())


def html_metadata(html: str | bytes) -> dict:
    """Publication date and URL as the page states them (trafilatura's metadata), if any."""
    import trafilatura

    meta = trafilatura.extract_metadata(html)
    if meta is None:
        return {}
    return {"published": meta.date or None, "url": meta.url or None, "source": meta.sitename or None}
