"""Rendered-Markdown cache keyed by file content, filled on both cores.

The key is a hash of the file's bytes and of everything that shapes its HTML
(renderkey.py: Markdown's version, its settings, the code of the local modules
on the rendering path), not of its mtime: a fresh clone
with a copied ``cache/`` directory reuses it, and an edited file misses. Values
are the body HTML and the rendered formatted fields (Summary).

Before reading starts, the files to be read are handed to worker processes in
reading order (``prefill``), a few chunks ahead of the reader (so finished
renderings waiting to be read stay few): each worker hashes its files, renders
those the cache lacks and stores them, while the reader goes on with the files
already done; ``get`` waits for a file's chunk when it is asked for that file.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sqlite3
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Iterable

CACHE_FILE = "site-content.sqlite"
PREFILL_CHUNK = 100  # files a worker takes per task
PREFILL_MIN = 64  # fewer files than this: not worth starting processes

Rendered = tuple[str, dict[str, str]]  # body HTML, formatted field → HTML
Done = tuple[list[tuple[str, str, Rendered | None]], float]  # a worker's (path, key, new rendering or None), CPU s


class RenderCache:
    """A small sqlite key → rendered-content store under CACHE_PATH."""

    def __init__(self, directory: str | os.PathLike[str], fingerprint: str) -> None:
        Path(directory).mkdir(parents=True, exist_ok=True)
        self.directory, self.fingerprint = Path(directory), fingerprint
        self._file = self.directory / CACHE_FILE
        self._connection = _connect(self._file)
        self._connection.execute("CREATE TABLE IF NOT EXISTS rendered (key TEXT PRIMARY KEY, html TEXT, fields TEXT)")
        self._pid = os.getpid()
        self._salt = fingerprint.encode()
        self._pending: list[tuple[str, str, str]] = []
        self._ready: dict[str, Rendered] = {}  # rendered by workers, not read yet
        self._coming: dict[str, Future[Done]] = {}  # path → its chunk
        self._pool: ProcessPoolExecutor | None = None
        self._chunks: list[list[str]] = []  # handed to workers in order, a window at a time
        self._chunk_of: dict[str, int] = {}
        self._submitted, self._window = 0, 0
        #: How this build got its renderings (logged by the reader): files rendered
        #: by Python-Markdown and their CPU seconds, files found in the cache.
        self.stats = {"rendered": 0, "render_seconds": 0.0, "cached": 0}

    @property
    def _db(self) -> sqlite3.Connection:
        """This process's connection: a forked page renderer that needs an
        article's HTML must not use the connection it inherited (SQLite forbids it)."""
        if self._pid != os.getpid():
            self._connection, self._pid, self._pending = _connect(self._file), os.getpid(), []
        return self._connection

    def key(self, data: bytes) -> str:
        return hashlib.blake2b(data + self._salt, digest_size=20).hexdigest()

    def get(self, key: str, path: str | None = None) -> Rendered | None:
        """The rendering stored under ``key``; when ``path`` is still with a
        worker, wait for it first."""
        index = self._chunk_of.get(path) if path is not None else None
        if index is not None and self._submitted <= index + self._window:
            self._submit_until(index + self._window)
        coming = self._coming.get(path) if path is not None else None
        if coming is not None:
            self._collect(coming)
        ready = self._ready.pop(key, None)
        if ready is not None:
            return ready
        row = self._db.execute("SELECT html, fields FROM rendered WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        self.stats["cached"] += 1
        return row[0], _decode_fields(row[1])

    def html(self, key: str) -> str | None:
        """Only the body HTML stored under ``key`` (what a lazy article needs)."""
        row = self._db.execute("SELECT html FROM rendered WHERE key = ?", (key,)).fetchone()
        return row[0] if row is not None else None

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

    def expect(self, pool: ProcessPoolExecutor, chunks: list[list[str]], window: int) -> None:
        """Let ``pool`` hash and render ``chunks`` of paths, at most ``window``
        chunks ahead of the file being read (finished renderings wait in
        memory until read); ``get`` waits for a file's chunk."""
        self._pool, self._chunks, self._window = pool, chunks, window
        self._chunk_of = {path: index for index, chunk in enumerate(chunks) for path in chunk}
        self._submit_until(window - 1)

    def _submit_until(self, last: int) -> None:
        assert self._pool is not None
        while self._submitted <= min(last, len(self._chunks) - 1):
            chunk = self._chunks[self._submitted]
            future = self._pool.submit(_prefill_chunk, chunk)
            for path in chunk:
                self._coming[path] = future
            self._submitted += 1

    def finish(self) -> None:
        """Wait for the workers, stop them, store what is pending."""
        for future in list(self._coming.values()):
            self._collect(future)
        self._ready.clear()
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        self.flush()

    def _collect(self, future: Future[Done]) -> None:
        done, seconds = future.result()
        if all(path in self._coming for path, _, _ in done):  # first time this chunk is collected
            self.stats["render_seconds"] += seconds
        for path, key, rendered in done:
            self._coming.pop(path, None)
            if rendered is not None:
                self._ready[key] = rendered  # the worker stored it too
                self.stats["rendered"] += 1

    def flush(self) -> None:
        if self._pending:
            self._db.executemany("INSERT OR REPLACE INTO rendered VALUES (?, ?, ?)", self._pending)
            self._db.commit()
            self._pending.clear()


def _connect(file: Path) -> sqlite3.Connection:
    """WAL, so readers never wait; workers and the reader write in turns."""
    connection = sqlite3.connect(file, timeout=60)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")  # a cache: losing the last commit on power loss is fine
    return connection


def _encode_fields(fields: dict[str, str]) -> str:
    return json.dumps(fields, ensure_ascii=False)


def _decode_fields(text: str) -> dict[str, str]:
    return json.loads(text)


_worker: tuple[RenderCache, Callable[[bytes], Rendered | None]] | None = None


def _init_worker(directory: Path, fingerprint: str, factory: Callable[[], Callable[[bytes], Rendered | None]]) -> None:
    global _worker  # noqa: PLW0603 (one cache connection and renderer per worker process)
    _worker = (RenderCache(directory, fingerprint), factory())


def _prefill_chunk(paths: list[str]) -> Done:
    """Worker: hash each file, render and store those the cache lacks."""
    assert _worker is not None
    cache, render = _worker
    raws: dict[str, bytes] = {}
    for path in paths:
        try:
            with open(path, "rb") as source:
                raws[path] = source.read()
        except OSError:
            continue  # the reader reports it with the file name
    keys = {path: cache.key(raw) for path, raw in raws.items()}
    missing = cache.missing(keys.values())
    done: list[tuple[str, str, Rendered | None]] = []
    started = time.process_time()
    for path, key in keys.items():
        rendered = render(raws[path]) if key in missing else None
        if rendered is not None:
            cache.put(key, rendered)
            missing.discard(key)  # two files with the same bytes
        done.append((path, key, rendered))
    seconds = time.process_time() - started
    cache.flush()
    return done, seconds


def prefill(
    cache: RenderCache,
    paths: list[str],
    factory: Callable[[], Callable[[bytes], Rendered | None]],
    workers: int | None = None,
) -> int:
    """Start hashing and rendering ``paths`` (in the order they will be read)
    on worker processes; return how many were handed out. It does not wait.
    ``factory`` makes, in each worker, a function from a file's bytes to its
    rendering (None when it cannot be decoded: the reader reports that)."""
    workers = workers or os.cpu_count() or 1
    if len(paths) < PREFILL_MIN or workers < 2:
        return 0  # the reader renders them itself
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                               initargs=(cache.directory, cache.fingerprint, factory))
    cache.expect(pool, [paths[i : i + PREFILL_CHUNK] for i in range(0, len(paths), PREFILL_CHUNK)], 2 * workers + 1)
    return len(paths)
