"""Pelican plugin: the 年度统计 page (``/stats/``), computed at build time.

Counts the published articles by column and year, by member unit and by 片区
(counts.py), and writes ``stats/index.html`` (template ``stats.html``: tables
whose bars are inline SVG, no JavaScript) and the tables as CSV (tables.py).
The members-area build writes no statistics. See README.md.
"""

from __future__ import annotations

import os
from typing import Any

from pelican import signals
from pelican.generators import Generator
from sitekit.files import write_if_changed
from sitekit.plugins import listed
from sitekit.settings import load_options, members_area_build

from .counts import Bar, SiteStats, UnitRow, YearRow, compute
from .settings import StatsSettings
from .tables import COLUMNS_CSV, MEMBERS_CSV, columns_csv, members_csv

PLUGIN = "site_stats"
STATS_URL = "stats/"


class StatsGenerator(Generator):
    """Counts in ``generate_context``; writes the page and the CSV files."""

    def generate_context(self) -> None:
        options = load_options(StatsSettings, self.settings, "SITE_STATS", PLUGIN)
        self.stats: SiteStats | None = None
        if not options.enabled or members_area_build(self.settings):
            return
        articles = [a for a in self.context.get("articles", []) if a.status == "published"]
        self.stats = compute(articles, self.context.get("COLUMNS", {}), self.context.get("MEMBERS", []), options.top)
        self.context["STATS_URL"] = STATS_URL
        newest = max((a.date for a in articles), default=None)
        self.context.setdefault("SITEMAP_EXTRA", {})[STATS_URL] = newest

    def generate_output(self, writer: Any) -> None:
        if self.stats is None:
            return
        writer.write_file(f"{STATS_URL}index.html", self.get_template("stats"), self.context,
                          stats=self.stats, page_name="stats", url=STATS_URL,
                          columns_csv=COLUMNS_CSV, members_csv=MEMBERS_CSV)
        write_if_changed(os.path.join(self.output_path, COLUMNS_CSV), columns_csv(self.stats))
        write_if_changed(os.path.join(self.output_path, MEMBERS_CSV), members_csv(self.stats))


def get_generators(pelican: Any) -> type[Generator] | None:
    return StatsGenerator if listed(pelican.settings, __name__) else None


def register() -> None:
    signals.get_generators.connect(get_generators)


__all__ = ["Bar", "SiteStats", "UnitRow", "YearRow", "compute", "register"]
