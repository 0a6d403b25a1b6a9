"""Pelican plugin: column front pages, stable archive pages, year archives, home blocks.

Writes ``<column>/index.html``, ``<column>/page/<k>/index.html`` (see
pagination.py) and ``<column>/<yyyy>/index.html``, and gives the home page
``HOME_BLOCKS``: the latest items of the columns listed in the setting of that
name. Needs site_content (``COLUMNS``, ``COLUMN_ARTICLES``). See README.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any, Sequence

from pelican import signals
from pelican.generators import Generator
from sitekit.plugins import listed

from .pagination import ListPage, stable_pages
from .settings import load as load_settings


@dataclass(frozen=True)
class HomeBlock:
    """A block of the home page: a title, its columns, their latest items."""

    title: str
    url: str
    columns: Sequence[Any]
    items: Sequence[Any]


class ColumnPagesGenerator(Generator):
    """Column pages and year archives, written from site_content's column lists."""

    def generate_context(self) -> None:
        columns = self.context.get("COLUMNS", {})
        by_column = self.context.get("COLUMN_ARTICLES", {})
        options = load_settings(self.settings)
        size = options.home_items
        blocks = []
        home_blocks = options.home_blocks
        for spec in [{"columns": [slug]} for slug in columns] if home_blocks is None else home_blocks:
            chosen = [columns[slug] for slug in spec["columns"] if slug in columns]
            if not chosen:
                continue
            merged = sorted(
                (a for column in chosen for a in by_column.get(column.slug, [])),
                key=lambda a: (a.date, a.source_path),
                reverse=True,
            )
            title = spec.get("title") or chosen[0].title
            blocks.append(HomeBlock(title, chosen[0].url, chosen, merged[:size]))
        self.context["HOME_BLOCKS"] = blocks

    def generate_output(self, writer: Any) -> None:
        size = load_settings(self.settings).page_size
        list_template = self.get_template("column")
        year_template = self.get_template("column_year")
        for slug, column in self.context.get("COLUMNS", {}).items():
            articles = self.context.get("COLUMN_ARTICLES", {}).get(slug, [])
            years = [
                (year, list(items)) for year, items in groupby(articles, key=lambda a: a.date.year)
            ]
            year_list = [year for year, _ in years]
            for page in stable_pages(articles, size, column.url):
                self._write(writer, list_template, page.save_as, page.url,
                            column=column, list_page=page, years=year_list)
            for year, items in years:
                url = f"{column.url}{year}/"
                self._write(writer, year_template, f"{url}index.html", url,
                            column=column, year=year, year_articles=items, years=year_list)

    def _write(self, writer: Any, template: Any, save_as: str, url: str, **values: Any) -> None:
        writer.write_file(save_as, template, self.context, url=url, page_name=url, **values)


def get_generators(pelican: Any) -> type[Generator] | None:
    return ColumnPagesGenerator if listed(pelican.settings, __name__) else None


def register() -> None:
    signals.get_generators.connect(get_generators)


__all__ = ["ListPage", "register", "stable_pages"]
