"""Pelican plugin: RSS 2.0 and Atom feeds made with feedgen.

One feed pair for the whole site, one per column, and one per extra source
another plugin offers in the context list ``FEED_SOURCES_EXTRA``. Templates get
``FEEDS`` (all sources), ``FEEDS_BY_KEY`` and ``FEED_GROUPS`` for the 订阅 page
and the ``<link rel="alternate">`` tags. See README.md.
"""

from __future__ import annotations

import hashlib
import json
import os
from itertools import groupby
from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from sitekit.files import write_if_changed
from sitekit.plugins import listed
from sitekit.settings import members_area_build

from . import settings as feed_settings
from .build import build_feed, feed_key, select_items, with_stylesheet
from .model import FeedSource

FORMATS = ("rss", "atom")
STATE_FILE = "site-feeds-{output}.json"  # one per output folder


def collect_sources(context: dict, site_name: str) -> list[FeedSource]:
    """The site feed, a feed per column, then the extra sources, in that order.

    A member-only column (``Access: members``) has no feed in the public build:
    it would always be empty there. The members-area build keeps its feeds.
    """
    sources = [
        FeedSource("all", site_name, f"{site_name}各栏目的最新内容", "", context.get("articles", []), "全站")
    ]
    members_area = members_area_build(context)
    for slug, column in context.get("COLUMNS", {}).items():
        if getattr(column, "access", "public") == "members" and not members_area:
            continue
        articles = context.get("COLUMN_ARTICLES", {}).get(slug, [])
        sources.append(FeedSource(slug, column.title, column.description, column.url, articles, column.section))
    for extra in context.get("FEED_SOURCES_EXTRA", []):
        sources.append(FeedSource(**extra))
    return sources


class FeedsGenerator(Generator):
    """Puts the feed list in the context, then writes every feed."""

    def generate_context(self) -> None:
        self.options = feed_settings.load(self.settings)
        sources = collect_sources(self.context, self.settings["SITENAME"])
        self.context["FEEDS"] = sources
        self.context["FEEDS_BY_KEY"] = {source.key: source for source in sources}
        self.context["FEED_GROUPS"] = [
            (group, list(items)) for group, items in groupby(sources, key=lambda s: s.group)
        ]

    def generate_output(self, writer: object) -> None:
        """Write every feed; a feed whose inputs are unchanged and whose files exist is skipped."""
        origin = self.settings.get("SITEURL") or self.settings.get("SITE_ORIGIN", "")
        if not origin.startswith(("http://", "https://")):
            origin = self.settings["SITE_ORIGIN"]
        site_name = self.settings["SITENAME"]
        tag = hashlib.blake2b(os.path.abspath(self.output_path).encode(), digest_size=4).hexdigest()
        state_path = Path(self.settings["CACHE_PATH"]) / STATE_FILE.format(output=tag)
        previous = _load_state(state_path, self.output_path)
        current: dict[str, str] = {}
        for source in self.context["FEEDS"]:
            items = select_items(source, self.options)
            key = feed_key(source, items, origin, site_name, self.options)
            current[source.key] = key
            paths = [os.path.join(self.output_path, p) for p in (source.rss_path, source.atom_path)]
            if previous.get(source.key) == key and all(os.path.exists(p) for p in paths):
                continue
            for fmt, path in zip(FORMATS, paths):
                feed = build_feed(source, items, fmt, origin, site_name, self.options)
                write_if_changed(path, with_stylesheet(feed, self.options.stylesheet, origin))
        state_path.parent.mkdir(parents=True, exist_ok=True)
        state = {"output": os.path.abspath(self.output_path), "feeds": current}
        state_path.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")


def _load_state(path: Path, output_path: str) -> dict[str, str]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state.get("feeds", {}) if state.get("output") == os.path.abspath(output_path) else {}


def get_generators(pelican: object) -> type[Generator] | None:
    return FeedsGenerator if listed(pelican.settings, __name__) else None


def register() -> None:
    signals.get_generators.connect(get_generators)
