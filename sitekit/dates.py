"""Dates of content files: parsing as the reader does, and the site's clock.

A ``Date`` without a time zone is in the site's ``TIMEZONE`` (Asia/Shanghai).
``Status: scheduled`` with a future ``Date`` is held back (like a draft) until a
build runs at or after that time; a future ``Date`` without it is a mistake.
"""

from __future__ import annotations

import os
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from pelican.utils import get_date

from .pelican_seam import safe_datetime


def parse_date(value: str) -> datetime | None:
    """``2024-03-01 10:00`` (and what Pelican's ``get_date`` reads) → datetime; None if not a date."""
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("/", "-"))
    except ValueError:
        try:
            parsed = get_date(text.replace("_", " "))
        except ValueError:
            return None
    return safe_datetime(parsed)


def site_zone(settings: dict) -> tzinfo:
    return ZoneInfo(settings.get("TIMEZONE") or "Asia/Shanghai")


def aware(moment: datetime, zone: tzinfo) -> datetime:
    """``moment`` with the site's zone when it has none."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


def site_now(settings: dict) -> datetime:
    """Now, in the site's zone. ``SITE_NOW`` (ISO form; the environment variable,
    else the setting) stands in for the clock: to preview a scheduled item, and in tests."""
    zone = site_zone(settings)
    fixed = os.environ.get("SITE_NOW") or settings.get("SITE_NOW")
    if fixed:
        return aware(datetime.fromisoformat(str(fixed)), zone)
    return datetime.now(zone)


def is_future(moment: datetime, now: datetime) -> bool:
    return aware(moment, now.tzinfo) > now  # type: ignore[arg-type]


def minute(moment: datetime) -> str:
    """``2024-05-01 09:00`` (for messages)."""
    return f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {moment.hour:02d}:{moment.minute:02d}"
