"""The figures of the 年度统计 page, counted from the published articles.

Everything is counted once per build from the articles Pelican read (the public
build holds public items only): items per column per year, per member unit and
per 片区, and the units that contributed most in the newest year.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Sequence


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: label, value and length (0..100, % of the largest value)."""

    label: str
    value: int
    percent: float


@dataclass(frozen=True)
class YearRow:
    """One year of the column table: a count per column (in ``SiteStats.columns`` order)."""

    year: int
    counts: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class UnitRow:
    """A member unit or a 片区: its items in the newest year and in all years."""

    key: str  # member id, or the 片区 name
    name: str
    region: str
    units: int  # member units it stands for (1 for a unit)
    by_year: tuple[int, ...]  # a count per year of ``SiteStats.years``
    latest: int
    total: int


@dataclass(frozen=True)
class SiteStats:
    columns: tuple[Any, ...]  # columns with at least one item, in menu order
    years: tuple[int, ...]  # first to last year, gaps included
    rows: tuple[YearRow, ...]  # newest year first
    column_totals: tuple[int, ...]
    total: int
    latest_year: int | None
    year_bars: tuple[Bar, ...]  # total per year, newest first
    latest_column_bars: tuple[Bar, ...]  # per column in the newest year
    members: tuple[UnitRow, ...]  # most items first
    regions: tuple[UnitRow, ...]
    top: tuple[Bar, ...]  # units with most items in the newest year


def bars(pairs: Iterable[tuple[str, int]]) -> tuple[Bar, ...]:
    """Bars scaled to the largest value (which gets 100)."""
    pairs = list(pairs)
    largest = max((value for _, value in pairs), default=0)
    return tuple(Bar(label, value, round(100 * value / largest, 1) if largest else 0.0) for label, value in pairs)


def _unit_row(key: str, name: str, region: str, units: int, counter: Counter, years: Sequence[int],
              latest: int | None) -> UnitRow:
    by_year = tuple(counter[year] for year in years)
    return UnitRow(key, name, region, units, by_year, counter[latest] if latest else 0, sum(by_year))


def compute(articles: Sequence[Any], columns: dict[str, Any], members: Sequence[Any], top: int) -> SiteStats:
    """Count ``articles`` (published items) by column, year, member unit and 片区."""
    per_cell = Counter((a.category.slug, a.date.year) for a in articles)
    found_years = {year for _, year in per_cell}
    years = tuple(range(min(found_years), max(found_years) + 1)) if found_years else ()
    latest = years[-1] if years else None
    used = tuple(c for slug, c in columns.items() if any(per_cell[(slug, y)] for y in years))
    rows = tuple(
        YearRow(year, counts := tuple(per_cell[(c.slug, year)] for c in used), sum(counts))
        for year in reversed(years)
    )
    column_totals = tuple(sum(per_cell[(c.slug, y)] for y in years) for c in used)

    per_member: dict[str, Counter] = {m.id: Counter() for m in members}
    for article in articles:
        unit = getattr(article, "member_unit", None)
        if unit is not None and unit.id in per_member:
            per_member[unit.id][article.date.year] += 1
    member_rows = [_unit_row(m.id, m.name, m.region, 1, per_member[m.id], years, latest) for m in members]
    member_rows.sort(key=lambda r: (-r.total, -r.latest))  # stable: registry order among equals
    region_counts: dict[str, Counter] = {}
    region_units: Counter = Counter()
    for m in members:
        region_counts.setdefault(m.region, Counter()).update(per_member[m.id])
        region_units[m.region] += 1
    region_rows = sorted(
        (_unit_row(r, r, r, region_units[r], c, years, latest) for r, c in region_counts.items()),
        key=lambda r: (-r.total, r.name),
    )
    leaders = sorted((r for r in member_rows if r.latest), key=lambda r: -r.latest)[:top]
    return SiteStats(
        columns=used,
        years=years,
        rows=rows,
        column_totals=column_totals,
        total=sum(column_totals),
        latest_year=latest,
        year_bars=bars((f"{row.year}年", row.total) for row in rows),
        latest_column_bars=bars((c.title, rows[0].counts[i]) for i, c in enumerate(used)) if rows else (),
        members=tuple(member_rows),
        regions=tuple(region_rows),
        top=bars((r.name, r.latest) for r in leaders),
    )
