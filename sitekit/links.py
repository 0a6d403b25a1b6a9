"""Whether a content body may hold intrasite links (``{filename}``, ``{static}``…).

Output caches (incremental writer page keys, feed digests) must resolve such
links, since the pages they point at shape the output. site_content records
the answer on the articles whose HTML it loads lazily, so the body need not be
loaded just to be searched.
"""

from __future__ import annotations

from typing import Any

from .pelican_seam import BODY_ATTRIBUTE, own_attribute

#: The attribute site_content sets on lazily loaded articles.
MENTIONS_LINKS = "_mentions_links"


def resolved_links(item: Any) -> str:
    """What the body's intrasite links resolve to, for caches keyed on it: a
    content class may say it cheaply (``link_fingerprint``, site_content's
    lazy articles), else the whole resolved body."""
    fingerprint = getattr(item, "link_fingerprint", None)
    return fingerprint() if callable(fingerprint) else item.content


def mentions_links(item: Any) -> bool:
    """True when the body may hold ``{filename}``-style links."""
    known = own_attribute(item, MENTIONS_LINKS)
    if known is not None:
        return bool(known)
    return "{" in (getattr(item, BODY_ATTRIBUTE, "") or "")
