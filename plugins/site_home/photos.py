"""Pictures of articles: the photo-news strip and share images (og:image).

An article's picture is its ``Image:`` field (a path under content/, e.g.
``images/2024/photo.jpg``), else the first ``<img>`` of its body that lives on
this site; ``Featured: true`` puts an article in the strip with or without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable
from urllib.parse import urljoin

_IMG_SRC = re.compile(r"<img\b[^>]*?\ssrc=(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
TRUE_WORDS = {"true", "yes", "1", "是"}
FALSE_WORDS = {"false", "no", "0", "否", ""}


class FeaturedError(ValueError):
    """An article's ``Featured:`` value is neither yes nor no."""


@dataclass(frozen=True)
class PhotoItem:
    """One tile of the strip: the article and its picture (site URL), if any."""

    article: Any
    image: str | None


def first_image(html: str | None) -> str | None:
    """The ``src`` of the first picture on this site in ``html`` (external ones are skipped)."""
    for match in _IMG_SRC.finditer(html or ""):
        src = (match.group(1) or match.group(2) or "").strip()
        if src and not _EXTERNAL.match(src):
            return src
    return None


def own_image(article: Any, siteurl: str) -> str | None:
    """The article's ``Image:`` field as a site URL (``{static}`` and a leading / allowed), or None."""
    value = article.metadata.get("image")
    if not isinstance(value, str) or not value.strip():
        return None
    path = value.strip().replace("{static}", "").replace("{attach}", "").lstrip("/")
    return None if _EXTERNAL.match(path) else f"{siteurl}/{path}"


def absolute_image(article: Any, html: str | None, siteurl: str, origin: str) -> str | None:
    """The article's picture (``Image:``, else the first in ``html``) as an absolute URL, or None."""
    src = own_image(article, siteurl) or first_image(html)
    if src is None:
        return None
    return urljoin(origin.rstrip("/") + "/" + article.url, src)


def is_featured(article: Any) -> bool:
    """``Featured: true`` (also yes, 1, 是); a value that is neither yes nor no stops the build."""
    value = article.metadata.get("featured")
    if value is None or isinstance(value, bool):
        return bool(value)
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise FeaturedError(
        f"{article.relative_source_path}: Featured {value!r} is neither yes nor no; "
        f"write `Featured: true` (or delete the line)"
    )


def photo_items(articles: Iterable[Any], count: int, scan: int, siteurl: str = "") -> list[PhotoItem]:
    """The strip: the newest articles with a picture or ``Featured: true``.

    Only the ``scan`` newest articles are opened for a picture (each body is a
    cache read); a featured article counts wherever it is. Items with a
    picture come first (the first one is shown large), each group newest first.
    """
    newest = sorted(articles, key=lambda a: (a.date, a.source_path), reverse=True)
    chosen: list[PhotoItem] = []
    for index, article in enumerate(newest):
        featured = is_featured(article)  # checked for every article: a typo anywhere stops the build
        if len(chosen) < count and (featured or index < scan):
            image = own_image(article, siteurl) or first_image(article.content)
            if featured or image:
                chosen.append(PhotoItem(article, image))
    return sorted(chosen, key=lambda item: item.image is None)  # stable: newest first within each group
