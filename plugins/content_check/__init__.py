"""The content check behind `make check`, `make html` and `make devserver`.

Every problem of the content at once, without a build: each file's own
problems (site_content's checks, the same the reader applies), then rules over
the whole set (rules.py): duplicate URLs, links, future dates, published URLs
(url_lock), likely double imports, heavy images. Files are re-read only when
their size or mtime changed (``CACHE_PATH/content-check.pickle``), so the
check before every build costs little. See README.md.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, Callable, NamedTuple

from site_content.archetypes import item_keys
from site_content.columns import load_columns
from site_content.links import site_prefixes
from sitekit import code_files
from sitekit.dates import aware, is_future, site_now
from site_content.problems import ERROR, WARNING, Problem, sort_problems
from site_content.tree import MARKDOWN_SUFFIXES, tree_problems, walk_tree

from .entries import URL_SETTINGS, Entry, FileResult, addresses, is_source, read_entry
from .images import IMAGE_SUFFIXES, image_problems, width_of
from .lock import lock_rules
from .rules import duplicate_titles, duplicate_urls, effective_status, link_rules, schedule_rules

CACHE_FILE = "content-check.pickle"
CHECK_VERSION = "2"


@dataclass
class Report:
    """What the check found: errors, warnings and notes (scheduled items)."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    files: int = 0
    #: The earliest scheduled item still to come: a build at or after it publishes it.
    next_scheduled: datetime | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


def _fingerprint(settings: dict[str, Any], root: Path) -> str:
    digest = hashlib.blake2b(CHECK_VERSION.encode(), digest_size=16)
    digest.update(json.dumps(settings, sort_keys=True, default=lambda o: f"<{type(o).__qualname__}>").encode())
    plugins = Path(__file__).resolve().parent.parent
    for path in sorted([*plugins.glob("site_content/*.py"), *plugins.glob("content_check/*.py"), *code_files(),
                        *root.glob("*/_index.md"), *Path(settings.get("ARCHETYPES_PATH") or root).glob("*.yml")]):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


class _Cache:
    def __init__(self, settings: dict[str, Any], root: Path) -> None:
        self.path = Path(settings["CACHE_PATH"]) / CACHE_FILE
        self.fingerprint = _fingerprint(settings, root)
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        try:
            with open(self.path, "rb") as source:
                found, entries = pickle.load(source)
            if found == self.fingerprint:
                self.old = entries
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError, AttributeError):
            pass

    def get(self, rel: str, stamp: str) -> Any:
        found = self.old.get(rel)
        if found is not None and found.stamp == stamp:
            self.new[rel] = found
            return found
        return None

    def put(self, rel: str, value: Any) -> None:
        self.new[rel] = value

    def save_soon(self) -> Callable[[], None]:
        """Start writing the cache (when anything changed) in a forked child,
        so the rules run meanwhile on the other core; return what waits for it.
        Pickling 60,000 entries takes about half a second."""
        if self.new.keys() == self.old.keys() and all(self.new[k] is self.old[k] for k in self.new):
            return lambda: None
        try:
            pid = os.fork()
        except OSError:
            self._write()
            return lambda: None
        if pid == 0:  # the child: write and leave at once, nothing else of this process runs
            code = 1
            try:
                self._write()
                code = 0
            finally:
                os._exit(code)
        return lambda: None if os.waitpid(pid, 0) else None

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(f".{os.getpid()}.tmp")
        with open(partial, "wb") as out:
            pickle.dump((self.fingerprint, self.new), out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, self.path)


class _ImageSize(NamedTuple):
    stamp: str
    width: int | None


#: Fewer files to read than this: not worth starting worker processes.
PARALLEL_MIN = 1000
CHUNK = 500
#: Measuring an image's header costs about this fraction of reading a Markdown file.
IMAGES_PER_FILE = 8


def _read_files(root: str, columns: dict[str, Any], keys: frozenset[str], url_settings: dict[str, Any],
                files: list[tuple[str, str, bool]]) -> list[tuple[str, FileResult]]:
    return [(rel, read_entry(Path(root), rel, stamp, is_page=is_page, columns=columns, keys=keys,
                             url_settings=url_settings))
            for rel, stamp, is_page in files]


def _measure_images(root: str, images: list[tuple[str, str]]) -> list[tuple[str, _ImageSize]]:
    return [(rel, _ImageSize(stamp, width_of(Path(root) / rel))) for rel, stamp in images]


def _read_all(read: Callable[[list[tuple[str, str, bool]]], list[tuple[str, FileResult]]],
              measure: Callable[[list[tuple[str, str]]], list[tuple[str, _ImageSize]]],
              files: list[tuple[str, str, bool]],
              images: list[tuple[str, str]]) -> tuple[list[tuple[str, FileResult]], list[tuple[str, _ImageSize]]]:
    """Read ``files`` and measure ``images``, on every core when there are many (a cold check)."""
    workers = os.cpu_count() or 1
    if len(files) + len(images) // IMAGES_PER_FILE < PARALLEL_MIN or workers < 2:
        return read(files), measure(images)
    per = CHUNK * IMAGES_PER_FILE
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        read_parts = pool.map(read, [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)])
        measured_parts = pool.map(measure, [images[i:i + per] for i in range(0, len(images), per)])
        return ([item for part in read_parts for item in part], [item for part in measured_parts for item in part])


