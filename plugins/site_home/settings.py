"""Defaults of the site_home plugin; ``SITE_HOME`` in the Pelican settings overrides them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class HomeSettings:
    """Photo-news strip size and reach, and the 友情链接 data file."""

    #: Items in the photo-news strip (the first is shown large).
    photos: int = 4
    #: How many of the newest articles are searched for a picture (featured ones always count).
    photo_scan: int = 60
    #: 友情链接, relative to the content folder.
    links_file: str = "data/links.yml"
