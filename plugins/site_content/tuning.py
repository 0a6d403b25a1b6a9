"""Per-build shortcuts for Pelican's generators that keep their results.

- ``get_files``: Pelican walks the content tree on every call, and an
  ArticlesGenerator calls it three times per build (our prefill, reading, the
  disabled-readers check), each time matching every file name against
  IGNORE_FILES. The walk is done once per generator and (paths, excludes); the
  extension filter is applied to the kept listing. The generator lives for one
  build, so the listing never outlives it.
- ``STATIC_CHECK_IF_MODIFIED`` (static files copied only when newer): Pelican
  stats a linked static file that no longer exists and stops the build; it is
  treated as "to copy" instead, which does nothing, as without the setting.
- Pelican's file-stamp content cache (generators and ``Readers``): with
  ``CACHE_CONTENT`` off it still stats every file twice per layer
  (``get_cached_data`` and ``cache_data``) to compare against a cache that is
  always empty. Those calls become no-ops then.

Each reach into Pelican goes through ``sitekit.pelican_seam``.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from pelican.generators import Generator, StaticGenerator
from sitekit.pelican_seam import (
    disable_stamp_cache,
    own_attribute,
    pelican_source_is_newer,
    replace_get_files,
    replace_static_freshness,
)

from .snapshots import SOURCE_STAMP

Listing = list[tuple[str, str]]  # (path relative to the content root, extension)


def install(generator: Generator) -> None:
    """Give ``generator`` the cached walk and, without CACHE_CONTENT, no stamp cache."""
    generator._site_walks = {}  # type: ignore[attr-defined]
    replace_get_files(generator, get_files)
    skip_stamp_cache(generator)
    if isinstance(generator, StaticGenerator):
        replace_static_freshness(generator, _source_is_newer)


def _source_is_newer(self: StaticGenerator, staticfile: Any) -> bool:
    """Pelican's check (source modified more than 1 µs after the copy), for a
    source that may have been deleted (a linked image). The source's mtime is
    the stamp taken when the file was read in this build, when there is one."""
    stamp = own_attribute(staticfile, SOURCE_STAMP)
    if stamp is not None:
        try:
            copied = os.stat(os.path.join(self.output_path, staticfile.save_as)).st_mtime_ns
        except OSError:
            return True
        return int(stamp.rpartition(":")[2]) - copied > 1000
    if not os.path.exists(os.path.join(self.path, staticfile.source_path)):
        return True  # Pelican's copy() skips a missing source quietly
    return pelican_source_is_newer(self, staticfile)


def skip_stamp_cache(cacher: Any) -> None:
    """A generator or ``Readers`` (both Pelican file-stamp cachers): without
    CACHE_CONTENT their cache is always empty, so asking it only costs stats."""
    if not cacher.settings.get("CACHE_CONTENT"):
        disable_stamp_cache(cacher)


def get_files(self: Generator, paths: str | Iterable[str], exclude: list[str] | None = None,
              extensions: Any = None) -> set[str]:
    """Same result as ``Generator.get_files``, from one walk of the content tree per build."""
    if isinstance(paths, str):
        paths = [paths]
    key = (tuple(paths), tuple(exclude or ()))
    listing = self._site_walks.get(key)  # type: ignore[attr-defined]
    if listing is None:
        listing = self._site_walks[key] = _select(site_tree(self), key[0], key[1])  # type: ignore[attr-defined]
    if extensions is None:
        extensions = tuple(self.readers.extensions)
    if extensions is False:
        return {path for path, _ in listing}
    return {path for path, ext in listing if ext in extensions}


@dataclass
class SiteTree:
    """Every file under the content root as Pelican lists it (``./x.md``,
    ``news/2024/x.md``; links followed, IGNORE_FILES names skipped), with its
    extension, and every symbolic link met (path → target)."""

    files: Listing = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)

    def paths(self) -> list[str]:
        """The files' paths with slashes and without ``./``."""
        return [path[2:] if path.startswith("./") else path for path, _ in self.files]


def site_tree(generator: Generator) -> SiteTree:
    """The content tree, walked once per build (kept in the build's context)."""
    walks = generator.context.setdefault("SITE_CONTENT_TREES", {})
    tree = walks.get(generator.path)
    if tree is None:
        tree = walks[generator.path] = _walk(generator.path, generator.settings["IGNORE_FILES"])
    return tree


def _walk(base: str, ignore_patterns: Iterable[str]) -> SiteTree:
    """Pelican's walk (links followed, ignored folders and names skipped), once, with scandir."""
    patterns = [fnmatch.translate(os.path.normcase(p)) for p in ignore_patterns]
    matcher = re.compile("|".join(patterns)).match if patterns else None
    tree = SiteTree()
    seen: set[str] = set()

    def visit(folder: str, reldir: str, linked: bool) -> None:
        if linked:  # only a followed link can loop back
            real = os.path.realpath(folder)
            if real in seen:
                return
            seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if matcher is not None and matcher(os.path.normcase(name)) is not None:
                continue
            rel = name if reldir == "." else f"{reldir}/{name}"
            link = entry.is_symlink()
            if link:
                tree.links[rel] = os.readlink(entry.path)
            if entry.is_dir():
                visit(entry.path, rel, linked or link)
            elif entry.is_file():
                tree.files.append((os.path.join(reldir, name), os.path.splitext(name)[1][1:]))

    visit(base, ".", False)
    return tree


def _select(tree: SiteTree, paths: tuple[str, ...], exclude: tuple[str, ...]) -> Listing:
    """The files under ``paths`` (relative to the content root; "" is all) but not under ``exclude``."""
    excluded = tuple(e.strip("/") + "/" for e in exclude)
    wanted = tuple("" if not p else p.strip("/") + "/" for p in paths)
    found: Listing = []
    for path, ext in tree.files:
        rel = path[2:] if path.startswith("./") else path
        if any(rel.startswith(w) or rel == w.rstrip("/") for w in wanted) and not rel.startswith(excluded):
            found.append((path, ext))
    return found
