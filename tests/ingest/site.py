"""A loopback web site for tests: pages and feeds served from 127.0.0.1 by a thread.

Routes map a path to a `Page` (status, headers, body, optional delay) or to a
function of the request handler that returns one, so a test can answer
conditionally (ETag, If-Modified-Since) or misbehave (drip bytes, never end).
Every request's headers are recorded, so a test can check what was sent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bot.ingest.fetch import Fetched, NotModified, fetch_url


@dataclass(frozen=True)
class Page:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Seconds to wait before answering: a server that is too slow.
    delay: float = 0.0
    # Bytes per write and seconds between writes: a server that drips its body.
    drip: tuple[int, float] | None = None


def html(body: str | bytes, status: int = 200, **headers: str) -> Page:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Page(status, data, {"Content-Type": "text/html; charset=utf-8", **headers})


def redirect(location: str, status: int = 302) -> Page:
    return Page(status, b"", {"Location": location})


Route = Page | Callable[[BaseHTTPRequestHandler], Page]


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                route = site.routes.get(self.path)
                page = Page(404, b"not here", {"Content-Type": "text/plain"}) if route is None else route if isinstance(route, Page) else route(self)
                if page.delay:
                    time.sleep(page.delay)
                try:
                    self.send_response(page.status)
                    headers = dict(page.headers)
                    if page.drip is None:
                        headers.setdefault("Content-Length", str(len(page.body)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if page.drip is None:
                        self.wfile.write(page.body)
                        return
                    step, pause = page.drip
                    for start in range(0, len(page.body), step):
                        self.wfile.write(page.body[start : start + step])
                        self.wfile.flush()
                        time.sleep(pause)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should have

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return self.base + path

    def fetch(self, url: str, **options: object) -> Fetched | NotModified:
        """fetch_url as the bot calls it, except that this loopback site may be reached."""
        return fetch_url(url, allow_private=True, **options)  # type: ignore[arg-type]

    def headers_of(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]

    def __enter__(self) -> Site:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def serve() -> Iterator[Site]:
    with Site() as site:
        yield site
