"""Per-file checks of a content header: each returns the problems it finds."""

from __future__ import annotations

import os
import re
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .attachments import split_paths
from sitekit.dates import is_future, minute, parse_date
from .header import Header, header_slips
from .keys import ALL_KEYS, ITEM_KEYS, display, normal_value, suggest
from .problems import Problem

if TYPE_CHECKING:
    from .columns import Column

#: File names become URLs: lower-case ASCII letters, digits, '-' and '_'.
STEM_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
RESERVED_STEMS = {"index", "page"}
ARTICLE_STATUSES = ("published", "draft", "scheduled")
PAGE_STATUSES = ("published", "draft", "hidden")
YEAR_FOLDER = re.compile(r"^(?:19|20)\d\d$")
ACCESS_VALUES = ("public", "members")
DATE_LABELS = {"date": "日期", "modified": "修改日期"}


def parse_access(value: str | None) -> str | None:
    """``public``/``members`` from an ``Access`` value as written (any case or
    width, spaces around); None when it is empty or anything else."""
    if value is None:
        return "public"
    found = normal_value(value)
    return found if found in ACCESS_VALUES else None


def check_header_lines(header: Header, rel_path: str, known: frozenset[str] = ALL_KEYS,
                       allowed: frozenset[str] = ITEM_KEYS) -> list[Problem]:
    """Slipped key lines (``Access：members``…) and unknown keys (``Summray``)."""
    problems = [
        Problem.of(rel_path, slip.line, slip.kind, text=slip.text, key=display(slip.key),
                   fixed=slip.fixed, blank=slip.blank or "")
        for slip in header_slips(header, known)
    ]
    for key, found in header.fields.items():
        if key not in allowed:
            problems.append(Problem.of(rel_path, found.line, "unknown_key", key=display(key),
                                       suggestion=suggest(key, allowed) or ""))
    return problems


def check_file(
    header: Header,
    rel_path: str,
    *,
    is_page: bool,
    columns: dict[str, "Column"],
    content_root: Path,
    item_keys: frozenset[str] = ITEM_KEYS,
) -> list[Problem]:
    """All problems of one file's header (empty when the file is fine)."""
    problems = check_header_lines(header, rel_path, ALL_KEYS | item_keys, item_keys)

    def report(at: str | None, code: str, /, **params: object) -> None:
        """A problem at the line of the field ``at`` (None: the first line)."""
        problems.append(Problem.of(rel_path, header.line(at) if at else 1, code, **params))

    if not header.get("title"):
        report(None, "no_title")
    if header.get("date") is None and not is_page:
        report(None, "no_date")
    date = None
    for key in ("date", "modified"):
        value = header.get(key)
        parsed = parse_date(value) if value is not None else None
        if value is not None and parsed is None:
            report(key, "bad_date", key=display(key), label=DATE_LABELS[key], value=value)
        if key == "date":
            date = parsed
    folders = rel_path.split("/")[:-1]
    years = [index for index, part in enumerate(folders) if YEAR_FOLDER.match(part)]
    if date is not None and not is_page and years and folders[years[-1]] != f"{date.year:04d}":
        fixed = list(folders)
        fixed[years[-1]] = f"{date.year:04d}"
        report("date", "year_mismatch", folder=folders[years[-1]], year=date.year, column=folders[0],
               folder_fix="content/" + "/".join(fixed) + "/")

    slug = header.get("slug")
    stem = os.path.splitext(rel_path.rsplit("/", 1)[-1])[0]
    if slug is not None and not STEM_PATTERN.match(slug):
        report("slug", "bad_slug", value=slug)
    elif slug is None and (not STEM_PATTERN.match(stem) or stem in RESERVED_STEMS):
        report(None, "bad_file_name", stem=stem)

    allowed = PAGE_STATUSES if is_page else ARTICLE_STATUSES
    status = header.get("status")
    if status is not None and normal_value(status) not in allowed:
        report("status", "bad_status", value=status, allowed=", ".join(allowed))
    elif status is not None and normal_value(status) == "scheduled" and header.get("date") is None:
        report("status", "scheduled_without_date")
    access = header.get("access")
    if access is not None and not access.strip():
        report("access", "empty_access")
    elif parse_access(access) is None:
        report("access", "bad_access", value=access)

    if not is_page:
        top = rel_path.split("/", 1)[0]
        if "/" not in rel_path:
            first = next(iter(columns), "news")
            report(None, "outside_column", example=f"{first}/{datetime.now().year}/{rel_path}")
        elif top not in columns:
            report(None, "unknown_column", top=top, known=", ".join(columns) or "-")

    attachments = header.get("attachments")
    if attachments:
        for path in split_paths(attachments):
            if ".." in PurePosixPath(path).parts or not (content_root / path).is_file():
                report("attachments", "missing_attachment", path=path)
    return problems


def check_schedule(header: Header, rel_path: str, now: datetime) -> tuple[str | None, list[Problem]]:
    """The status a file has now, and the problem of a future ``Date`` that is
    not ``Status: scheduled``. ``scheduled`` becomes ``draft`` until its time,
    then ``published``. Depends on the clock, so it is never cached."""
    status = normal_value(header.get("status") or "published")
    date = parse_date(header.get("date") or "")
    if date is None:
        return status, []
    if status == "scheduled":
        return ("draft" if is_future(date, now) else "published"), []
    if status == "published" and is_future(date, now):
        return status, [Problem.of(rel_path, header.line("date"), "future_date", date=minute(date))]
    return status, []
