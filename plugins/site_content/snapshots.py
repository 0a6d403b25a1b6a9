"""Article objects kept between builds, so an unchanged file is not read again.

Reading an article through Pelican (header, checks, metadata, ``Content``
initialisation) costs about 0.2 ms even when its HTML is cached; at 20,000
articles that is most of a one-article rebuild. A snapshot is the article's
attributes as Pelican made them, taken right after reading, without its HTML
(the render cache holds it; ``RestoredArticle`` fetches it on first use) and
with the settings and the shared context left out (they are put back from the
current build). It is used when the file's size and mtime are unchanged and
nothing else that shapes articles changed: the store is emptied when the
fingerprint (settings, this plugin's code, the columns' ``_index.md`` files,
Pelican's version) differs. Drafts, articles with attachments (whose sizes are
shown) and future-dated articles are not kept.

All snapshots of one output folder are one file, read once per build: one
load of 20,000 articles is several times cheaper than 20,000 loads. Articles
read in a build are appended to it as one more pickle (the stamps say which
entry is current); after ``MAX_PARTS`` appends, or when many articles were
read, the file is written afresh with one pickle of the current entries.
"""

from __future__ import annotations

import datetime
import gc
import hashlib
import io
import json
import os
import pickle
from urllib.parse import urlparse
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Callable, Iterator

import pelican
from pelican.contents import Article, Content, Page, Static
from pelican.readers import Readers
from sitekit import code_files
from sitekit.links import MENTIONS_LINKS
from sitekit.pelican_seam import (
    BODY_ATTRIBUTE,
    instance_state,
    intrasite_link_regex,
    restore_instance,
    set_own_attribute,
)

from .contents import LINK_TARGETS, LazyHtmlArticle, RestoredArticle, RestoredStatic, link_targets

SNAPSHOT_VERSION = "2"
#: Appended parts before the file is rewritten as one.
MAX_PARTS = 8
#: Fewer articles read than this fraction of the kept ones are appended.
APPEND_FRACTION = 0.1
Attributes = dict[str, Any]
#: Where a static file object keeps its source's stamp (size:mtime_ns) taken in this build.
SOURCE_STAMP = "_site_source_stamp"


