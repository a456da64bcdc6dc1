"""Article cleaning: HTML bytes or text in, main text and metadata out (trafilatura)."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import trafilatura
from bs4 import BeautifulSoup
from trafilatura.utils import decode_file

# Below this many characters a page's main text is treated as unusable.
MIN_TEXT_CHARS = 200


@dataclass(frozen=True, slots=True)
class CleanedPage:
    """The main text of one page and its metadata; `problem` says why text is empty."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    site_name: str | None = None
    problem: str | None = None


def decode_html(body: bytes, declared_charset: str | None = None) -> str:
    """Decode page bytes: the declared charset when it decodes cleanly, else detection."""
    if declared_charset:
        try:
            codecs.lookup(declared_charset)
            return body.decode(declared_charset)
        except (LookupError, UnicodeDecodeError):
            pass
    decoded = decode_file(body)
    return decoded if isinstance(decoded, str) else decoded.decode("utf-8", "replace")


def looks_binary(body: bytes) -> bool:
    """True for bodies that no HTML page has: NUL bytes near the start."""
    return b"\x00" in body[:4096]


def clean_html(html: str | bytes, url: str | None = None, declared_charset: str | None = None) -> CleanedPage:
    """Extract an article's main text, title, author, date and site name.

    Comments, navigation and related-link boxes are dropped. A page that yields
    less than MIN_TEXT_CHARS characters comes back with empty text and a `problem`.
    """
    if isinstance(html, bytes):
        if looks_binary(html):
            return CleanedPage(text="", problem="not HTML (binary content)")
        html = decode_html(html, declared_charset)
    document = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        deduplicate=False,
    )
    if document is None:
        return CleanedPage(text="", title=_html_title(html), problem="no main text found")
    text = (document.text or "").strip()
    page = CleanedPage(
        text=text,
        title=document.title or _html_title(html),
        author=document.author,
        date=document.date,
        site_name=document.sitename,
    )
    if len(text) < MIN_TEXT_CHARS:
        return CleanedPage(
            text="",
            title=page.title,
            author=page.author,
            date=page.date,
            site_name=page.site_name,
            problem=f"main text too short ({len(text)} characters)",
        )
    return page


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment, such as a feed entry's summary."""
    return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)


def _html_title(html: str) -> str | None:
    soup = BeautifulSoup(html[:200_000], "html.parser")
    return soup.title.get_text(strip=True) if soup.title else None
