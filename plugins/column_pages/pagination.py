"""Stable pagination: archive pages hold fixed chunks counted from the oldest item.

Stock pagination puts the newest items on page 1, so one new article shifts
every page. Here the column's front page shows the newest ``size`` items, and
archive page *k* holds items ``(k-1)*size … k*size-1`` counted from the oldest
(like the VSB sites members run). A new article changes the front page and, when
a chunk fills up, adds one page; pages already out keep their items and URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence


@dataclass(frozen=True)
class ListPage:
    """One list page of a column: its items (newest first) and its neighbours."""

    number: int | None  # None for the front page
    items: Sequence[Any]
    url: str
    save_as: str
    newer_url: str | None
    older_url: str | None
    oldest_url: str | None


def stable_pages(items: Sequence[Any], size: int, base: str) -> list[ListPage]:
    """Pages of ``items`` (newest first) under ``base`` ("news/"): front page first."""
    total = len(items)
    oldest_first = list(reversed(items))
    full = total // size if total > size else 0

    def url(number: int) -> str:
        return f"{base}page/{number}/"

    chunks = [oldest_first[(k - 1) * size : k * size][::-1] for k in range(1, full + 1)]
    front_older = full if total % size else full - 1
    pages = [
        ListPage(
            number=None,
            items=list(items[:size]),
            url=base,
            save_as=f"{base}index.html",
            newer_url=None,
            older_url=url(front_older) if front_older >= 1 else None,
            oldest_url=url(1) if front_older >= 1 else None,
        )
    ]
    for number, chunk in enumerate(chunks, start=1):
        pages.append(
            ListPage(
                number=number,
                items=chunk,
                url=url(number),
                save_as=f"{url(number)}index.html",
                newer_url=url(number + 1) if number < full else base,
                older_url=url(number - 1) if number > 1 else None,
                oldest_url=url(1) if number > 1 else None,
            )
        )
    return pages
