"""Build one feed with feedgen, in either format, deterministically.

Rules kept here (RSS 2.0 spec, RFC 4287 Atom, RFC 4151 tag URIs):
- an item's GUID/id never changes: the article's ``Guid:`` field, else
  ``tag:<authority>,<date>:/<article URL>``; not derived from the title;
- every date carries its offset (+08:00 for Asia/Shanghai);
- the feed's update time is the newest item's, never the build time, so an
  unchanged site gives byte-identical feeds;
- items newest first (feedgen prepends by default, so entries are appended);
- links and image sources in content are absolute;
- Atom may carry several ``rel="enclosure"`` links per entry; RSS 2.0 allows at
  most one ``<enclosure>`` per item, so RSS carries the first attachment as
  enclosure and the content lists them all.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from typing import Any
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator
from sitekit.links import mentions_links, resolved_links

from .model import FeedSource
from .settings import FeedSettings

_URL_ATTR = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def absolutize(html: str, base_url: str) -> str:
    """Resolve every href/src in ``html`` against ``base_url``."""
    return _URL_ATTR.sub(lambda m: m.group(1) + urljoin(base_url, m.group(2)) + m.group(3), html)


def guid(article: object, options: FeedSettings) -> str:
    """The item's permanent id: explicit ``Guid:`` metadata, else a tag: URI of its URL."""
    return guid_of(article.url, article.metadata.get("guid"), options)


def guid_of(url: str, explicit: object, options: FeedSettings) -> str:
    """``explicit`` when given, else the tag: URI (RFC 4151) of ``url`` (root-relative)."""
    if explicit:
        return str(explicit).strip()
    return f"tag:{options.tag_authority},{options.tag_date}:/{url.lstrip('/')}"


def updated(article: object) -> datetime:
    return getattr(article, "modified", None) or article.date


def select_items(source: FeedSource, options: FeedSettings) -> list:
    """The feed's items: newest first (ties by URL), at most ``max_items``."""
    return heapq.nlargest(options.max_items, source.articles, key=lambda a: (a.date, a.url))  # = sorted(…)[:n]


def feed_key(source: FeedSource, items: list, origin: str, site_name: str, options: FeedSettings) -> str:
    """Hash of everything the feed's bytes are made of (to skip rebuilding it)."""
    digest = hashlib.blake2b(repr((options, origin, site_name, source.key, source.title,
                                   source.description, source.page_url)).encode(), digest_size=16)
    for article in items:
        column = getattr(article, "column", None)
        digest.update(repr((article.metadata.get("source_key"), article.url, article.date.isoformat(),
                            updated(article).isoformat(), column, article.metadata.get("attachments"),
                            resolved_links(article) if mentions_links(article) else None)).encode())
    return digest.hexdigest()


def with_stylesheet(feed: bytes, stylesheet: str, origin: str) -> bytes:
    """``feed`` with an ``<?xml-stylesheet?>`` instruction after its XML declaration.

    Browsers then show the feed through the XSL stylesheet as a readable page;
    feed readers ignore the instruction, and nothing else in the feed changes
    (GUIDs included). The href is root-relative (the path of ``origin`` kept,
    e.g. /members-area/): browsers load XSL only from the feed's own origin.
    """
    if not stylesheet:
        return feed
    href = urlsplit(origin).path.rstrip("/") + "/" + stylesheet.lstrip("/")
    declaration, newline, rest = feed.partition(b"\n")
    if not declaration.startswith(b"<?xml "):
        declaration, newline, rest = b"", b"", feed
    instruction = f'<?xml-stylesheet type="text/xsl" href="{href}"?>\n'.encode("ascii")
    return declaration + newline + instruction + rest


def build_feed(source: FeedSource, items: list, fmt: str, origin: str, site_name: str,
               options: FeedSettings) -> bytes:
    """Serialise ``items`` of ``source`` as ``fmt`` ("rss" or "atom")."""
    origin = origin.rstrip("/") + "/"
    fg = FeedGenerator()
    feed_url = urljoin(origin, source.atom_path if fmt == "atom" else source.rss_path)
    fg.id(urljoin(origin, source.page_url))
    fg.title(source.title if source.key == "all" else f"{site_name} · {source.title}")
    fg.description(source.description or site_name)
    fg.subtitle(source.description or site_name)
    fg.language("zh-CN")
    # feedgen uses the last link given as the RSS channel <link>: the page, not the feed.
    fg.link(href=feed_url, rel="self")
    fg.link(href=urljoin(origin, source.page_url), rel="alternate")
    newest = max((updated(a) for a in items), default=datetime.fromisoformat(options.empty_updated))
    fg.updated(newest)
    fg.lastBuildDate(newest)
    for article in items:
        fg.add_entry(_entry(article, origin, options, fmt), order="append")
    return fg.atom_str(pretty=True) if fmt == "atom" else fg.rss_str(pretty=True)


class _Entry(FeedEntry):
    """FeedEntry whose Atom links keep rel/type/length.

    feedgen 1.0.0 writes an entry's ``<link>`` with ``href`` only (a shadowed
    variable drops the other attributes), which would turn enclosures into
    alternate links. The attributes are restored from the entry's link list.
    """

    def atom_entry(self, extensions: bool = True) -> object:
        element = super().atom_entry(extensions)
        written = [child for child in element if str(child.tag).endswith("link")]
        for child, link in zip(written, self.link() or []):
            for key in ("rel", "type", "hreflang", "title", "length"):
                if link.get(key):
                    child.set(key, str(link[key]))
        return element


def _entry(article: object, origin: str, options: FeedSettings, fmt: str) -> FeedEntry:
    link = urljoin(origin, article.url)
    entry = _Entry()
    entry.id(guid(article, options))
    entry.guid(guid(article, options), permalink=False)
    entry.title(article.title)
    entry.link(href=link, rel="alternate")
    entry.published(article.date)
    entry.updated(updated(article))
    entry.summary(absolutize(article.summary, link), type="html")
    entry.content(absolutize(article.content, link), type="CDATA" if fmt == "rss" else "html")
    column = getattr(article, "column", None)
    if column is not None:
        entry.category(term=column.slug, label=column.title)
    author = article.metadata.get("source") or getattr(getattr(article, "author", None), "name", None)
    if author:
        entry.author(name=str(author))
    for index, attachment in enumerate(article.metadata.get("attachments", ())):
        url = urljoin(origin, attachment.path)
        if fmt == "atom":
            entry.link(href=url, rel="enclosure", type=attachment.mime, length=str(attachment.size))
        elif index == 0:
            entry.enclosure(url, str(attachment.size), attachment.mime)
    return entry
