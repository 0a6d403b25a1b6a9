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
"""

from __future__ import annotations

import fnmatch
import os
import re
from types import MethodType
from typing import Any, Iterable

from pelican.generators import Generator, StaticGenerator

Listing = list[tuple[str, str]]  # (path relative to the content root, extension)


def install(generator: Generator) -> None:
    """Give ``generator`` the cached walk and, without CACHE_CONTENT, no stamp cache."""
    generator._site_walks = {}  # type: ignore[attr-defined]
    generator.get_files = MethodType(get_files, generator)  # type: ignore[method-assign]
    skip_stamp_cache(generator)
    if isinstance(generator, StaticGenerator):
        generator._source_is_newer = MethodType(_source_is_newer, generator)  # type: ignore[method-assign]


def _source_is_newer(self: StaticGenerator, staticfile: Any) -> bool:
    """Pelican's check, for a source that may have been deleted (a linked image)."""
    if not os.path.exists(os.path.join(self.path, staticfile.source_path)):
        return True  # Pelican's copy() skips a missing source quietly
    return StaticGenerator._source_is_newer(self, staticfile)


def skip_stamp_cache(cacher: Any) -> None:
    """A generator or ``Readers`` (both Pelican file-stamp cachers): without
    CACHE_CONTENT their cache is always empty, so asking it only costs stats."""
    if not cacher.settings.get("CACHE_CONTENT") and hasattr(cacher, "get_cached_data"):
        cacher.get_cached_data = _nothing_cached
        cacher.cache_data = _cache_nothing


def get_files(self: Generator, paths: str | Iterable[str], exclude: list[str] | None = None,
              extensions: Any = None) -> set[str]:
    """Same result as ``Generator.get_files``, walking each tree once per build."""
    if isinstance(paths, str):
        paths = [paths]
    key = (tuple(paths), tuple(exclude or ()))
    listing = self._site_walks.get(key)  # type: ignore[attr-defined]
    if listing is None:
        listing = self._site_walks[key] = _walk(self, key[0], key[1])  # type: ignore[attr-defined]
    if extensions is None:
        extensions = tuple(self.readers.extensions)
    if extensions is False:
        return {path for path, _ in listing}
    return {path for path, ext in listing if ext in extensions}


def _walk(generator: Generator, paths: tuple[str, ...], exclude: tuple[str, ...]) -> Listing:
    """Pelican's walk (followed links, pruned excludes and ignored folders, ignored names dropped)."""
    patterns = [fnmatch.translate(os.path.normcase(p)) for p in generator.settings["IGNORE_FILES"]]
    matcher = re.compile("|".join(patterns)).match if patterns else None

    def ignored(name: str) -> bool:  # fnmatch.fnmatch against each pattern, at once
        return matcher is not None and matcher(os.path.normcase(name)) is not None

    exclusions: dict[str, set[str]] = {}
    for excluded in exclude:
        parent, subdir = os.path.split(os.path.join(generator.path, excluded))
        exclusions.setdefault(parent, set()).add(subdir)
    found: Listing = []
    for path in paths:
        root = os.path.join(generator.path, path) if path else generator.path
        if os.path.isdir(root):
            for dirpath, dirs, files in os.walk(root, topdown=True, followlinks=True):
                excluded_here = exclusions.get(dirpath, ())
                dirs[:] = [d for d in dirs if d not in excluded_here and not ignored(d)]
                reldir = os.path.relpath(dirpath, generator.path)
                found.extend(
                    (os.path.join(reldir, name), os.path.splitext(name)[1][1:])
                    for name in files if not ignored(name)
                )
        elif os.path.exists(root) and not ignored(os.path.basename(path)):
            found.append((path, os.path.splitext(os.path.basename(path))[1][1:]))
    return found


def _nothing_cached(filename: str, default: Any = None) -> Any:
    return default


def _cache_nothing(filename: str, data: Any) -> None:
    return None
