"""CSV downloads of the 年度统计 tables (UTF-8 with a byte-order mark, so that
Excel on Chinese Windows opens them without garbling)."""

from __future__ import annotations

import csv
import io

from .counts import SiteStats

COLUMNS_CSV = "stats/columns-by-year.csv"
MEMBERS_CSV = "stats/members-by-year.csv"


def _csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def columns_csv(stats: SiteStats) -> bytes:
    """年份 × 栏目, as on the page (newest year first, totals last)."""
    rows: list[list[object]] = [["年份", *(c.title for c in stats.columns), "合计"]]
    rows += [[row.year, *row.counts, row.total] for row in stats.rows]
    rows.append(["合计", *stats.column_totals, stats.total])
    return _csv(rows)


def members_csv(stats: SiteStats) -> bytes:
    """会员单位 × 年份 (every year), with the unit's 片区 and its total."""
    rows: list[list[object]] = [["会员单位", "片区", *stats.years, "合计"]]
    rows += [[r.name, r.region, *r.by_year, r.total] for r in stats.members]
    return _csv(rows)
