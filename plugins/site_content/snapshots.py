"""Article objects kept between builds, so an unchanged file is not read again.

Reading an article through Pelican (header, checks, metadata, ``Content``
initialisation) costs about 0.2 ms even when its HTML is cached; at 20,000
articles that is most of a one-article rebuild. A snapshot is the article
object as Pelican made it, pickled right after reading without its HTML (which
the render cache holds) and with the settings and the shared context left out
(they are put back from the current build). It is used when the file's size and
mtime are unchanged and nothing else that shapes articles changed: the store is
emptied when the fingerprint (settings, this plugin's code, the columns'
``_index.md`` files, Pelican's version) differs. Drafts, articles with
attachments (whose sizes are shown) and future-dated articles are not kept.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import pickle
import sqlite3
from pathlib import Path
from typing import Any, Callable

import pelican
from pelican.contents import Article, Content, Page
from pelican.readers import Readers

SNAPSHOT_VERSION = "1"


def fingerprint(settings: dict[str, Any], content_root: Path) -> str:
    """What besides the file shapes an article object."""
    digest = hashlib.blake2b(f"{SNAPSHOT_VERSION}|{pelican.__version__}".encode(), digest_size=16)
    digest.update(json.dumps(settings, sort_keys=True, default=lambda o: f"<{type(o).__qualname__}>").encode())
    for path in sorted(Path(__file__).parent.glob("*.py")) + sorted(content_root.glob("*/_index.md")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def stamp(path: str) -> str:
    status = os.stat(path)
    return f"{status.st_size}:{status.st_mtime_ns}"


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, shared: dict[str, Any]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._ids = {id(value): key for key, value in shared.items()}

    def persistent_id(self, obj: Any) -> str | None:
        return self._ids.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, shared: dict[str, Any]) -> None:
        super().__init__(file)
        self._shared = shared

    def persistent_load(self, pid: str) -> Any:
        return self._shared[pid]


class SnapshotStore:
    """Snapshots by content-relative path, in the render cache's sqlite file."""

    def __init__(self, db_path: Path, fingerprint: str) -> None:
        self._db = sqlite3.connect(db_path)
        self._db.execute("CREATE TABLE IF NOT EXISTS snapshot_meta (key TEXT PRIMARY KEY, value TEXT)")
        self._db.execute("CREATE TABLE IF NOT EXISTS snapshots (path TEXT PRIMARY KEY, stamp TEXT, state BLOB)")
        row = self._db.execute("SELECT value FROM snapshot_meta WHERE key = 'fingerprint'").fetchone()
        if row is None or row[0] != fingerprint:
            self._db.execute("DELETE FROM snapshots")
            self._db.execute("INSERT OR REPLACE INTO snapshot_meta VALUES ('fingerprint', ?)", (fingerprint,))
            self._db.commit()
        self._stamps: dict[str, str] | None = None
        self._pending: list[tuple[str, str, bytes]] = []

    def current(self, rel_path: str, file_stamp: str) -> bool:
        """Whether a snapshot of ``rel_path`` matches the file as it is now."""
        if self._stamps is None:
            self._stamps = dict(self._db.execute("SELECT path, stamp FROM snapshots"))
        return self._stamps.get(rel_path) == file_stamp

    def load(self, rel_path: str, shared: dict[str, Any]) -> Any:
        (state,) = self._db.execute("SELECT state FROM snapshots WHERE path = ?", (rel_path,)).fetchone()
        cls, attributes = _Unpickler(io.BytesIO(state), shared).load()
        article = cls.__new__(cls)
        article.__dict__.update(attributes)
        return article

    def save(self, rel_path: str, file_stamp: str, article: Any, shared: dict[str, Any]) -> None:
        if not keepable(article):
            return
        attributes = {k: v for k, v in article.__dict__.items() if k != "_content"}
        buffer = io.BytesIO()
        _Pickler(buffer, shared).dump((type(article), attributes))
        self._pending.append((rel_path, file_stamp, buffer.getvalue()))
        if len(self._pending) >= 500:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            self._db.executemany("INSERT OR REPLACE INTO snapshots VALUES (?, ?, ?)", self._pending)
            self._db.commit()
            self._pending.clear()


def keepable(article: Any) -> bool:
    """Published, no attachments, not dated in the future (its status would change)."""
    if type(article) is not Article or article.status != "published":
        return False
    if article.metadata.get("attachments"):
        return False
    date = getattr(article, "date", None)
    now = datetime.datetime.now(date.tzinfo) if date is not None and date.tzinfo else datetime.datetime.now()
    return date is not None and date <= now


def read_with_snapshots(readers: Readers, read_file: Callable[..., Content], base_path: str, path: str,
                        content_class: type = Page, fmt: str | None = None, context: dict | None = None,
                        preread_signal: Any = None, preread_sender: Any = None,
                        context_signal: Any = None, context_sender: Any = None) -> Content:
    """Pelican's ``Readers.read_file``, but an unchanged article comes from its snapshot."""
    arguments = (base_path, path, content_class, fmt, context, preread_signal, preread_sender,
                 context_signal, context_sender)
    reader = readers.readers.get(fmt or os.path.splitext(path)[1][1:])
    store: SnapshotStore | None = getattr(reader, "snapshots", None)
    if store is None or content_class is not Article:
        return read_file(*arguments)
    full_path = os.path.join(base_path, path)
    rel_path = os.path.relpath(full_path, readers.settings["PATH"]).replace(os.sep, "/")
    file_stamp = stamp(full_path)
    shared = {"settings": readers.settings, "context": context}
    if store.current(rel_path, file_stamp):
        article = store.load(rel_path, shared)
        html = reader.cached_html(article.metadata.get("render_key", ""))
        if html is not None:
            article._content = html
            if preread_signal and preread_signal.receivers:
                preread_signal.send(preread_sender)
            if context_signal and context_signal.receivers:
                context_signal.send(context_sender, metadata=article.metadata)
            return article
    article = read_file(*arguments)
    store.save(rel_path, file_stamp, article, shared)
    return article
