"""Pelican plugin: a deterministic sitemap.xml (sitemaps.org 0.9).

Lists the home page, published articles and pages, column front pages, year
archives and member pages. ``lastmod`` comes from content dates (an article's
``Modified``/``Date``, a list page's newest item), never from the build time, so
an unchanged site gives a byte-identical file. Drafts, hidden pages and
member-only items (``Access: members``) are left out.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any, Iterable
from xml.sax.saxutils import escape

from pelican import signals
from pelican.generators import Generator
from sitekit.files import write_if_changed
from sitekit.pelican_seam import own_attribute
from sitekit.plugins import listed

SITEMAP_FILE = "sitemap.xml"


def _changed(content: Any) -> datetime:
    """When a content item last changed: ``Modified`` when given, else ``Date``."""
    return own_attribute(content, "modified") or content.date


def _lastmod(items: Iterable[Any]) -> datetime | None:
    return max((_changed(a) for a in items), default=None)


def _public(content: Any) -> bool:
    return str(content.metadata.get("access", "public")).lower() != "members"


def sitemap_entries(context: dict[str, Any]) -> list[tuple[str, datetime | None]]:
    """(site-relative URL, lastmod) pairs, sorted by URL."""
    entries: dict[str, datetime | None] = {"": None}
    for article in context.get("articles", []):
        if _public(article):
            entries[article.url] = changed = _changed(article)
            if entries[""] is None or changed > entries[""]:
                entries[""] = changed
    for page in context.get("pages", []):
        if _public(page):
            entries[page.url] = own_attribute(page, "modified") or getattr(page, "date", None)
    for slug, column in context.get("COLUMNS", {}).items():
        newest: dict[int, datetime] = {}  # year → newest change in that year's archive
        for article in context.get("COLUMN_ARTICLES", {}).get(slug, []):
            if _public(article):
                changed, year = _changed(article), article.date.year
                if year not in newest or changed > newest[year]:
                    newest[year] = changed
        entries[column.url] = max(newest.values(), default=None)
        for year in sorted(newest):
            entries[f"{column.url}{year}/"] = newest[year]
    for member in context.get("MEMBERS", []):
        items = context.get("MEMBER_ARTICLES", {}).get(member.id, [])
        entries[f"members/{member.id}/"] = _lastmod(items)
    # Pages other plugins write (e.g. site_stats: "stats/" → newest item's date).
    entries.update(context.get("SITEMAP_EXTRA", {}))
    return sorted(entries.items())


def render_sitemap(entries: list[tuple[str, datetime | None]], origin: str) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, lastmod in entries:
        lines.append(f"<url><loc>{escape(origin.rstrip('/') + '/' + url)}</loc>"
                     + (f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else "") + "</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


class SitemapGenerator(Generator):
    """Writes sitemap.xml after every other generator has filled the context."""

    def generate_output(self, writer: Any) -> None:
        origin = self.settings.get("SITEURL") or ""
        if not origin.startswith(("http://", "https://")):
            origin = self.settings.get("SITE_ORIGIN", "")
        data = render_sitemap(sitemap_entries(self.context), origin)
        write_if_changed(os.path.join(self.output_path, SITEMAP_FILE), data)


def get_generators(pelican: Any) -> type[Generator] | None:
    return SitemapGenerator if listed(pelican.settings, __name__) else None


def register() -> None:
    signals.get_generators.connect(get_generators)
