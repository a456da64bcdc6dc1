"""A loopback HTTP server for the demo site, with ETag support so reruns see 304s."""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

SITE_DIR = Path(__file__).parent / "site"
PLACEHOLDER = "{{BASE_URL}}"
_CONTENT_TYPES = {
    ".xml": "application/rss+xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".yaml": "text/yaml; charset=utf-8",
}


class DemoSite:
    """Serve SITE_DIR on 127.0.0.1; `{{BASE_URL}}` in files becomes the server's address.

    Use as a context manager; `port=0` picks a free port, but a fixed port keeps
    article URLs stable across demo runs.
    """

    def __init__(self, port: int = 8765, site_dir: Path = SITE_DIR):
        self.site_dir = site_dir
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> DemoSite:
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()

    def render(self, relative: str) -> bytes | None:
        """A site file with the placeholder filled in, or None when there is none."""
        path = (self.site_dir / relative.lstrip("/")).resolve()
        if not path.is_file() or self.site_dir.resolve() not in path.parents:
            return None
        return path.read_bytes().replace(PLACEHOLDER.encode(), self.base_url.encode())

    def write_feeds_file(self, directory: Path) -> Path:
        """The demo's feeds file, pointing at this server, written into `directory`."""
        target = directory / "demo-feeds.yaml"
        target.write_bytes(self.render("feeds.yaml") or b"")
        return target


class _Handler(BaseHTTPRequestHandler):
    site: DemoSite
    server_version = "pactwatch-demo"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        body = self.site.render(self.path.split("?", 1)[0])
        if body is None:
            self.send_error(404)
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", _CONTENT_TYPES.get(Path(self.path).suffix, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (signature of the base class)
        """Quiet: the demo prints its own summary."""
