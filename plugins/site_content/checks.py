"""Per-file checks of a content header: each returns the problems it finds."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path, PurePosixPath

from pelican.utils import get_date

from .attachments import split_paths
from .columns import Column
from .header import Header
from .problems import Problem

#: File names become URLs: lower-case ASCII letters, digits, '-' and '_'.
STEM_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
RESERVED_STEMS = {"index", "page"}
ARTICLE_STATUSES = {"published", "draft"}
PAGE_STATUSES = {"published", "draft", "hidden"}
ACCESS_VALUES = {"public", "members"}


def _iso_date(value: str) -> bool:
    """True for the ISO-like dates editors and the importer write (fast path)."""
    try:
        datetime.fromisoformat(value.strip().replace("/", "-"))
    except ValueError:
        return False
    return True


def check_file(
    header: Header,
    rel_path: str,
    *,
    is_page: bool,
    columns: dict[str, Column],
    content_root: Path,
) -> list[Problem]:
    """All problems of one file's header (empty when the file is fine)."""
    problems: list[Problem] = []

    def report(key: str | None, message: str) -> None:
        problems.append(Problem(rel_path, header.line(key) if key else 1, message))

    if not header.get("title"):
        report(None, "no Title; add a first line `Title: 文章标题`")
    date = header.get("date")
    if date is None and not is_page:
        report(None, "no Date; add a line `Date: 2023-02-15` (or `Date: 2023-02-15 10:30`)")
    for key in ("date", "modified"):
        value = header.get(key)
        if value is not None:
            try:
                if not _iso_date(value):
                    get_date(value.replace("_", " "))
            except ValueError:
                report(key, f"{key.title()} {value!r} is not a date; write it as 2023-02-15 or 2023-02-15 10:30")

    slug = header.get("slug")
    stem = PurePosixPath(rel_path).stem
    if slug is not None and not STEM_PATTERN.match(slug):
        report("slug", f"Slug {slug!r} must use only a-z, 0-9, '-' and '_' (it becomes the URL)")
    elif slug is None and (not STEM_PATTERN.match(stem) or stem in RESERVED_STEMS):
        report(
            None,
            f"file name {stem!r} becomes the URL: rename the file using only a-z, 0-9, '-' "
            f"and '_' (not 'index' or 'page'), e.g. 2023-food-safety-training.md",
        )

    status = (header.get("status") or "published").lower()
    allowed = PAGE_STATUSES if is_page else ARTICLE_STATUSES
    if status not in allowed:
        report("status", f"Status {status!r}: use one of {', '.join(sorted(allowed))}")
    access = (header.get("access") or "public").lower()
    if access not in ACCESS_VALUES:
        report("access", f"Access {access!r}: use public or members")

    if not is_page:
        top = rel_path.split("/", 1)[0]
        if "/" not in rel_path or top not in columns:
            known = ", ".join(columns) or "none"
            report(
                None,
                f"{top!r} is not a column (known: {known}); move the file into a column "
                f"folder, or create {top}/_index.md to add a column",
            )

    attachments = header.get("attachments")
    if attachments:
        for path in split_paths(attachments):
            if ".." in PurePosixPath(path).parts or not (content_root / path).is_file():
                report(
                    "attachments",
                    f"attachment {path!r} does not exist; put the file under content/files/ "
                    f"and give its path from content/, e.g. files/2022/notice.pdf",
                )
    return problems