def run_check(settings: dict[str, Any], now: datetime | None = None) -> Report:
    """Check the content folder of ``settings`` (a Pelican settings dict)."""
    root = Path(settings["PATH"]).resolve()
    now = now or site_now(settings)
    report = Report()
    columns, problems = load_columns(root)
    attachment_dirs = {d for d in settings["ARTICLE_EXCLUDES"] if d not in settings["PAGE_PATHS"]}
    listing = walk_tree(str(root))
    problems += tree_problems(listing.files, listing.links, attachment_dirs)
    keys = item_keys(settings)
    page_paths = tuple(base.strip("/") for base in settings["PAGE_PATHS"])
    cache = _Cache(settings, root)
    stats = listing.files
    files = set(stats)
    entries: dict[str, Entry] = {}
    results: dict[str, FileResult] = {}
    unread: list[tuple[str, str, bool]] = []
    unmeasured: list[tuple[str, str]] = []
    for rel, stat in sorted(stats.items()):
        stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
        suffix = os.path.splitext(rel)[1]
        if suffix.lower() in IMAGE_SUFFIXES:
            size = cache.get(rel, stamp)
            if size is None:
                unmeasured.append((rel, stamp))
            else:
                cache.put(rel, size)
                problems += image_problems(rel, stat.st_size, size.width)
            continue
        if suffix not in MARKDOWN_SUFFIXES:
            continue
        source, is_page = is_source(rel, page_paths, attachment_dirs)
        if not source:
            continue
        found = cache.get(rel, stamp)
        if found is None:
            unread.append((rel, stamp, is_page))
        else:
            results[rel] = found
    url_settings = {key: settings[key] for key in URL_SETTINGS}
    read = partial(_read_files, str(root), columns, keys, url_settings)
    read_results, measured = _read_all(read, partial(_measure_images, str(root)), unread, unmeasured)
    for result_rel, result in read_results:
        cache.put(result_rel, result)
        results[result_rel] = result
    for image_rel, size in measured:
        cache.put(image_rel, size)
        problems += image_problems(image_rel, stats[image_rel].st_size, size.width)
    for rel, result in sorted(results.items()):
        report.files += 1
        problems += result.problems
        if result.entry is not None:  # with its own problems too: every problem at once
            entries[rel] = result.entry
    cache_saved = cache.save_soon()

    errors, report.notes = schedule_rules(entries.values(), now)
    problems += errors
    pending = [e.date for e in entries.values() if e.status == "scheduled" and e.date and is_future(e.date, now)]
    report.next_scheduled = min((aware(d, now.tzinfo) for d in pending), default=None)
    save_as, urls = _addresses(url_settings, entries, now)
    problems += duplicate_urls(entries.values(), save_as, columns)

    def member(entry: Entry) -> bool:
        column = columns.get(entry.column or "")
        return entry.access == "members" or (column is not None and column.access == "members")

    def published(entry: Entry) -> bool:
        return effective_status(entry, now) in ("published", "hidden")

    member_dirs = tuple(d.strip("/") for d in settings.get("MEMBERS_ONLY_STATIC_DIRS",
                                                            ("files/members", "images/members")))
    prefixes = site_prefixes(settings)
    problems += link_rules(entries, published=published, member=member, urls=urls, files=files,
                           columns=columns, member_dirs=member_dirs, site_prefixes=prefixes,
                           page_url=lambda e: _url(save_as.get(e.rel, "")))
    problems += duplicate_titles(entries.values())
    public = {rel: e for rel, e in entries.items() if published(e) and not member(e) and rel in save_as}
    problems += lock_rules(settings, root, public, save_as, files, columns)
    report.problems = sort_problems(problems)
    report.notes = sort_problems(report.notes)
    cache_saved()
    return report


def _url(save_as: str) -> str:
    return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as


def _addresses(url_settings: dict[str, Any], entries: dict[str, Entry],
               now: datetime) -> tuple[dict[str, str], dict[str, Entry]]:
    """Each entry's output path, and every URL/output path → its entry."""
    save_as: dict[str, str] = {}
    urls: dict[str, Entry] = {}
    for rel, entry in entries.items():
        status = effective_status(entry, now)
        if status == "draft":
            found = addresses(url_settings, entry, "draft")
            path, url = found.get("save_as"), found.get("url")
        else:
            path, url = entry.save_as, entry.url
        if path:
            save_as[rel] = path
            urls[path] = entry
            urls[url or path] = entry
    return save_as, urls
