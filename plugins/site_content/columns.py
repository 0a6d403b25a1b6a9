"""Columns (栏目) and navigation sections, read from each folder's ``_index.md``.

A column is a top-level folder of the content directory holding an
``_index.md`` whose header gives ``Title``, ``Section``, ``Order`` and
optionally ``Access``; its body is the column's description.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .checks import check_header_lines, parse_access
from .header import parse_header
from .keys import ALL_KEYS, COLUMN_KEYS, normal_value
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
        found = check_header_lines(header, rel, ALL_KEYS, COLUMN_KEYS)
        title = header.get("title")
        if not title:
            found.append(Problem.of(rel, 1, "column_no_title"))
        order_text = normal_value(header.get("order") or "100")
        if not order_text.isdigit():
            found.append(Problem.of(rel, header.line("order"), "column_bad_order", value=order_text))
        access_text = header.get("access")
        access = parse_access(access_text)
        if access_text is not None and not access_text.strip():
            found.append(Problem.of(rel, header.line("access"), "empty_access"))
        elif access is None:
            found.append(Problem.of(rel, header.line("access"), "bad_access", value=access_text))
        if found:
            problems.extend(found)
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
