"""``site-data.json``: what the editor's own scripts need besides Decap's config.

The header keys' spelling (``Project_no``) and list-type keys for the format,
each column's title and access, and the file names a new article may not take
because their URL is public or was: published articles of this build, the URL
lock (``content/data/published.lock``) and the redirects. Only public URLs are
listed (the editor page is public; a draft's or a member-only item's name is not).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

from site_content.archetypes import Archetypes
from site_content.columns import Column
from url_lock import LockSettings
from url_lock.lock import read_lock, read_redirects

from .config import template_keys

ARTICLE_URL = re.compile(r"^/?(?P<column>[^/]+)/(?P<year>\d{4})/(?P<name>[^/]+)\.html$")


def public_urls(settings: dict[str, Any], articles: Iterable[Any]) -> set[str]:
    """URLs that are public now or were: this build's articles, the lock, the redirects."""
    options = LockSettings.of(settings)
    root = Path(settings["PATH"])
    urls = {"/" + a.url for a in articles}
    urls |= set(read_lock(root / options.lock))
    urls |= set(read_redirects(root / options.redirects, options.redirects)[0])
    return urls


def taken_names(urls: Iterable[str], columns: dict[str, Column]) -> dict[str, dict[str, list[str]]]:
    """Column → year → file names whose URL is taken."""
    taken: dict[str, dict[str, set[str]]] = {}
    for url in urls:
        match = ARTICLE_URL.match(url)
        if match and match["column"] in columns:
            taken.setdefault(match["column"], {}).setdefault(match["year"], set()).add(match["name"])
    return {column: {year: sorted(names) for year, names in sorted(years.items())}
            for column, years in sorted(taken.items())}


def site_data(columns: dict[str, Column], archetypes: Archetypes, taken: dict[str, dict[str, list[str]]],
              site_root: str, css: str) -> dict[str, Any]:
    keys, lists = template_keys(archetypes)
    return {
        "keys": keys,
        "lists": lists,
        "siteRoot": site_root,
        "css": css,
        "columns": {slug: {"title": column.title, "members": column.access == "members",
                           "taken": taken.get(slug, {})}
                    for slug, column in columns.items()},
    }
