"""The site's Markdown reader: checked metadata, cached and parallel rendering.

It replaces Pelican's MarkdownReader for ``.md`` files. It parses the header
itself (so every problem carries a line number), checks it (checks.py), and
renders the body with one reused ``Markdown`` object (``Renderer``) instead of a
new one per file. Rendered HTML is cached by file content (cache.py), and before
reading starts the uncached files are rendered on every core (``prefill``).
A file with problems is skipped quietly and its problems are kept on the
reader; the plugin raises them all together once reading is done.
"""

from __future__ import annotations

import hashlib
import logging
import time
import os
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterable

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.urlwrappers import Author, Category

from .attachments import describe, parse_entries
from .cache import RenderCache, Rendered, prefill
from .checks import check_file, check_schedule, parse_access
from sitekit.dates import parse_date, site_now
from .columns import Column, load_columns
from .header import Header, parse_header
from .archetypes import item_keys
from .keys import normal_value
from .links import local_refs
from .problems import Problem
from .renderkey import render_fingerprint
from .snapshots import SnapshotStore
from .snapshots import fingerprint as snapshot_fingerprint
from .summary import TextJoiner, excerpt, newlines_as_spaces
from sitekit.urls import article_urls

log = logging.getLogger(__name__)
SNAPSHOT_FILE = "site-snapshots-{output}.pickle"  # one per output folder (public, members)
STATIC_SNAPSHOT_FILE = "site-static-snapshots-{output}.pickle"
_LIST_SEPARATORS = str.maketrans({"，": ",", "、": ",", "；": ";"})
#: The rendered "field" holding an item's local links (links.py), one per line.
LINK_REFS_FIELD = "_link_refs"


class Renderer:
    """Text of a content file → body HTML and rendered fields, as Pelican makes them.

    Like Pelican's own reader, the whole file goes through Python-Markdown with
    its ``meta`` extension (which takes the header off), and each formatted
    field (``Summary``) is converted on its own; but the two ``Markdown``
    instances are reused (reset before each conversion) instead of built for
    every file. ``test_render_exact.py`` checks the output is byte for byte
    Pelican's. A title written over several header lines and the automatic
    summary are joined with the instance's text joiner (cjk_markdown's
    ``join_text``), so they follow the same rules as the body.
    """

    def __init__(self, markdown_config: dict[str, Any], formatted_fields: Iterable[str]) -> None:
        config = dict(markdown_config)
        listed = [*config.get("extensions", [])]  # as Pelican's reader: every configured extension
        listed += [name for name in config.get("extension_configs", {}) if name not in listed]
        plain = [ext for ext in listed if ext != "markdown.extensions.meta"]
        self._md = Markdown(**{**config, "extensions": [*plain, "markdown.extensions.meta"]})
        self._fields_md = Markdown(**{**config, "extensions": plain})
        self._formatted = tuple(formatted_fields)
        self.join_text = text_joiner(self._md)

    def convert(self, text: str) -> str:
        """A formatted field's value (or any Markdown text without a header)."""
        self._fields_md.reset()
        return self._fields_md.convert(text)

    def __call__(self, text: str) -> Rendered:
        """Render a whole file's text (header and body)."""
        self._md.reset()
        html = self._md.convert(text)
        meta: dict[str, list[str]] = getattr(self._md, "Meta", {})
        fields = {name: self.convert("\n".join(meta[name])) for name in self._formatted if name in meta}
        title = meta.get("title")
        if title is not None and "title" not in fields and len(title) > 1:
            fields["title"] = self.join_text("\n".join(title).strip())
        if not fields.get("summary"):
            fields["summary"] = excerpt(html, self.join_text)
        # Worked out here (on the render workers, cached with the HTML), not on every read.
        fields[LINK_REFS_FIELD] = "\n".join(local_refs(html, *fields.values()))
        return html, fields


def text_joiner(md: Markdown) -> TextJoiner:
    """The joining extension's plain-text joiner, else breaks become spaces."""
    processor = md.postprocessors["cjk_join"] if "cjk_join" in md.postprocessors else None
    return getattr(processor, "join_text", None) or newlines_as_spaces


def tag_slug(name: str) -> str:
    """ASCII slug of a tag (or author) from a hash of its name: stable, and
    homophones (公式/攻势) never collide as pinyin slugs would."""
    return "t" + hashlib.blake2b(name.encode("utf-8"), digest_size=5).hexdigest()


