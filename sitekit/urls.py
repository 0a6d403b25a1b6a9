"""URLs and output paths of content, computed once from the settings' patterns.

File names are checked lower-case ASCII, so an article's slug is its file name
(or ``Slug:``); formatting ``ARTICLE_URL``/``ARTICLE_SAVE_AS`` (``DRAFT_…`` for
drafts) here spares Pelican a slugify and several pattern formats per article,
and lets the content check know every URL without a build.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from pelican.utils import path_to_url

from .pelican_seam import plain_datetime


def slug_of(rel_path: str, metadata: dict[str, Any]) -> str:
    return str(metadata.get("slug") or os.path.splitext(os.path.basename(rel_path))[0])


def article_urls(settings: dict[str, Any], rel_path: str, column: str, metadata: dict[str, Any]) -> dict[str, str]:
    """``slug``, and ``url``/``save_as`` as Pelican would compute them (only
    ``slug`` when the pattern needs what is not known here)."""
    slug = slug_of(rel_path, metadata)
    lang = metadata.get("lang", settings["DEFAULT_LANG"])
    if lang != settings["DEFAULT_LANG"] or "date" not in metadata:
        return {"slug": slug}
    kind = "DRAFT" if metadata.get("status") == "draft" else "ARTICLE"
    values = {key: value for key, value in metadata.items() if key not in ("author", "authors", "category", "tags")}
    values.update(path=path_to_url(rel_path), slug=slug, lang=lang, category=column)
    for name in ("date", "modified"):  # C strftime for {date:%Y}, not SafeDatetime's (slow)
        if isinstance(values.get(name), datetime):
            values[name] = plain_datetime(values[name])
    try:
        return {
            "slug": slug,
            "url": settings[f"{kind}_URL"].format(**values),
            "save_as": settings[f"{kind}_SAVE_AS"].format(**values),
        }
    except (KeyError, AttributeError, IndexError, ValueError):
        return {"slug": slug}


def page_urls(settings: dict[str, Any], rel_path: str, metadata: dict[str, Any]) -> dict[str, str]:
    """``url``/``save_as`` of a page (``Save_as:``/``URL:`` in its header win)."""
    slug = slug_of(rel_path, metadata)
    kind = "DRAFT_PAGE" if metadata.get("status") == "draft" else "PAGE"
    values = {"slug": slug, "lang": metadata.get("lang", settings["DEFAULT_LANG"])}
    try:
        url = str(metadata.get("url") or settings[f"{kind}_URL"].format(**values))
        save_as = str(metadata.get("save_as") or settings[f"{kind}_SAVE_AS"].format(**values))
    except (KeyError, IndexError, ValueError):
        return {}
    return {"url": url, "save_as": save_as}
