"""The metadata keys a content file may use (lower case), and value normalising.

A key outside these sets stops the build with a suggestion: a misspelt key
(``Summray``, ``Acess``) is otherwise silently ignored, and a misspelt
``Access`` would publish a member-only item. Projects add keys of their own
with the setting ``SITE_METADATA_KEYS`` (e.g. a column template's fields).
"""

from __future__ import annotations

import difflib
import unicodedata
from typing import Iterable

#: Keys of articles and pages.
ITEM_KEYS = frozenset({
    "title", "date", "modified", "tags", "summary", "slug", "status", "access",
    "attachments", "author", "authors", "lang", "template", "save_as", "url",
    # Imported items (member_import) and reprints; `Review: pending` marks an
    # imported item held for review (make review).
    "source", "source_url", "guid", "member", "review",
    # Share image (og:image) and the home page photo strip.
    "image", "featured",
    # Pages: place in the footer and menus.
    "order",
})
#: Keys of a column's ``_index.md``.
COLUMN_KEYS = frozenset({"title", "section", "order", "access", "description"})
#: Every key the header checks recognise when written with a slip (``Access：``).
ALL_KEYS = ITEM_KEYS | COLUMN_KEYS
#: How a key is spelt in messages and suggestions.
DISPLAY = {"source_url": "Source_url", "save_as": "Save_as", "url": "URL"}


def display(key: str) -> str:
    """``access`` → ``Access`` (as editors write it)."""
    return DISPLAY.get(key, key.capitalize())


def normal_key(text: str) -> str:
    """A key as written (any width, any case) → its lower-case ASCII form."""
    return unicodedata.normalize("NFKC", text).strip().casefold().replace("－", "-")


def normal_value(text: str) -> str:
    """A value to compare with fixed words (``Access``, ``Status``): trimmed,
    case-folded, full-width → ASCII."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def suggest(key: str, known: Iterable[str]) -> str | None:
    """The known key closest to a misspelt one, if any is close."""
    found = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    return display(found[0]) if found else None


def with_extra(base: frozenset[str], extra: Iterable[str] | None) -> frozenset[str]:
    """``base`` plus the project's own keys (``SITE_METADATA_KEYS``)."""
    return base | {normal_key(k) for k in (extra or ())}
