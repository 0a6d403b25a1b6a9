"""Defaults of the column_pages plugin; the top-level settings named below override them."""

from __future__ import annotations

from dataclasses import dataclass

from sitekit.settings import load_flat, setting

PLUGIN = "column_pages"


@dataclass(frozen=True)
class ColumnPagesSettings:
    """Sizes of the column pages and the home page's blocks."""

    #: Items per column archive page (``/<column>/page/<k>/``). Changing it moves items between pages.
    page_size: int = setting("COLUMN_PAGE_SIZE", 20)
    #: Items per home page block.
    home_items: int = setting("HOME_ITEMS_PER_COLUMN", 8)
    #: The home page's blocks: ``[{"columns": [...], "title": "..."}]``; None: one block per column.
    home_blocks: list | None = setting("HOME_BLOCKS", None, kind=(list, tuple))


def load(settings: dict) -> ColumnPagesSettings:
    return load_flat(ColumnPagesSettings, settings, PLUGIN)
