"""HTML in, article text out. People paste whole web pages; the claims are in the article body.

trafilatura finds the main text of a real page (dropping menus, related-story teasers and
scripts, whose numbers belong to other stories). It gives up on fragments and on pages nested
deeper than lxml allows; then a plain tag stripper from the standard library takes over. That
parser is iterative, so no nesting depth can exhaust the stack.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|head|body|p|div|article|span|br|script|table)\b", re.I)
_SKIP = frozenset({"script", "style", "head", "noscript", "template", "svg", "iframe"})
_BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "article",
                    "section", "blockquote", "title", "header", "footer", "table", "ul", "ol"})


def looks_like_html(text: str) -> bool:
    """True when the start of the text carries HTML markup (a stray "<" in prose does not count)."""
    return len(_HTML_HINT.findall(text[:20_000])) >= 2


def html_to_text(html: str) -> str:
    """The readable text of an HTML document or fragment ("" if there is none)."""
    import trafilatura  # imported here: only HTML input pays for it

    main = trafilatura.extract(html, include_comments=False, include_tables=True)
    return main if main and main.strip() else strip_tags(html)


class _Stripper(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0  # depth inside <script>, <style>, ...

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def strip_tags(html: str) -> str:
    parser = _Stripper()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n\s*\n+", "\n\n", re.sub(r"[ \t]+", " ", text)).strip()
