"""Sitemap parsing: XML sitemap bytes in, article links and child sitemaps out.

Reads `<urlset>` (with `<lastmod>` and Google News `<news:publication_date>` /
`<news:title>`) and `<sitemapindex>`. trafilatura's sitemap helpers drop the
dates, which `backfill --since` needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from extractors.feeds import FeedEntry
from extractors.urls import normalize_url

_MAX_LINKS = 50_000  # the sitemap protocol's own limit per file


@dataclass(frozen=True, slots=True)
class Sitemap:
    entries: list[FeedEntry]
    children: list[str]  # further sitemaps listed by an index
    problem: str | None = None


def parse_sitemap(content: bytes, sitemap_url: str) -> Sitemap:
    """Article entries and child sitemaps of one sitemap file."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as error:
        return Sitemap([], [], problem=f"malformed sitemap: {error}")
    if root is None or not isinstance(root.tag, str):
        return Sitemap([], [], problem="not a sitemap (no XML found)")
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        children = [loc for loc in (_text(s, "loc") for s in _children(root, "sitemap")) if loc]
        return Sitemap([], children[:_MAX_LINKS])
    if kind != "urlset":
        return Sitemap([], [], problem=f"not a sitemap (root element <{kind}>)")
    entries = []
    for url in _children(root, "url")[:_MAX_LINKS]:
        link = _text(url, "loc")
        if not link or not link.startswith(("http://", "https://")):
            continue
        published = _date(_text(url, "publication_date")) or _date(_text(url, "lastmod"))
        entries.append(FeedEntry(feed_url=sitemap_url, link=link, url_normalized=normalize_url(link), guid=None,
                                 title=_text(url, "title"), summary="", published=published))
    return Sitemap(entries, [])


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if isinstance(child.tag, str) and etree.QName(child).localname == name]


def _text(element: etree._Element, name: str) -> str | None:
    """Text of the first descendant with this local name, in any namespace (news:title too)."""
    for child in element.iter():
        if isinstance(child.tag, str) and etree.QName(child).localname == name and child.text:
            return child.text.strip()
    return None


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed
