"""Each content file read once for the content check: its problems and what
the site-wide rules need to know of it (an ``Entry``), kept between runs while
the file's size and mtime are unchanged."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple
from site_content.attachments import split_paths
from site_content.checks import check_file, parse_access
from site_content.columns import Column
from sitekit.dates import parse_date
from site_content.header import parse_header
from site_content.keys import normal_value
from site_content.links import source_refs
from site_content.problems import Problem
from site_content.reader import decode, not_utf8
from sitekit.urls import article_urls, page_urls, slug_of


class Entry(NamedTuple):
    """What the site-wide rules know of one article or page (a named tuple:
    20,000 of them load from the check's cache several times faster)."""

    rel: str
    source_path: str
    is_page: bool
    title: str
    date: datetime | None
    status: str  # as written: published, draft, scheduled, hidden
    access: str  # the file's own: public or members
    slug: str
    guid: str | None  # an explicit Guid:
    refs: tuple[tuple[str, int | None], ...]  # local links and their lines
    attachments: tuple[str, ...] = ()
    attachments_line: int = 1
    date_line: int = 1
    save_as_override: str | None = None
    url_override: str | None = None
    url: str | None = None  # as published (``status`` published, or hidden for a page)
    save_as: str | None = None

    @property
    def column(self) -> str | None:
        return None if self.is_page else self.rel.split("/", 1)[0]


class FileResult(NamedTuple):
    stamp: str
    entry: Entry | None
    problems: tuple[Problem, ...]


#: The settings that shape URLs (all a worker process needs of them).
URL_SETTINGS = ("ARTICLE_URL", "ARTICLE_SAVE_AS", "DRAFT_URL", "DRAFT_SAVE_AS", "PAGE_URL", "PAGE_SAVE_AS",
                "DRAFT_PAGE_URL", "DRAFT_PAGE_SAVE_AS", "DEFAULT_LANG")


def addresses(url_settings: dict[str, Any], entry: Entry, status: str) -> dict[str, str]:
    """``url`` and ``save_as`` of ``entry`` when its status is ``status``."""
    metadata: dict[str, Any] = {"slug": entry.slug, "status": status}
    if entry.is_page:
        metadata.update({k: v for k, v in (("save_as", entry.save_as_override), ("url", entry.url_override)) if v})
        return page_urls(url_settings, entry.rel, metadata)
    if entry.date is None:
        return {}
    metadata["date"] = entry.date
    return article_urls(url_settings, entry.rel, entry.column or "", metadata)


def read_entry(root: Path, rel: str, stamp: str, *, is_page: bool, columns: dict[str, Column],
               keys: frozenset[str], url_settings: dict[str, Any]) -> FileResult:
    """Check one file as the reader does and describe it for the site-wide rules."""
    path = os.path.join(root, rel)
    with open(path, "rb") as source:
        raw = source.read()
    try:
        text = decode(raw)
    except UnicodeDecodeError as error:
        return FileResult(stamp, None, (not_utf8(rel, raw, error),))
    header = parse_header(text)
    problems = check_file(header, rel, is_page=is_page, columns=columns, content_root=root, item_keys=keys)
    date_text = header.get("date")
    refs = source_refs(header.body, header.body_line)
    entry = Entry(
        rel=rel,
        source_path=path,
        is_page=is_page,
        title=header.get("title") or "",
        date=parse_date(date_text) if date_text else None,
        status=normal_value(header.get("status") or "published"),
        access=parse_access(header.get("access")) or "members",  # unreadable: treated as members (fail closed)
        slug=slug_of(rel, {"slug": header.get("slug")}),
        guid=header.get("guid") or None,
        refs=refs,
        attachments=tuple(split_paths(header.get("attachments") or "")),
        attachments_line=header.line("attachments"),
        date_line=header.line("date"),
        save_as_override=header.get("save_as"),
        url_override=header.get("url"),
    )
    published = addresses(url_settings, entry, "published")
    entry = entry._replace(url=published.get("url"), save_as=published.get("save_as"))
    return FileResult(stamp, entry, tuple(problems))


def is_source(rel: str, page_paths: tuple[str, ...], attachment_dirs: set[str]) -> tuple[bool, bool]:
    """(read as content, is a page) for a Markdown file at ``rel``."""
    top = rel.split("/", 1)[0]
    if top in attachment_dirs or rel.endswith("/_index.md") or rel == "_index.md" or "/." in rel or rel[0] == ".":
        return False, False
    return True, any(rel == base or rel.startswith(base + "/") for base in page_paths)
