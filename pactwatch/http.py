"""HTTP for feeds and pages: httpx with a whole-request timeout, a size cap,
conditional GETs, robots.txt (protego, RFC 9309) and per-host concurrency."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from protego import Protego

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})


@dataclass(frozen=True, slots=True)
class HttpLimits:
    user_agent: str
    timeout_s: float = 20.0
    max_redirects: int = 5
    concurrency: int = 16
    per_host_concurrency: int = 2
    max_feed_bytes: int = 10_000_000
    max_page_bytes: int = 20_000_000
    retries: int = 2  # further attempts after a transient failure (timeout, 5xx, 429)
    retry_delay_s: float = 1.0  # doubled before each further attempt


@dataclass(frozen=True, slots=True)
class Fetched:
    """The outcome of one GET: a body, a 304, or an error with a readable reason."""

    url: str
    status: int | None = None
    final_url: str | None = None
    body: bytes | None = None
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    transient: bool = False

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class FeedRequest:
    url: str
    etag: str | None = None
    last_modified: str | None = None


def _refused_scheme(url: str) -> Fetched | None:
    """A failed fetch for anything but http(s) URLs (file:, ftp:, javascript:, ...)."""
    if url.startswith(("http://", "https://")):
        return None
    return Fetched(url, error=f"scheme refused ({urlsplit(url).scheme or 'none'})")


class _TooLarge(Exception):
    pass


@dataclass
class _Robots:
    rules: Protego | None = None
    error: str | None = None  # robots.txt could not be read: the host is off limits this run


@dataclass
class Fetcher:
    """Use as `async with Fetcher(limits) as f:`; one client, shared limits."""

    limits: HttpLimits
    _client: httpx.AsyncClient | None = None
    _global: asyncio.Semaphore | None = None
    _hosts: dict[str, asyncio.Semaphore] = field(default_factory=dict)
    _robots: dict[str, asyncio.Task[_Robots]] = field(default_factory=dict)

    async def __aenter__(self) -> Fetcher:
        self._client = httpx.AsyncClient(
            headers={"User-Agent": self.limits.user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=True,
            max_redirects=self.limits.max_redirects,
            timeout=httpx.Timeout(self.limits.timeout_s),
        )
        self._global = asyncio.Semaphore(self.limits.concurrency)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._client is not None
        await self._client.aclose()

    async def feeds(self, requests: Sequence[FeedRequest]) -> list[Fetched]:
        """Poll feeds concurrently with conditional GETs; one result per request, in order."""
        return list(await asyncio.gather(*(self._feed(r) for r in requests)))

    async def pages(self, urls: Sequence[str]) -> list[Fetched]:
        """Fetch article pages concurrently, robots.txt honoured; results in order."""
        return list(await asyncio.gather(*(self._page(u) for u in urls)))

    async def _feed(self, request: FeedRequest) -> Fetched:
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
        if request.etag:
            headers["If-None-Match"] = request.etag
        if request.last_modified:
            headers["If-Modified-Since"] = request.last_modified
        return await self._get(request.url, headers, self.limits.max_feed_bytes)

    async def _page(self, url: str) -> Fetched:
        if refused := _refused_scheme(url):
            return refused
        robots = await self._robots_for(url)
        if robots.error:
            return Fetched(url, error=robots.error, transient=True)
        if robots.rules is not None and not robots.rules.can_fetch(url, self.limits.user_agent):
            return Fetched(url, error="disallowed by robots.txt")
        result = await self._get(url, {"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"},
                                 self.limits.max_page_bytes)
        if result.body is not None and result.content_type and not result.content_type.startswith(_HTML_TYPES):
            return Fetched(url, status=result.status, final_url=result.final_url,
                           error=f"not HTML ({result.content_type})")
        return result

    async def _robots_for(self, url: str) -> _Robots:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = asyncio.ensure_future(self._load_robots(origin))
        return await self._robots[origin]

    async def _load_robots(self, origin: str) -> _Robots:
        result = await self._get(f"{origin}/robots.txt", {}, 512_000)
        if result.body is not None:
            return _Robots(rules=Protego.parse(result.body.decode("utf-8", "replace")))
        if result.status is not None and 400 <= result.status < 500:
            return _Robots()  # RFC 9309: no robots.txt, no restrictions
        return _Robots(error=f"robots.txt unreachable ({result.error})")

    async def _get(self, url: str, headers: dict[str, str], max_bytes: int) -> Fetched:
        """GET with retries, backing off, on transient failures only (never on a 404)."""
        delay = self.limits.retry_delay_s
        for _ in range(self.limits.retries):
            result = await self._attempt(url, headers, max_bytes)
            if not result.transient:
                return result
            log.info("url=%s transient=%r retry_in=%.1fs", url, result.error, delay)
            await asyncio.sleep(delay)
            delay *= 2
        return await self._attempt(url, headers, max_bytes)

    async def _attempt(self, url: str, headers: dict[str, str], max_bytes: int) -> Fetched:
        if refused := _refused_scheme(url):
            return refused
        host = urlsplit(url).netloc
        host_limit = self._hosts.setdefault(host, asyncio.Semaphore(self.limits.per_host_concurrency))
        assert self._global is not None
        async with self._global, host_limit:
            try:
                async with asyncio.timeout(self.limits.timeout_s):
                    return await self._read(url, headers, max_bytes)
            except TimeoutError:
                return Fetched(url, error=f"timeout after {self.limits.timeout_s:g} s", transient=True)
            except _TooLarge:
                return Fetched(url, error=f"body over {max_bytes / 1_000_000:g} MB")
            except httpx.TooManyRedirects:
                return Fetched(url, error=f"too many redirects (over {self.limits.max_redirects})")
            except httpx.UnsupportedProtocol as error:
                return Fetched(url, error=f"scheme refused ({error})")
            except httpx.TimeoutException:
                return Fetched(url, error=f"timeout after {self.limits.timeout_s:g} s", transient=True)
            except httpx.HTTPError as error:
                reason = str(error) or type(error).__name__
                return Fetched(url, error=f"connection failed: {reason}", transient=True)

    async def _read(self, url: str, headers: dict[str, str], max_bytes: int) -> Fetched:
        assert self._client is not None
        async with self._client.stream("GET", url, headers=headers) as response:
            meta = {
                "status": response.status_code,
                "final_url": str(response.url),
                "etag": response.headers.get("ETag"),
                "last_modified": response.headers.get("Last-Modified"),
            }
            if response.status_code == 304:
                return Fetched(url, **meta)
            if response.status_code >= 400:
                return Fetched(url, **meta, error=f"HTTP {response.status_code}",
                               transient=response.status_code in _TRANSIENT_STATUSES)
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise _TooLarge
            chunks: list[bytes] = []
            size = 0
            async for chunk in response.aiter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise _TooLarge
                chunks.append(chunk)
            content_type = response.headers.get("Content-Type", "")
            return Fetched(
                url, **meta, body=b"".join(chunks),
                content_type=content_type.split(";")[0].strip().lower() or None,
                charset=response.charset_encoding,
            )
