"""What a feed is made of, independent of its format."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence


@dataclass(frozen=True)
class FeedSource:
    """A list of articles published as one RSS 2.0 and one Atom feed."""

    key: str  # "all", a column slug, "members/scu"
    title: str
    description: str
    page_url: str  # site-relative URL of the HTML page this feed mirrors
    articles: Sequence[Any]
    group: str  # heading on the 订阅 page

    @property
    def atom_path(self) -> str:
        return f"feeds/{self.key}.atom.xml"

    @property
    def rss_path(self) -> str:
        return f"feeds/{self.key}.rss.xml"
