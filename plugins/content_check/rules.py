"""Rules over the whole content set, shared by ``make check`` and the build.

Each takes ``Entry`` objects (entries.py) and returns problems in the same
words the build uses, so an editor reads the same line from both.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any, Callable, Iterable

from sitekit.dates import is_future, minute
from site_content.links import candidates, content_target, line_of, pelican_kind
from site_content.problems import WARNING, Problem
from .entries import Entry

#: Folders of pages other generators write (links into them are not checked).
GENERATED = ("feeds", "members", "search", "stats", "theme", "pagefind", "drafts")
#: Files at the root that other generators write.
ROOT_FILES = ("", "index.html", "sitemap.xml", "robots.txt", "favicon.ico", "404.html")


def effective_status(entry: Entry, now: datetime) -> str:
    """``scheduled`` is a draft until its time, then published."""
    if entry.status == "scheduled":
        return "draft" if entry.date is None or is_future(entry.date, now) else "published"
    return entry.status


def schedule_rules(entries: Iterable[Entry], now: datetime) -> tuple[list[Problem], list[Problem]]:
    """Future dates without ``Status: scheduled`` (errors), and what is scheduled (notes)."""
    errors: list[Problem] = []
    notes: list[Problem] = []
    for entry in entries:
        if entry.date is None or not is_future(entry.date, now):
            continue
        if entry.status == "scheduled":
            notes.append(Problem.of(entry.rel, entry.date_line, "scheduled", severity="note",
                                    date=minute(entry.date)))
        elif entry.status == "published":
            errors.append(Problem.of(entry.rel, entry.date_line, "future_date", date=minute(entry.date)))
    return errors, notes


def duplicate_urls(entries: Iterable[Entry], save_as: dict[str, str], columns: Iterable[str]) -> list[Problem]:
    """Two files (or a file and a column page) writing one output file."""
    claims = {f"{slug}/index.html": f"{slug}/_index.md" for slug in columns}
    problems = []
    for entry in entries:
        target = save_as.get(entry.rel)
        if not target:
            continue
        owner = claims.setdefault(target, entry.rel)
        if owner != entry.rel:
            problems.append(Problem.of(entry.rel, None, "duplicate_url", url=_url_of(target), owner=owner))
    return problems


def _url_of(save_as: str) -> str:
    return save_as[: -len("index.html")] if save_as.endswith("index.html") else save_as


def _line(entry: Entry, written: str, line: int | None) -> int | None:
    return line if line is not None else line_of(entry.source_path, written)


def link_rules(entries: dict[str, Entry], *, published: Callable[[Entry], bool], member: Callable[[Entry], bool],
               urls: dict[str, Entry], files: set[str], columns: Iterable[str], member_dirs: tuple[str, ...],
               site_prefixes: Iterable[str] = (), page_url: Callable[[Entry], str] = lambda e: "") -> list[Problem]:
    """Broken ``{filename}``/``{static}``/``{attach}`` links, links from a published
    item to a draft, root or relative links to no page or file, links from a
    public item to a member-only page or file."""
    columns = set(columns)
    problems: list[Problem] = []
    for entry in entries.values():
        is_public = not member(entry)
        source_published = published(entry)
        for ref, line in entry.refs:
            kind = pelican_kind(ref)
            if kind in ("filename", "static", "attach"):
                written = ref[len(kind) + 2:]
                path = content_target(ref, entry.rel)
                target = entries.get(path) if path else None
                if path is not None and (path in files or target is not None):
                    if target is not None and kind == "filename" and source_published and not published(target):
                        problems.append(Problem.of(entry.rel, _line(entry, written, line), "link_to_draft",
                                                   link=ref, target=path))
                    elif is_public and _in(path, member_dirs):
                        problems.append(Problem.of(entry.rel, _line(entry, written, line),
                                                   "public_links_member_file", path=path, dirs=", ".join(member_dirs)))
                    continue
                problems.append(Problem.of(entry.rel, _line(entry, written, line), "unresolved_link", link=ref))
                continue
            if kind is not None:
                continue  # {index}, {tag}… : Pelican's own pages
            found = candidates(ref, entry.rel, page_url(entry), site_prefixes)
            if not found:
                continue
            if any(_in(p, member_dirs) for p in found & files) and is_public:
                path = next(p for p in sorted(found & files) if _in(p, member_dirs))
                problems.append(Problem.of(entry.rel, _line(entry, ref, line), "public_links_member_file",
                                           path=path, dirs=", ".join(member_dirs)))
                continue
            if found & files or any(_generated(p, columns) for p in found):
                continue
            targets = [urls[p] for p in found if p in urls]
            if not targets:
                problems.append(Problem.of(entry.rel, _line(entry, ref, line), "broken_link", link=ref))
            elif is_public and all(member(t) for t in targets):
                problems.append(Problem.of(entry.rel, _line(entry, ref, line), "link_to_members_url", link=ref))
        if is_public:
            for path in entry.attachments:
                if _in(path, member_dirs):
                    problems.append(Problem.of(entry.rel, entry.attachments_line, "public_links_member_file",
                                               path=path, dirs=", ".join(member_dirs)))
    return problems


def _in(path: str, dirs: tuple[str, ...]) -> bool:
    return any(path == d or path.startswith(d + "/") for d in dirs)


def _generated(path: str, columns: set[str]) -> bool:
    """Pages other generators write: home, column, archive and year pages, feeds…"""
    if path in ROOT_FILES:
        return True
    first, _, rest = path.partition("/")
    if first in GENERATED:
        return True
    if first not in columns:
        return False
    parts = [p for p in rest.split("/") if p and p != "index.html"]
    return not parts or (len(parts) == 1 and parts[0].isdigit()) or (len(parts) == 2 and parts[0] == "page")


def duplicate_titles(entries: Iterable[Entry]) -> list[Problem]:
    """Same title, same day, same column: a likely double import (warnings)."""
    groups: dict[tuple[Any, ...], list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.is_page or entry.date is None or not entry.title:
            continue
        groups[(entry.column, entry.date.date(), "".join(entry.title.split()))].append(entry)
    problems = []
    for same in groups.values():
        if len(same) > 1:
            for entry in same:
                others = ", ".join(e.rel for e in same if e is not entry)
                problems.append(Problem.of(entry.rel, 1, "duplicate_title", severity=WARNING, others=others))
    return problems
