"""Defaults of the site_feeds plugin; ``SITE_FEEDS`` in the Pelican settings overrides them."""

from __future__ import annotations

import logging
from dataclasses import dataclass, fields, replace
from typing import Any

log = logging.getLogger(__name__)
PREFIX = "site_feeds:"


@dataclass(frozen=True)
class FeedSettings:
    """Feed options. ``tag_authority``/``tag_date`` make the GUIDs; never change them."""

    max_items: int = 50
    tag_authority: str = "example.org"
    tag_date: str = "2006"
    path: str = "feeds"
    #: Date used as the feed's update time when it has no items (keeps output stable).
    empty_updated: str = "2006-01-01T00:00:00+08:00"
    #: XSL stylesheet (path from the site root) browsers render feeds with; "" for none.
    stylesheet: str = ""


def load(settings: dict[str, Any]) -> FeedSettings:
    """Defaults overridden by ``SITE_FEEDS``; unknown keys are logged and ignored."""
    user = settings.get("SITE_FEEDS") or {}
    known = {f.name for f in fields(FeedSettings)}
    good = {}
    for key, value in user.items():
        if key not in known:
            log.error("%s unknown key SITE_FEEDS[%r]; known keys: %s", PREFIX, key, ", ".join(sorted(known)))
        else:
            good[key] = value
    result = replace(FeedSettings(), **good)
    if not isinstance(result.max_items, int) or result.max_items < 1:
        log.error("%s SITE_FEEDS['max_items'] must be a positive integer, got %r", PREFIX, result.max_items)
        result = replace(result, max_items=FeedSettings.max_items)
    return result
