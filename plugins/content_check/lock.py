"""The url_lock rules, from entries instead of a build's articles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from site_content.problems import Problem
from site_feeds.build import guid_of
from site_feeds.settings import load as feed_settings
from url_lock import LockSettings, generated
from url_lock.lock import read_lock, read_redirects
from url_lock.rules import Published, lock_problems

from .entries import Entry


def lock_rules(settings: dict[str, Any], root: Path, public: dict[str, Entry], save_as: dict[str, str],
               files: set[str], columns: dict[str, Any]) -> list[Problem]:
    """Locked URLs still produced (or redirected), GUIDs unchanged, redirects sound."""
    options = LockSettings.of(settings)
    lock = read_lock(root / options.lock)
    redirects, lines, problems = read_redirects(root / options.redirects, options.redirects)
    if not lock and not redirects:
        return problems
    feeds = feed_settings(settings)
    current: dict[str, Published] = {}
    for rel, entry in public.items():
        path = save_as[rel]
        url = "/" + (path[: -len("index.html")] if path.endswith("index.html") else path)
        guid = "-" if entry.is_page else guid_of(url, entry.guid, feeds)
        current[url] = Published(url, guid, rel, bool(entry.guid), entry.source_path)

    def exists(url: str) -> bool:
        return url in current or url.lstrip("/") in files or generated(url, columns)

    return problems + lock_problems(lock, redirects, lines, current, exists, options.redirects)
