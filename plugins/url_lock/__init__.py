"""Pelican plugin: published URLs and feed GUIDs never change.

A public build checks every URL in ``content/data/published.lock`` (written by
``make publish``) against what it produces: a locked URL that no file produces
any more stops the build unless ``content/data/redirects.yml`` sends it
somewhere (or says ``gone``), and a locked URL whose GUID changed stops it too.
A redirected item keeps its old feed GUID. Each redirect is written as a static
page at the old address (meta refresh and canonical link, so any static host
works); ``scripts/make_nginx_conf.py`` turns the same file into ``return 301``
(``gone``: 410). See README.md.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator
from sitekit.plugins import listed
from sitekit.settings import load_options, members_area_build

from site_content.problems import ContentError
from site_feeds.build import guid_of
from site_feeds.settings import load as feed_settings

from .lock import GONE, read_lock, read_redirects
from .rules import Published, carried_guids, lock_problems

PUBLIC_URLS = "public-urls-{output}.tsv"  # this build's public URLs, for scripts/lock_urls.py


@dataclass(frozen=True)
class LockSettings:
    """``URL_LOCK`` in the settings overrides these (paths relative to PATH)."""

    lock: str = "data/published.lock"
    redirects: str = "data/redirects.yml"

    @classmethod
    def of(cls, settings: dict[str, Any]) -> "LockSettings":
        return load_options(cls, settings, "URL_LOCK", "url_lock")


def public_mode(settings: dict[str, Any]) -> bool:
    return not members_area_build(settings)


def published(context: dict[str, Any], settings: dict[str, Any]) -> dict[str, Published]:
    """The public URLs this build writes: articles (with their GUIDs) and pages."""
    options = feed_settings(settings)
    current: dict[str, Published] = {}
    for article in context.get("articles", []):
        explicit = article.metadata.get("guid")
        current["/" + article.url] = Published("/" + article.url, guid_of(article.url, explicit, options),
                                               article.relative_source_path.replace("\\", "/"), bool(explicit),
                                               article.source_path)
    for page in [*context.get("pages", []), *context.get("hidden_pages", [])]:
        if page.save_as:
            current["/" + page.url] = Published("/" + page.url, "-", page.relative_source_path.replace("\\", "/"))
    return current


GENERATED_FOLDERS = ("members", "feeds", "search", "stats", "theme")
_COLUMN_PAGE = re.compile(r"^(?:(?:19|20)\d\d/|page/\d+/)?(?:index\.html)?$")


def generated(url: str, columns: dict[str, Any]) -> bool:
    """URLs other generators make: home, column, archive and year pages, member
    pages, feeds, search, statistics."""
    first, _, rest = url.lstrip("/").partition("/")
    if url == "/" or first in GENERATED_FOLDERS:
        return True
    return first in columns and _COLUMN_PAGE.match(rest) is not None


def _output_tag(settings: dict[str, Any]) -> str:
    return hashlib.blake2b(os.path.abspath(settings["OUTPUT_PATH"]).encode(), digest_size=4).hexdigest()


def check(generators: list[Generator]) -> None:
    """Stop on a dropped locked URL or a changed GUID; carry GUIDs over redirects."""
    if not generators or not listed(generators[0].settings, __name__) or not public_mode(generators[0].settings):
        return
    context, settings = generators[0].context, generators[0].settings
    options = LockSettings.of(settings)
    root = Path(settings["PATH"])
    lock = read_lock(root / options.lock)
    redirects, lines, problems = read_redirects(root / options.redirects, options.redirects)
    current = published(context, settings)
    static = context.get("static_content", {})

    def exists(url: str) -> bool:
        return url in current or url.lstrip("/") in static or generated(url, context.get("COLUMNS", {}))

    problems += lock_problems(lock, redirects, lines, current, exists, options.redirects)
    if problems:
        raise ContentError(problems)
    carried = carried_guids(lock, redirects, current)
    if carried:
        for article in context.get("articles", []):
            if "/" + article.url in carried:
                article.metadata["guid"] = carried["/" + article.url]
                current["/" + article.url] = Published("/" + article.url, carried["/" + article.url],
                                                       current["/" + article.url].source)
    context["URL_REDIRECTS"] = redirects
    record = Path(settings["CACHE_PATH"]) / PUBLIC_URLS.format(output=_output_tag(settings))
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text("".join(f"{p.url}\t{p.guid}\t{p.source}\n" for _, p in sorted(current.items())),
                      encoding="utf-8")


def save_as(url: str) -> str:
    """Where the page for an old URL goes: ``/a/b.html`` → ``a/b.html``, ``/a/`` → ``a/index.html``."""
    path = url.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


class RedirectPages(Generator):
    """Writes a small page at each redirected URL (meta refresh, canonical link)."""

    def generate_context(self) -> None:
        return None

    def generate_output(self, writer: Any) -> None:
        redirects = self.context.get("URL_REDIRECTS") or {}
        if not redirects:
            return
        template = self.get_template("redirect")
        for old, new in sorted(redirects.items()):
            target = None if new == GONE else new
            writer.write_file(save_as(old), template, self.context, old_url=old, target=target,
                              target_is_external=bool(target and target.startswith("http")))


def get_generators(pelican: Any) -> type[Generator] | None:
    return RedirectPages if listed(pelican.settings, __name__) and public_mode(pelican.settings) else None


def register() -> None:
    signals.all_generators_finalized.connect(check)
    signals.get_generators.connect(get_generators)
