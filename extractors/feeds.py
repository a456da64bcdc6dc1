"""Feed parsing: feed bytes in, entries out (feedparser, no network)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser

from extractors.cleaning import html_to_text
from extractors.urls import normalize_url

_ALLOWED_SCHEMES = ("http://", "https://")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed, reduced to what the pipeline needs."""

    feed_url: str | None  # None for URLs given directly (pactwatch ingest)
    link: str
    url_normalized: str
    guid: str | None
    title: str | None
    summary: str  # plain text
    published: datetime | None  # UTC, naive

    def as_dict(self) -> dict[str, Any]:
        return {
            "feed_url": self.feed_url, "link": self.link, "url_normalized": self.url_normalized,
            "guid": self.guid, "title": self.title, "summary": self.summary,
            "published": self.published.isoformat() if self.published else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FeedEntry:
        published = data.get("published")
        return cls(
            feed_url=data.get("feed_url"), link=data["link"], url_normalized=data["url_normalized"],
            guid=data.get("guid"), title=data.get("title"), summary=data.get("summary") or "",
            published=datetime.fromisoformat(published) if published else None,
        )


def article_entry(url: str) -> FeedEntry:
    """An entry for an article URL given directly, with no feed behind it."""
    return FeedEntry(feed_url=None, link=url.strip(), url_normalized=normalize_url(url), guid=None, title=None,
                     summary="", published=None)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    feed_url: str
    title: str | None
    entries: list[FeedEntry]
    problem: str | None = None  # set when the body is not a usable feed
    warning: str | None = None  # set when the feed was recovered despite errors


def parse_feed(content: bytes, feed_url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse RSS or Atom bytes; relative links resolve against `feed_url`."""
    headers = {"content-location": feed_url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(content, response_headers=headers, sanitize_html=False)
    entries = [e for e in (_entry(feed_url, raw) for raw in parsed.entries) if e is not None]
    title = parsed.feed.get("title")
    exception = parsed.get("bozo_exception") if parsed.bozo else None
    error = None if isinstance(exception, feedparser.NonXMLContentType) else _describe(exception)
    if not entries and (error or not parsed.version):
        reason = f"malformed feed: {error}" if error else "not a feed (no RSS or Atom found)"
        return ParsedFeed(feed_url, title, [], problem=reason)
    return ParsedFeed(feed_url, title, entries, warning=f"feed recovered despite: {error}" if error else None)


def _entry(feed_url: str, raw: Any) -> FeedEntry | None:
    link = raw.get("link") or ""
    guid = raw.get("id") or None
    if not link and guid and guid.startswith(_ALLOWED_SCHEMES):
        link = guid
    if not link.startswith(_ALLOWED_SCHEMES):
        return None
    summary_html = raw.get("summary") or ""
    if not summary_html and raw.get("content"):
        summary_html = raw["content"][0].get("value", "")
    return FeedEntry(
        feed_url=feed_url,
        link=link,
        url_normalized=normalize_url(link),
        guid=guid,
        title=raw.get("title"),
        summary=html_to_text(summary_html) if summary_html else "",
        published=_published(raw),
    )


def _published(raw: Any) -> datetime | None:
    parsed = raw.get("published_parsed") or raw.get("updated_parsed")
    if not parsed:
        return None
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC).replace(tzinfo=None)


def _describe(error: object) -> str | None:
    if error is None:
        return None
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"{type(error).__name__}: {text}"[:300]
