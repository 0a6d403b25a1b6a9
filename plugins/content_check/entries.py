"""Each content file read once for the content check: its problems and what
the site-wide rules need to know of it (an ``Entry``), kept between runs while
the file's size and mtime are unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from site_content.attachments import split_paths
from site_content.checks import check_file, parse_access
from site_content.columns import Column
from site_content.dates import parse_date
from site_content.header import parse_header
from site_content.keys import normal_value
from site_content.links import source_refs
from site_content.problems import Problem
from site_content.reader import decode, not_utf8
from site_content.urls import slug_of


@dataclass(frozen=True)
class Entry:
    """What the site-wide rules know of one article or page."""

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

    @property
    def column(self) -> str | None:
        return None if self.is_page else self.rel.split("/", 1)[0]


@dataclass(frozen=True)
class FileResult:
    stamp: str
    entry: Entry | None
    problems: tuple[Problem, ...]


def read_entry(root: Path, rel: str, stamp: str, *, is_page: bool, columns: dict[str, Column],
               keys: frozenset[str]) -> FileResult:
    """Check one file as the reader does and describe it for the site-wide rules."""
    path = root / rel
    raw = path.read_bytes()
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
        source_path=str(path),
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
    return FileResult(stamp, entry, tuple(problems))


def is_source(rel: str, settings: dict[str, Any], attachment_dirs: set[str]) -> tuple[bool, bool]:
    """(read as content, is a page) for a Markdown file at ``rel``."""
    parts = PurePosixPath(rel).parts
    if not parts or parts[0] in attachment_dirs or PurePosixPath(rel).name == "_index.md":
        return False, False
    if any(p.startswith(".") for p in parts):
        return False, False
    pages = any(rel == base or rel.startswith(base.rstrip("/") + "/") for base in settings["PAGE_PATHS"])
    return True, pages
