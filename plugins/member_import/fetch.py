"""Polite, bounded HTTP for member sites (httpx).

* robots.txt obeyed per origin (RFC 9309: 4xx = no rules, 5xx/unreachable = stay out);
  a longer ``Crawl-delay`` than ours is honoured (capped at 60 s).
* At most one request per ``delay`` seconds per host; different hosts run in parallel
  (the limiter is shared by all worker threads).
* Retries with exponential backoff on 408/429/5xx and transient network errors;
  ``Retry-After`` honoured up to 60 s.
* Connect/read timeouts plus a total deadline per request (slow-drip servers).
* Bodies streamed and capped *after decompression* (gzip/deflate decoded here with
  a bounded output size, so a compression bomb costs at most the cap).
* Redirects followed by hand, at most ``max_redirects``, each hop checked:
  http/https only, no loops, robots.txt of the new origin.
* Conditional GET with ``If-None-Match`` / ``If-Modified-Since``.
"""

from __future__ import annotations

import threading
import time
import zlib
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

DEFAULT_USER_AGENT = (
    "SCGXHQ-MemberNews/1.0 (+https://scgxhq.org.cn/about/; "
    "Sichuan Provincial University Logistics Association news importer)"
)
RETRY_STATUSES = {408, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
ROBOTS_MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class FetchConfig:
    """Knobs of the fetcher; the defaults are the polite production values."""

    user_agent: str = DEFAULT_USER_AGENT
    delay: float = 1.0
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 90.0
    retries: int = 2
    backoff: float = 1.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    obey_robots: bool = True


class FetchError(Exception):
    """A request that produced no usable body. ``kind`` says why, for the report."""

    def __init__(self, kind: str, message: str, url: str, status: int | None = None,
                 body: bytes = b"", headers: httpx.Headers | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.url = url
        self.status = status
        self.body = body
        self.headers = headers or httpx.Headers()


@dataclass
class Response:
    """A fetched resource (``status`` 304 means not modified, body empty)."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Decoder:
    """gzip/deflate decoding with a bounded output size."""

    def __init__(self, encoding: str, url: str) -> None:
        enc = encoding.lower().strip()
        self.raw_deflate = False
        if enc in ("", "identity"):
            self.obj = None
        elif enc in ("gzip", "x-gzip", "deflate"):
            self.obj = zlib.decompressobj(47)  # gzip or zlib header, auto-detected
            self.raw_deflate = enc == "deflate"
        else:
            raise FetchError("encoding", f"unsupported Content-Encoding {encoding!r}", url)

    def feed(self, data: bytes, room: int) -> bytes:
        if self.obj is None:
            return data
        try:
            return self.obj.decompress(data, room + 1)
        except zlib.error:
            if self.raw_deflate:  # some servers send raw deflate
                self.obj, self.raw_deflate = zlib.decompressobj(-15), False
                return self.obj.decompress(data, room + 1)
            raise


class HostLimiter:
    """At most one request per ``delay`` seconds per host, shared by all threads."""

    def __init__(self) -> None:
        self._locks: dict[str, threading.Lock] = {}
        self._next: dict[str, float] = {}
        self._guard = threading.Lock()

    def wait(self, host: str, delay: float) -> None:
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            now = time.monotonic()
            ready = self._next.get(host, 0.0)
            if ready > now:
                time.sleep(ready - now)
            self._next[host] = time.monotonic() + delay


def host_key(url: str) -> str:
    """``host[:port]``: the unit of politeness (rate limit, robots.txt)."""
    parts = urlsplit(url)
    return parts.netloc.lower()


class Fetcher:
    """Thread-safe polite HTTP client. Count of requests sent is in ``requests``."""

    def __init__(self, config: FetchConfig | None = None, transport: Any = None) -> None:
        self.config = config or FetchConfig()
        timeout = httpx.Timeout(self.config.read_timeout, connect=self.config.connect_timeout)
        self.client = httpx.Client(
            timeout=timeout, follow_redirects=False, trust_env=False, transport=transport,
            headers={"User-Agent": self.config.user_agent, "Accept-Encoding": "gzip, deflate",
                     "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
                     "Accept-Language": "zh-CN,zh;q=0.9"},
            limits=httpx.Limits(max_connections=64, max_keepalive_connections=32),
        )
        self.limiter = HostLimiter()
        self.requests = 0
        self._count_lock = threading.Lock()
        self._robots: dict[str, RobotFileParser | None] = {}
        self._robots_note: dict[str, str] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._robots_guard = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ robots
    def _origin(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme.lower()}://{parts.netloc.lower()}"

    def _load_robots(self, origin: str) -> None:
        robots_url = origin + "/robots.txt"
        parser = RobotFileParser(robots_url)
        try:
            resp = self._fetch(robots_url, {}, ROBOTS_MAX_BYTES, check_robots=False, retries=1)
            parser.parse(resp.body.decode("utf-8", "replace").splitlines())
            self._robots[origin] = parser
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                parser.allow_all = True
                self._robots[origin] = parser
            else:
                self._robots[origin] = None
                self._robots_note[origin] = f"robots.txt unreachable ({exc}): staying out"

    def robots_allows(self, url: str) -> tuple[bool, str]:
        """Whether robots.txt lets us fetch ``url``; second item explains a refusal."""
        if not self.config.obey_robots:
            return True, ""
        origin = self._origin(url)
        with self._robots_guard:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._robots:
                self._load_robots(origin)
        parser = self._robots[origin]
        if parser is None:
            return False, self._robots_note[origin]
        if parser.can_fetch(self.config.user_agent, url):
            return True, ""
        return False, f"disallowed by {origin}/robots.txt"

    def _delay_for(self, url: str) -> float:
        delay = self.config.delay
        parser = self._robots.get(self._origin(url))
        if parser is not None and self.config.obey_robots:
            crawl = parser.crawl_delay(self.config.user_agent)
            if crawl:
                delay = max(delay, min(float(crawl), 60.0))
        return delay

    # ------------------------------------------------------------------ requests
    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            max_bytes: int | None = None) -> Response:
        """GET ``url`` politely; raise :class:`FetchError` unless 2xx or 304."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._fetch(url, headers, max_bytes or self.config.max_bytes, check_robots=True,
                           retries=self.config.retries)

    def _fetch(self, url: str, headers: dict[str, str], max_bytes: int, *, check_robots: bool,
               retries: int) -> Response:
        seen: list[str] = []
        current = url
        for _hop in range(self.config.max_redirects + 1):
            scheme = urlsplit(current).scheme.lower()
            if scheme not in ("http", "https") or not urlsplit(current).hostname:
                raise FetchError("redirect", f"refused non-http(s) URL {current}", url)
            if current in seen:
                raise FetchError("redirect", f"redirect loop at {current}", url)
            seen.append(current)
            if check_robots:
                allowed, why = self.robots_allows(current)
                if not allowed:
                    raise FetchError("robots", why, current)
            resp = self._with_retries(current, headers, max_bytes, retries)
            if resp.status in REDIRECT_STATUSES:
                location = resp.headers.get("location")
                if not location:
                    raise FetchError("http", f"HTTP {resp.status} without Location", current,
                                     resp.status)
                current = urljoin(current, location.strip())
                continue
            if resp.status == 304 or 200 <= resp.status < 300:
                return resp
            note = f" after {retries} retries" if resp.status in RETRY_STATUSES and retries else ""
            raise FetchError("http", f"HTTP {resp.status}{note}", current, resp.status, resp.body,
                             resp.headers)
        raise FetchError("redirect", f"more than {self.config.max_redirects} redirects", url)

    def _retry_wait(self, attempt: int, resp: Response | None) -> float | None:
        wait = self.config.backoff * (2 ** attempt)
        if resp is not None and resp.headers.get("retry-after"):
            value = resp.headers["retry-after"].strip()
            try:
                wait = float(value)
            except ValueError:
                try:
                    wait = parsedate_to_datetime(value).timestamp() - time.time()
                except (TypeError, ValueError):
                    pass
            if wait > 60:
                return None
        return max(0.0, wait)

    def _with_retries(self, url: str, headers: dict[str, str], max_bytes: int,
                      retries: int) -> Response:
        attempt = 0
        while True:
            try:
                resp = self._once(url, headers, max_bytes)
            except FetchError as exc:
                if exc.kind not in ("timeout", "connect") or attempt >= retries:
                    raise
                wait = self._retry_wait(attempt, None)
            else:
                if resp.status not in RETRY_STATUSES or attempt >= retries:
                    return resp
                wait = self._retry_wait(attempt, resp)
                if wait is None:
                    return resp
            time.sleep(wait or 0.0)
            attempt += 1

    def _once(self, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        self.limiter.wait(host_key(url), self._delay_for(url))
        with self._count_lock:
            self.requests += 1
        deadline = time.monotonic() + self.config.total_timeout
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                if r.status_code in REDIRECT_STATUSES or r.status_code == 304:
                    return Response(url, r.status_code, r.headers, b"")
                length = r.headers.get("content-length", "")
                if length.isdigit() and int(length) > max_bytes:
                    raise FetchError("too_large", f"body of {int(length)} bytes over the "
                                     f"{max_bytes}-byte cap", url, r.status_code)
                decoder = _Decoder(r.headers.get("content-encoding", ""), url)
                chunks: list[bytes] = []
                size = 0
                for raw in r.iter_raw():
                    data = decoder.feed(raw, max_bytes - size)
                    size += len(data)
                    if size > max_bytes:
                        raise FetchError("too_large", f"body over the {max_bytes}-byte cap "
                                         "(after decompression)", url, r.status_code)
                    chunks.append(data)
                    if time.monotonic() > deadline:
                        raise FetchError("timeout", f"no complete answer within "
                                         f"{self.config.total_timeout:g} s", url)
                return Response(str(r.url), r.status_code, r.headers, b"".join(chunks))
        except httpx.TimeoutException as exc:
            raise FetchError("timeout", f"timed out ({type(exc).__name__})", url) from exc
        except httpx.TransportError as exc:
            text = str(exc) or type(exc).__name__
            kind = "tls" if "CERTIFICATE" in text.upper() or "SSL" in text.upper() else "connect"
            raise FetchError(kind, f"network error: {text}", url) from exc
        except zlib.error as exc:
            raise FetchError("encoding", f"corrupt compressed body: {exc}", url) from exc
