"""Shared fixtures: a real loopback HTTP server and a Prefect test harness."""

from __future__ import annotations

import os

from pactwatch.quiet import apply_quiet_defaults

apply_quiet_defaults()
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

import socket  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_4a3dac7c973bb234.txt"


@dataclass
class Route:
    """What the server answers for one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    etag: str | None = None  # answer 304 when If-None-Match matches
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


@dataclass
class Request:
    """One request the server received, whatever it answered."""

    path: str
    headers: dict[str, str]
    body: bytes = b""
    method: str = "GET"
    status: int | None = None  # the status the server answered; None while it has not answered yet


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 whose routes tests set and whose requests they read."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            current: Request | None = None  # the request being answered on this connection

            def parse_request(self) -> bool:
                """Record every well-formed request on arrival, whatever its method and answer."""
                self.current = None
                if not super().parse_request():
                    return False
                self.current = Request(self.path, dict(self.headers), method=self.command)
                server.requests.append(self.current)
                return True

            def send_response(self, code: int, message: str | None = None) -> None:
                if self.current is not None and self.current.status is None:
                    self.current.status = code
                super().send_response(code, message)

            def do_GET(self) -> None:  # noqa: N802
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if route.delay_s:
                    time.sleep(route.delay_s)
                if route.handler:
                    route.handler(self)
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                if route.etag:
                    self.send_header("ETag", route.etag)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if self.current is not None:
                    self.current.body = body
                route = server.routes.get(self.path)
                self.send_response(route.status if route else 404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                """Clients that hang up early (timeouts, size caps) are expected here."""

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("loopback server did not come up")

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return self.base_url + path

    def add(self, path: str, route: Route | None = None, **kwargs: object) -> str:
        self.routes[path] = route or Route(**kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def posts(self, path: str) -> list[bytes]:
        """Bodies of the POSTs to `path` that were answered with success (status < 400)."""
        return [r.body for r in self.hits(path)
                if r.method == "POST" and r.status is not None and r.status < 400]

    def received(self, path: str) -> list[tuple[str, int | None]]:
        """(method, status answered) of EVERY request to `path`, in arrival order, errors included:
        compare it to the exact list expected, or to [] for "nothing was sent here"."""
        return [(r.method, r.status) for r in self.hits(path)]


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    srv = LoopbackServer()
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
