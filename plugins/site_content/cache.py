"""Rendered-Markdown cache keyed by file content, filled on both cores.

The key is a hash of the file's bytes and of everything that shapes its HTML
(Markdown settings, this module's version), not of its mtime: a fresh clone
with a copied ``cache/`` directory reuses it, and an edited file misses. Values
are the body HTML and the rendered formatted fields (Summary). Misses found
before reading starts are rendered in worker processes (``prefill``), in
reading order, while the reader goes on with the files already rendered.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterable

#: Bump when the reader's output for the same input changes.
CACHE_VERSION = "1"
CACHE_FILE = "site-content.sqlite"
PREFILL_CHUNK = 100  # files a worker renders per task

Rendered = tuple[str, dict[str, str]]  # body HTML, formatted field → HTML


class RenderCache:
    """A small sqlite key → rendered-content store under CACHE_PATH."""

    def __init__(self, directory: str | os.PathLike[str], fingerprint: str) -> None:
        Path(directory).mkdir(parents=True, exist_ok=True)
        self._file = Path(directory) / CACHE_FILE
        self._connection = sqlite3.connect(self._file)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("CREATE TABLE IF NOT EXISTS rendered (key TEXT PRIMARY KEY, html TEXT, fields TEXT)")
        self._pid = os.getpid()
        self._fingerprint = fingerprint.encode()
        self._pending: list[tuple[str, str, str]] = []
        self._ready: dict[str, Rendered] = {}  # rendered by workers, not read yet
        self._coming: dict[str, Future[list[tuple[str, Rendered | None]]]] = {}
        self._pool: ProcessPoolExecutor | None = None

    @property
    def _db(self) -> sqlite3.Connection:
        """This process's connection: a forked page renderer that needs an
        article's HTML must not use the connection it inherited (SQLite forbids it)."""
        if self._pid != os.getpid():
            self._connection, self._pid, self._pending = sqlite3.connect(self._file), os.getpid(), []
        return self._connection

    def key(self, data: bytes) -> str:
        return hashlib.blake2b(data + self._fingerprint, digest_size=20).hexdigest()

    def get(self, key: str) -> Rendered | None:
        coming = self._coming.get(key)
        if coming is not None:
            self._collect(coming)
        ready = self._ready.pop(key, None)
        if ready is not None:
            return ready
        row = self._db.execute("SELECT html, fields FROM rendered WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        return row[0], _decode_fields(row[1])

    def missing(self, keys: Iterable[str]) -> set[str]:
        keys = list(keys)
        found: set[str] = set()
        for start in range(0, len(keys), 900):
            chunk = keys[start : start + 900]
            marks = ",".join("?" * len(chunk))
            found.update(k for (k,) in self._db.execute(f"SELECT key FROM rendered WHERE key IN ({marks})", chunk))
        return set(keys) - found

    def put(self, key: str, rendered: Rendered) -> None:
        self._pending.append((key, rendered[0], _encode_fields(rendered[1])))
        if len(self._pending) >= 500:
            self.flush()

    def expect(self, pool: ProcessPoolExecutor, chunks: list[list[tuple[str, str]]]) -> None:
        """Let ``pool`` render ``chunks`` of (key, path); ``get`` waits for them."""
        self._pool = pool
        for chunk in chunks:
            future = pool.submit(_render_chunk, chunk)
            for key, _ in chunk:
                self._coming[key] = future

    def finish(self) -> None:
        """Collect whatever the workers rendered and nobody read; stop them; store."""
        for future in list(self._coming.values()):
            self._collect(future)
        self._ready.clear()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        self.flush()

    def _collect(self, future: Future[list[tuple[str, Rendered | None]]]) -> None:
        for key, rendered in future.result():
            self._coming.pop(key, None)
            if rendered is not None:
                self._ready[key] = rendered
                self.put(key, rendered)

    def flush(self) -> None:
        if self._pending:
            self._db.executemany("INSERT OR REPLACE INTO rendered VALUES (?, ?, ?)", self._pending)
            self._db.commit()
            self._pending.clear()


def _encode_fields(fields: dict[str, str]) -> str:
    return "\x00".join(f"{k}\x01{v}" for k, v in fields.items())


def _decode_fields(text: str) -> dict[str, str]:
    return dict(part.split("\x01", 1) for part in text.split("\x00") if part)


_worker_render: Callable[[str], Rendered | None] | None = None


def _init_worker(factory: Callable[[], Callable[[str], Rendered | None]]) -> None:
    global _worker_render  # noqa: PLW0603 (one renderer per worker process)
    _worker_render = factory()


def _render_chunk(items: list[tuple[str, str]]) -> list[tuple[str, Rendered | None]]:
    assert _worker_render is not None
    return [(key, _worker_render(path)) for key, path in items]


def prefill(
    cache: RenderCache,
    jobs: dict[str, str],
    factory: Callable[[], Callable[[str], Rendered | None]],
    workers: int | None = None,
) -> int:
    """Start rendering ``jobs`` (key → file path, in the order they will be
    read) missing from the cache on worker processes; return how many.

    It does not wait: ``cache.get`` waits for a key's chunk when asked for it,
    so reading goes on beside the workers instead of after them. ``factory``
    makes, in each worker, a function from a path to its rendering.
    """
    missing = cache.missing(jobs)
    todo = [(key, path) for key, path in jobs.items() if key in missing]
    workers = workers or os.cpu_count() or 1
    if len(todo) < 64 or workers < 2:
        return 0  # not worth starting processes; the reader renders them itself
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker, initargs=(factory,))
    cache.expect(pool, [todo[i : i + PREFILL_CHUNK] for i in range(0, len(todo), PREFILL_CHUNK)])
    return len(todo)


def fingerprint(settings: dict[str, Any]) -> str:
    """What besides the file shapes the rendered output."""
    return repr((CACHE_VERSION, sorted(settings["MARKDOWN"].items(), key=str), settings["FORMATTED_FIELDS"]))