def fingerprint(settings: dict[str, Any], content_root: Path, render: str = "") -> str:
    """What besides the file shapes an article object (``render``: the render
    cache's fingerprint, renderkey.py, since titles and summaries are rendered)."""
    digest = hashlib.blake2b(f"{SNAPSHOT_VERSION}|{pelican.__version__}|{render}".encode(), digest_size=16)
    digest.update(json.dumps(settings, sort_keys=True, default=lambda o: f"<{type(o).__qualname__}>").encode())
    for path in sorted(Path(__file__).parent.glob("*.py")) + code_files() + sorted(content_root.glob("*/_index.md")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def link_markup(article: Any, html: str) -> str:
    """The body's intrasite links (``<img … src="{static}a.jpg"``), one a line:
    what an output cache must resolve to know the page did not change."""
    if "{" not in html:
        return ""
    found = []
    for match in intrasite_link_regex(article).finditer(html):
        what, value = match.group("what"), urlparse(match.group("value"))
        if what in ("filename", "static", "attach") and value.path and not value.path.startswith("/"):
            # The target as Pelican finds it (relative to the article's folder), worked
            # out once here: resolving it costs a relpath on every build.
            target = article.get_relative_source_path(os.path.join(article.relative_dir, value.path))
            value = value._replace(path="/" + target.replace(os.sep, "/"))
        found.append(f"{match.group('markup')}{match.group('quote')}{{{what}}}{value.geturl()}{match.group('quote')}>\n")
    return "".join(found)


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
    """Snapshots by content-relative path, in one file per output folder.

    The file holds the fingerprint, every current path's stamp and a list of
    pickled parts (path → attributes, settings and context as persistent
    references); later parts override earlier ones. Nothing is read before the
    first question, so a store nobody asks costs nothing.
    """

    def __init__(self, path: Path, fingerprint: str) -> None:
        self._path = path
        self._fingerprint = fingerprint
        self._stamps: dict[str, str] | None = None
        self._parts: list[bytes] = []
        self._attributes: dict[str, Attributes] | None = None
        self._kept: dict[str, tuple[str, Attributes]] = {}  # this build's snapshots
        self._fresh: set[str] = set()  # paths read (not restored) in this build
        self._shared: dict[str, Any] = {}  # this build's settings and context
        self._file_stamps: dict[str, str] = {}
        self.restored = 0  # articles restored in this build

    def file_stamp(self, full_path: str) -> str:
        """Size and mtime of a file, taken once per build."""
        found = self._file_stamps.get(full_path)
        if found is None:
            found = self._file_stamps[full_path] = stamp(full_path)
        return found

    def current(self, rel_path: str, file_stamp: str) -> bool:
        """Whether a snapshot of ``rel_path`` matches the file as it is now."""
        if self._stamps is None:
            self._read()
        assert self._stamps is not None
        return self._stamps.get(rel_path) == file_stamp

    def restore(self, rel_path: str, shared: dict[str, Any], cls: type) -> Any:
        """A ``cls`` object as it was read (``current`` said the snapshot matches)."""
        self._shared = shared
        if self._attributes is None:
            self._attributes = {}
            with _no_gc():  # tens of thousands of objects that all live on
                for part in self._parts:
                    self._attributes.update(_Unpickler(io.BytesIO(part), shared).load())
        attributes = self._attributes[rel_path]
        assert self._stamps is not None
        self._kept[rel_path] = (self._stamps[rel_path], attributes)
        item = restore_instance(cls, attributes)
        item.metadata = dict(attributes["metadata"])  # Pelican updates it in place later
        return item

    def load(self, rel_path: str, shared: dict[str, Any], html_source: Callable[[Any], str]) -> RestoredArticle:
        """The article as it was read (``current`` said the snapshot matches)."""
        article = self.restore(rel_path, shared, RestoredArticle)
        article._html_source = html_source
        return article

    def keep(self, rel_path: str, file_stamp: str, item: Any, shared: dict[str, Any],
             derived: Attributes | None = None) -> None:
        """Keep a just-read object's attributes as they are now (a copy: later
        changes to the object, such as ``attach_to``, are not kept). With
        ``derived`` (an article), those are added and the body HTML is left out:
        the render cache holds it."""
        state = instance_state(item)
        attributes = {k: v for k, v in state.items() if k != BODY_ATTRIBUTE} if derived else dict(state)
        attributes["metadata"] = dict(item.metadata)
        attributes.update(derived or {})
        self._kept[rel_path] = (file_stamp, attributes)
        self._fresh.add(rel_path)
        self._shared = shared

    def save(self, rel_path: str, file_stamp: str, article: Any, shared: dict[str, Any],
             html_source: Callable[[Any], str]) -> None:
        """Keep a just-read article (when ``keepable``) for the next build, and
        make it a ``LazyHtmlArticle`` that leaves its HTML to the render cache."""
        if not keepable(article):
            return
        html = getattr(article, BODY_ATTRIBUTE) or ""
        derived = {
            "_static_links": frozenset(article.get_static_links()),
            MENTIONS_LINKS: "{" in html,
            "_link_markup": link_markup(article, html),
        }
        derived[LINK_TARGETS] = link_targets(article, derived["_link_markup"])
        self.keep(rel_path, file_stamp, article, shared, derived)
        if article.metadata.get("render_key"):  # its HTML is in the render cache
            article.__class__ = LazyHtmlArticle
            state = instance_state(article)
            del state[BODY_ATTRIBUTE]
            state.update(derived, _html_source=html_source)

    def flush(self) -> None:
        """Save this build's snapshots when an article was read, added or
        dropped; then let go of them (reading is over)."""
        if self._stamps is not None and (self._fresh or set(self._kept) != set(self._stamps)):
            self._write()
        self._kept, self._attributes, self._parts, self._fresh = {}, None, [], set()
        self._stamps = None  # a later question reads the file again

    def _write(self) -> None:
        stamps = {path: file_stamp for path, (file_stamp, _) in self._kept.items()}
        append = len(self._parts) < MAX_PARTS and len(self._fresh) <= APPEND_FRACTION * len(stamps)
        entries = {path: self._kept[path][1] for path in (self._fresh if append else self._kept)}
        buffer = io.BytesIO()
        with _no_gc():
            _Pickler(buffer, self._shared).dump(entries)
        parts = [*self._parts, buffer.getvalue()] if append else [buffer.getvalue()]
        self._path.parent.mkdir(parents=True, exist_ok=True)
        partial = self._path.with_suffix(".tmp")
        with open(partial, "wb") as out:
            pickle.dump((self._fingerprint, stamps, parts), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self._path)
        self._stamps, self._parts, self._fresh = stamps, parts, set()

    def _read(self) -> None:
        self._stamps, self._parts = {}, []
        try:
            with open(self._path, "rb") as source:
                found, stamps, parts = pickle.load(source)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            return  # no snapshots yet, or an older format: read every file
        if found == self._fingerprint:
            self._stamps, self._parts = stamps, parts


@contextmanager
def _no_gc() -> Iterator[None]:
    """The cyclic garbage collector paused (as it was before, afterwards)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def content_path(root: str, base_path: str, path: str) -> str:
    """``path`` (relative to ``base_path``) relative to the content root, with slashes."""
    if base_path == root:
        return os.path.normpath(path).replace(os.sep, "/")
    return os.path.relpath(os.path.join(base_path, path), root).replace(os.sep, "/")


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
    if content_class is Static and fmt == "static":
        return _read_static(readers, read_file, arguments)
    if store is None or content_class is not Article:
        return read_file(*arguments)
    full_path = os.path.join(base_path, path)
    rel_path = content_path(readers.settings["PATH"], base_path, path)
    file_stamp = store.file_stamp(full_path)
    shared = {"settings": readers.settings, "context": context}
    if store.current(rel_path, file_stamp):
        article = store.load(rel_path, shared, reader.html_for)
        store.restored += 1
        return _signal_restored(article, arguments)
    article = read_file(*arguments)
    store.save(rel_path, file_stamp, article, shared, reader.html_for)
    return article


def _read_static(readers: Readers, read_file: Callable[..., Content], arguments: tuple) -> Content:
    """A static file (an image, an attachment): from its snapshot when its
    size and mtime are unchanged. Pelican makes the object from the path and
    the settings alone (no reader opens the file), and ``attach_to`` moves it
    only later, so the object as first made is what the snapshot keeps."""
    base_path, path, _, _, context = arguments[:5]
    store: SnapshotStore | None = getattr(readers.readers.get("md"), "static_snapshots", None)
    if store is None:
        return read_file(*arguments)
    rel_path = content_path(readers.settings["PATH"], base_path, path)
    file_stamp = store.file_stamp(os.path.join(base_path, path))
    shared = {"settings": readers.settings, "context": context}
    if not store.current(rel_path, file_stamp):
        static = read_file(*arguments)
        if type(static) is Static:
            store.keep(rel_path, file_stamp, static, shared)
            set_own_attribute(static, SOURCE_STAMP, file_stamp)
        return static
    static = store.restore(rel_path, shared, RestoredStatic)
    set_own_attribute(static, SOURCE_STAMP, file_stamp)
    store.restored += 1
    return _signal_restored(static, arguments)


def _signal_restored(item: Content, arguments: tuple) -> Content:
    """Send the signals Pelican's ``read_file`` sends for a file it reads
    (``content_object_init`` is not sent: the object is not made again)."""
    preread_signal, preread_sender, context_signal, context_sender = arguments[5:]
    if preread_signal and preread_signal.receivers:
        preread_signal.send(preread_sender)
    if context_signal and context_signal.receivers:
        context_signal.send(context_sender, metadata=item.metadata)
    return item
