"""The fetcher against a real loopback server: gzip, User-Agent, redirects and their limit."""

from __future__ import annotations

import asyncio
import gzip

from pactwatch.http import FeedRequest, Fetcher, HttpLimits

from conftest import LoopbackServer, Route

LIMITS = HttpLimits(user_agent="pactwatch/test (+https://example.org)", timeout_s=5, retries=0, max_redirects=2)


def fetch_pages(urls: list[str], limits: HttpLimits = LIMITS):  # noqa: ANN201
    async def run():  # noqa: ANN202
        async with Fetcher(limits) as fetcher:
            return await fetcher.pages(urls)

    return asyncio.run(run())


def test_gzip_bodies_are_decoded_and_the_user_agent_names_pactwatch(server: LoopbackServer) -> None:
    page = b"<html><body><p>" + b"Japan and Australia held talks. " * 50 + b"</p></body></html>"
    server.add("/robots.txt", body=b"User-agent: *\nAllow: /\n", content_type="text/plain")
    server.add("/gz.html", Route(body=gzip.compress(page), headers={"Content-Encoding": "gzip"}))

    async def feed():  # noqa: ANN202
        async with Fetcher(LIMITS) as fetcher:
            return await fetcher.feeds([FeedRequest(server.url("/gz.html"), etag='"e1"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT")])

    (result,) = fetch_pages([server.url("/gz.html")])
    assert result.body == page and result.error is None
    (polled,) = asyncio.run(feed())
    assert polled.body == page
    sent = server.hits("/gz.html")[-1].headers
    assert sent["User-Agent"] == LIMITS.user_agent and "gzip" in sent["Accept-Encoding"]
    assert sent["If-None-Match"] == '"e1"' and sent["If-Modified-Since"].startswith("Mon, 01 Jan 2024")


def test_redirects_are_followed_up_to_the_limit(server: LoopbackServer) -> None:
    server.add("/robots.txt", body=b"", content_type="text/plain")
    server.add("/final.html", body=b"<html><body><p>final</p></body></html>")
    for name, target in [("/r1", "/final.html"), ("/r2", "/r1"), ("/r3", "/r2")]:
        server.add(name, Route(status=302, headers={"Location": server.url(target)}))
    server.add("/ftp", Route(status=302, headers={"Location": "ftp://127.0.0.1/file"}))

    near, far, elsewhere, bad_scheme = fetch_pages(
        [server.url("/r2"), server.url("/r3"), server.url("/ftp"), "file:///etc/passwd"])

    assert near.body is not None and near.final_url == server.url("/final.html")
    assert far.error == "too many redirects (over 2)"
    assert elsewhere.error.startswith("scheme refused")
    assert bad_scheme.error == "scheme refused (file)"
