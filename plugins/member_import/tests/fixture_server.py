"""A real HTTP server on 127.0.0.1 serving fixture sites (tests and the benchmark).

Routes map a path (with query) to a :class:`Route`: status, headers, body,
optional ETag/Last-Modified (answered with 304 on a matching conditional GET),
a delay (to hang past a client timeout), gzip, or a callable for dynamic answers.
Every request is logged with its headers, time and answered status.
"""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


@dataclass
class Route:
    """One resource of a fixture site."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    gzip: bool = False
    chunked: bool = False  # no Content-Length: the client must count while streaming
    dynamic: Callable[["Request"], "Route"] | None = None


@dataclass
class Request:
    """A logged request."""

    path: str
    headers: dict[str, str]
    time: float
    status: int = 0


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up (timeouts, size caps) are expected here: stay quiet."""


class FixtureServer:
    """Threaded HTTP server on 127.0.0.1 with an ephemeral port."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[Request] = []
        self._lock = threading.Lock()
        self.closing = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body leave at once

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                server._handle(self)

        self.httpd = _Server((host, 0), Handler)
        self.host = host
        self.port = self.httpd.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)

    def start(self) -> "FixtureServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: bytes | str = b"", **kwargs: object) -> Route:
        if isinstance(body, str):
            body = body.encode("utf-8")
        route = Route(body=body, **kwargs)  # type: ignore[arg-type]
        self.routes[path] = route
        return route

    def requests_for(self, prefix: str) -> list[Request]:
        with self._lock:
            return [r for r in self.log if r.path.startswith(prefix)]

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    # ------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        record = Request(path=handler.path, headers={k.lower(): v for k, v in handler.headers.items()},
                         time=time.monotonic())
        with self._lock:
            self.log.append(record)
        route = self.routes.get(handler.path) or self.routes.get(handler.path.split("?")[0])
        if route is not None and route.dynamic is not None:
            route = route.dynamic(record)
        if route is None:
            route = Route(body=b"<html><body>not found</body></html>", status=404)
        if route.delay:
            self.closing.wait(route.delay)
        status, body = route.status, route.body
        headers = dict(route.headers)
        if route.content_type:
            headers.setdefault("Content-Type", route.content_type)
        if route.etag:
            headers["ETag"] = route.etag
        if route.last_modified:
            headers["Last-Modified"] = route.last_modified
        inm = record.headers.get("if-none-match")
        ims = record.headers.get("if-modified-since")
        if status == 200 and ((route.etag and inm == route.etag) or
                              (route.last_modified and not route.etag and ims == route.last_modified)):
            status, body = 304, b""
        if route.gzip and body:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        record.status = status
        try:
            handler.send_response(status)
            for key, value in headers.items():
                handler.send_header(key, value)
            if route.chunked and body:
                handler.send_header("Transfer-Encoding", "chunked")
                handler.end_headers()
                for start in range(0, len(body), 65536):
                    part = body[start:start + 65536]
                    handler.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                handler.wfile.write(b"0\r\n\r\n")
                return
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            if body:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
