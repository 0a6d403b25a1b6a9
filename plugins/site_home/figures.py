"""The home page's strip of figures, computed from the member registry and the articles."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence


@dataclass(frozen=True)
class Figure:
    """One number of the strip, e.g. 236 会员单位."""

    value: int
    label: str


def home_figures(members: Sequence[Any], totals: Any, articles: Sequence[Any]) -> tuple[list[Figure], int | None]:
    """Member units, universities, 片区 and this year's items; and that year.

    The registry lists units one by one; while it is incomplete its ``totals``
    (the secretariat's own count) give the numbers instead. "This year" is the
    year of the newest item, so the figures do not depend on the build date.
    """
    declared = getattr(totals, "units", None)
    # An incomplete list would understate what the totals leave undeclared: no figure then.
    complete = declared is None or declared <= len(members)
    units = declared or len(members)
    universities = getattr(totals, "universities", None) or (
        sum(m.kind == "university" for m in members) if complete else 0)
    regions = getattr(totals, "regions", None) or (len({m.region for m in members}) if complete else 0)
    year = max((a.date.year for a in articles), default=None)
    figures = [Figure(units, "会员单位"), Figure(universities, "高校会员"), Figure(regions, "片区工作组")]
    if year is not None:
        figures.append(Figure(sum(a.date.year == year for a in articles), f"{year}年发布信息"))
        figures.append(Figure(len(articles), "累计发布信息"))
    return [f for f in figures if f.value], year
