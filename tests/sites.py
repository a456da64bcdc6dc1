"""Test sites served by the loopback server: the demo site and hand-made feeds."""

from __future__ import annotations

import hashlib
from email.utils import format_datetime
from datetime import UTC, datetime, timedelta
from html import escape

from pactwatch.demo import SITE_DIR

from conftest import LoopbackServer, Route

_FEED_TYPES = {".xml": "application/rss+xml", ".atom": "application/atom+xml"}


def serve_demo_site(server: LoopbackServer) -> list[str]:
    """Serve the bundled demo site with ETags on feeds; return the feed URLs."""
    feeds = []
    for path in sorted(SITE_DIR.rglob("*")):
        if not path.is_file():
            continue
        relative = "/" + path.relative_to(SITE_DIR).as_posix()
        body = path.read_bytes().replace(b"{{BASE_URL}}", server.base_url.encode())
        content_type = _FEED_TYPES.get(path.suffix)
        if content_type:
            etag = '"' + hashlib.sha256(body).hexdigest()[:12] + '"'
            server.add(relative, body=body, content_type=content_type, etag=etag)
            feeds.append(server.url(relative))
        else:
            server.add(relative, body=body, content_type="text/plain" if path.suffix == ".txt" else "text/html; charset=utf-8")
    return feeds


def rss(server: LoopbackServer, items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (path, title, summary) items on the server."""
    now = datetime(2024, 5, 1, tzinfo=UTC)
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{server.url(path)}</link>"
        f"<guid isPermaLink=\"false\">test:{escape(path)}</guid>"
        f"<pubDate>{format_datetime(now - timedelta(hours=i))}</pubDate>"
        f"<description>{escape(summary)}</description></item>"
        for i, (path, title, summary) in enumerate(items)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Test feed</title><link>{server.base_url}</link><description>t</description>"
        f"{entries}</channel></rss>"
    ).encode()


def article_page(title: str, paragraphs: list[str], charset: str = "utf-8", outlet: str = "Test News") -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    page = (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{escape(title)}</title>'
        f'<meta property="og:site_name" content="{escape(outlet)}"></head>'
        "<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>Copyright Test News</footer></body></html>"
    )
    return page.encode(charset)


def add_feed(server: LoopbackServer, path: str, items: list[tuple[str, str, str]], **route: object) -> str:
    return server.add(path, Route(body=rss(server, items), content_type="application/rss+xml", **route))  # type: ignore[arg-type]