def decode(raw: bytes) -> str:
    """A file's text as Pelican reads it: UTF-8 without BOM, universal newlines."""
    return raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def not_utf8(rel_path: str, raw: bytes, error: UnicodeDecodeError) -> Problem:
    """The problem of a file that is not UTF-8 (e.g. GBK), at the line of its first bad byte."""
    line = raw[: error.start].count(b"\n") + 1
    return Problem.of(rel_path, line, "not_utf8", line_of_byte=line)


def _bytes_renderer(factory: Callable[[], Renderer]) -> Callable[[bytes], Rendered | None]:
    """In a worker: a function rendering a file's bytes (undecodable files are
    left to read(), which reports them)."""
    renderer = factory()

    def render(raw: bytes) -> Rendered | None:
        try:
            return renderer(decode(raw))
        except UnicodeDecodeError:
            return None

    return render


class SiteMarkdownReader(MarkdownReader):
    """Markdown reader that validates headers and caches rendered bodies."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.problems: list[Problem] = []
        self._content_root = Path(self.settings["PATH"]).resolve()
        self._columns: dict[str, Column] | None = None
        self._renderer_factory = partial(Renderer, self.settings["MARKDOWN"], self.settings["FORMATTED_FIELDS"])
        self._renderer: Renderer | None = None
        self.render_stats = {"rendered": 0, "render_seconds": 0.0}  # rendered in this process
        self.render_fingerprint = render_fingerprint(self.settings)
        self._now = site_now(self.settings)
        self._item_keys = item_keys(self.settings)
        self._default_author = Author(self.settings.get("AUTHOR") or "", self.settings)
        self._default_author.slug = tag_slug(self._default_author.name)
        self._cache: RenderCache | None = None
        self.snapshots: SnapshotStore | None = None  # articles
        self.static_snapshots: SnapshotStore | None = None  # static files (its generator flushes it)
        if self.settings.get("SITE_CONTENT_CACHE", True):
            self._cache = RenderCache(self.settings["CACHE_PATH"], self.render_fingerprint)
        # Pelican's own content cache pickles articles, which lazy HTML (a
        # reference to this reader) cannot be: with it on, no snapshots.
        if self._cache is not None and not self.settings.get("CACHE_CONTENT"):
            output = hashlib.blake2b(os.path.abspath(self.settings["OUTPUT_PATH"]).encode(), digest_size=4)
            cache_path, tag = Path(self.settings["CACHE_PATH"]), output.hexdigest()
            fingerprint = snapshot_fingerprint(self.settings, self._content_root, self.render_fingerprint)
            self.snapshots = SnapshotStore(cache_path / SNAPSHOT_FILE.format(output=tag), fingerprint)
            self.static_snapshots = SnapshotStore(cache_path / STATIC_SNAPSHOT_FILE.format(output=tag), fingerprint)

    @property
    def columns(self) -> dict[str, Column]:
        if self._columns is None:
            self._columns, problems = load_columns(self._content_root)
            self.problems.extend(problems)
        return self._columns

    def render(self, text: str) -> Rendered:
        if self._renderer is None:
            self._renderer = self._renderer_factory()
        return self._renderer(text)

    def prefill(self, paths: list[str]) -> int:
        """Hand ``paths`` (in reading order) to workers that render the uncached
        ones while reading goes on; return how many were handed out."""
        if self._cache is None:
            return 0
        workers = self.settings.get("SITE_CONTENT_WORKERS") or os.cpu_count()
        return prefill(self._cache, paths, partial(_bytes_renderer, self._renderer_factory), workers)

    def _is_page(self, rel_path: str) -> bool:
        return any(
            rel_path == base or rel_path.startswith(base.rstrip("/") + "/")
            for base in self.settings["PAGE_PATHS"]
        )

    def read(self, source_path: str) -> tuple[str | None, dict[str, object]]:
        """Return (HTML, metadata), or a quiet skip when the file has problems."""
        self._source_path = source_path
        rel_path = os.path.relpath(source_path, self._content_root).replace(os.sep, "/")
        with open(source_path, "rb") as source:
            raw = source.read()
        try:
            text = decode(raw)
        except UnicodeDecodeError as error:
            self.problems.append(not_utf8(rel_path, raw, error))
            return None, {"status": "skip"}
        header = parse_header(text)
        problems = check_file(
            header,
            rel_path,
            is_page=self._is_page(rel_path),
            columns=self.columns,
            content_root=self._content_root,
            item_keys=self._item_keys,
        )
        status, schedule_problems = check_schedule(header, rel_path, self._now)
        if problems or schedule_problems:
            self.problems.extend(problems + schedule_problems)
            return None, {"status": "skip"}
        rendered = None
        key = None
        if self._cache is not None:
            key = self._cache.key(raw)
            rendered = self._cache.get(key, source_path)
        if rendered is None:
            started = time.process_time()
            rendered = self.render(text)
            self.render_stats["rendered"] += 1
            self.render_stats["render_seconds"] += time.process_time() - started
            if self._cache is not None:
                self._cache.put(key, rendered)
        html, fields = rendered
        metadata = self._metadata(header, fields)
        if header.get("status") is not None:
            metadata["status"] = status  # "scheduled" held back as a draft until its time
            if normal_value(header.get("status") or "") == "scheduled":
                metadata["scheduled"] = True
        metadata["link_refs"] = tuple(ref for ref in fields.get(LINK_REFS_FIELD, "").split("\n") if ref)
        if key is not None:
            metadata["render_key"] = key  # to find the HTML again for a snapshot (snapshots.py)
        if not self._is_page(rel_path):
            column = rel_path.split("/", 1)[0]
            metadata["category"] = category = Category(column, self.settings)
            category.slug = column  # folder names are checked ASCII slugs already
            metadata.update(article_urls(self.settings, rel_path, column, metadata))
        # What the file holds and how it renders, for output caches (incremental_writer).
        metadata["source_key"] = key or hashlib.blake2b(
            raw + self.render_fingerprint.encode(), digest_size=20).hexdigest()
        return html, metadata

    def html_for(self, article: Any) -> str:
        """Body HTML of an article restored from a snapshot: from the render
        cache, or rendered again from its (unchanged) file if the cache lost it."""
        found = self._cache.html(article.metadata.get("render_key", "")) if self._cache is not None else None
        if found is not None:
            return found
        with open(article.source_path, "rb") as source:
            return self.render(decode(source.read()))[0]

    def flush(self) -> None:
        if self._cache is not None:
            self._cache.finish()
        if self.snapshots is not None:
            self.snapshots.flush()
        self._log_paths()

    def _log_paths(self) -> None:
        """How the files got their HTML: the rendering paths of this build."""
        cache = self._cache.stats if self._cache is not None else {"rendered": 0, "render_seconds": 0.0, "cached": 0}
        restored = self.snapshots.restored if self.snapshots is not None else 0
        log.info("site_content: rendering paths: %d rendered by Python-Markdown (%.2f s CPU, %d in workers), "
                 "%d from the render cache, %d restored from snapshots",
                 cache["rendered"] + self.render_stats["rendered"],
                 cache["render_seconds"] + self.render_stats["render_seconds"], cache["rendered"],
                 cache["cached"], restored)

    def _metadata(self, header: Header, rendered_fields: dict[str, str]) -> dict[str, object]:
        metadata: dict[str, object] = {}
        for name, field in header.fields.items():
            value = field.value
            if not value.strip() and name not in ("access", "status"):
                continue  # an empty field (e.g. from a template) is as if absent
            if name in ("tags", "authors"):
                value = value.translate(_LIST_SEPARATORS).replace("\n", ",")
            if name == "attachments":
                metadata[name] = [describe(self._content_root, p, t) for p, t in parse_entries(value)]
            elif name in ("date", "modified") and (parsed := parse_date(value)) is not None:
                metadata[name] = parsed
            elif name in rendered_fields:
                metadata[name] = self.process_metadata(name, rendered_fields[name])
            elif name == "access":
                metadata[name] = parse_access(value)  # checked: public or members
            elif name == "status":
                metadata[name] = self.process_metadata(name, normal_value(value))
            else:
                metadata[name] = self.process_metadata(name, value)
        metadata.setdefault("summary", rendered_fields["summary"])
        for tag in metadata.get("tags", ()):
            tag.slug = tag_slug(tag.name)
        author = metadata.get("author")
        if isinstance(author, Author):
            author.slug = tag_slug(author.name)
        elif self.settings.get("AUTHOR"):
            # Pelican would make (and slugify through unidecode) one per article.
            metadata["author"] = self._default_author
        return metadata
