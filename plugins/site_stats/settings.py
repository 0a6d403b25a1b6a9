"""Defaults of the site_stats plugin; ``SITE_STATS`` in the Pelican settings overrides them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatsSettings:
    """What the 年度统计 page shows."""

    #: Member units in the "top contributors" chart.
    top: int = 10
    #: Write the page at all (the members-area build never does).
    enabled: bool = True
