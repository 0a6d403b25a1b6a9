"""Columns (栏目) and navigation sections, read from each folder's ``_index.md``.

A column is a top-level folder of the content directory holding an
``_index.md`` whose header gives ``Title``, ``Section``, ``Order`` and
optionally ``Access``; its body is the column's description.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .header import parse_header
from .problems import Problem

INDEX_FILE = "_index.md"


@dataclass(frozen=True)
class Column:
    """One column: its folder name is its slug, URL path and Pelican category."""

    slug: str
    title: str
    description: str
    order: int
    section: str
    access: str = "public"

    @property
    def url(self) -> str:
        return f"{self.slug}/"


@dataclass(frozen=True)
class Section:
    """A group of columns in the navigation menu (e.g. 党建思政)."""

    title: str
    columns: tuple[Column, ...]

    @property
    def url(self) -> str:
        return self.columns[0].url


def load_columns(content_path: str | Path) -> tuple[dict[str, Column], list[Problem]]:
    """Read every ``<folder>/_index.md`` under ``content_path``, ordered by Order."""
    root = Path(content_path)
    columns: list[Column] = []
    problems: list[Problem] = []
    for index_file in sorted(root.glob(f"*/{INDEX_FILE}")):
        rel = index_file.relative_to(root).as_posix()
        header = parse_header(index_file.read_text(encoding="utf-8-sig"))
        title = header.get("title")
        if not title:
            problems.append(Problem(rel, 1, "no Title; add `Title: 栏目名称` as the first line"))
            continue
        order_text = header.get("order") or "100"
        if not order_text.isdigit():
            problems.append(
                Problem(rel, header.line("order"), f"Order {order_text!r} is not a whole number")
            )
            continue
        access = (header.get("access") or "public").lower()
        if access not in ("public", "members"):
            problems.append(
                Problem(rel, header.line("access"), f"Access {access!r}: use public or members")
            )
            continue
        columns.append(
            Column(
                slug=index_file.parent.name,
                title=title,
                description=header.body.strip(),
                order=int(order_text),
                section=header.get("section") or title,
                access=access,
            )
        )
    columns.sort(key=lambda column: (column.order, column.slug))
    return {column.slug: column for column in columns}, problems


def group_sections(columns: dict[str, Column]) -> list[Section]:
    """Group columns by section, sections ordered by their first column."""
    grouped: dict[str, list[Column]] = {}
    for column in columns.values():
        grouped.setdefault(column.section, []).append(column)
    return [Section(title, tuple(members)) for title, members in grouped.items()]
