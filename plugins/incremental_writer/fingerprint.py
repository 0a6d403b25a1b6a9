"""Fingerprints of what a page is rendered from.

A page's key hashes the site-wide part (theme and plugin code, settings, the
navigation and footer data every page shows) and the values passed to its
template. Content objects count by their source hash, URL and, for the page's
own article, the neighbours, column, member and attachments it displays.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import Any, Iterable

from pelican.contents import Content
from sitekit.links import mentions_links, resolved_links
from sitekit.pelican_seam import own_attribute, set_own_attribute

#: Context keys every page may show (navigation, footer, feed links).
SITE_WIDE_KEYS = ("SECTIONS", "COLUMNS", "FEEDS_BY_KEY", "MEMBERS")
#: Attributes of a page's own article that its template displays.
SHOWN_ATTRIBUTES = ("newer_in_column", "older_in_column", "column", "member_unit", "category")


def tree_digest(paths: Iterable[Path]) -> str:
    """Hash of every file under the given directories (names and bytes)."""
    digest = hashlib.blake2b(digest_size=16)
    for root in paths:
        for path in sorted(Path(root).rglob("*")):
            if not path.is_file() or _not_code(path):
                continue
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _not_code(path: Path) -> bool:
    """Caches, tests and docs do not shape the output."""
    return (
        "__pycache__" in path.parts
        or "tests" in path.parts
        or path.name.startswith("test_")
        or path.suffix in (".md", ".pyc")
    )


class Fingerprinter:
    """Computes page keys; ``site_key`` is fixed once the context is complete."""

    def __init__(self, code_digest: str) -> None:
        self.code_digest = code_digest
        self.site_key: str | None = None
        self._memo: Memo = {}

    def set_site(self, settings: dict[str, Any], context: dict[str, Any]) -> None:
        digest = hashlib.blake2b(self.code_digest.encode(), digest_size=16)
        for key in sorted(k for k in settings if k.isupper()):
            _feed(digest, (key, settings[key]), 2)
        for key in SITE_WIDE_KEYS:
            # Navigation data; article lists inside it (feed sources) do not show on every page.
            _feed(digest, (key, context.get(key)), 2, skip_content=True)
        for page in context.get("pages", []):
            _feed(digest, (page.url, page.title, getattr(page, "order", None), page.status), 1)
        self.site_key = digest.hexdigest()

    def page_key(self, name: str, template_name: str, values: dict[str, Any]) -> str:
        digest = hashlib.blake2b((self.site_key or "").encode(), digest_size=16)
        _feed(digest, (name, template_name), 1)
        for key in sorted(values):
            digest.update(key.encode())
            _feed(digest, values[key], 0, memo=self._memo)
        return digest.hexdigest()


def _content_id(item: Content, depth: int, digest: Any, memo: Memo | None) -> None:
    shallow = own_attribute(item, "_fingerprint")
    if shallow is None:
        resolved = resolved_links(item) if mentions_links(item) else ""  # intrasite links depend on other URLs
        shallow = f"C{item.metadata.get('source_key')}|{item.url}|{item.save_as}|{resolved}".encode()
        set_own_attribute(item, "_fingerprint", shallow)  # contents do not change while writing
    digest.update(shallow)
    if depth == 0:
        for attribute in SHOWN_ATTRIBUTES:
            _feed(digest, getattr(item, attribute, None), 1, memo=memo)
        _feed(digest, item.metadata.get("attachments"), 1, memo=memo)


Memo = dict[int, tuple[Any, bytes]]  # id → (frozen dataclass instance, its digest)


def _feed(digest: Any, value: Any, depth: int, skip_content: bool = False, memo: Memo | None = None) -> None:
    """Add a stable representation of ``value`` to ``digest``."""
    if value is None or isinstance(value, (str, int, float, bool)):
        digest.update(f"{type(value).__name__}:{value}|".encode())
    elif isinstance(value, Content):
        if not skip_content:
            _content_id(value, depth, digest, memo)
    elif isinstance(value, (datetime, date)):
        digest.update(value.isoformat().encode())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        frozen = memo is not None and type(value).__dataclass_params__.frozen and not skip_content
        known = memo.get(id(value)) if frozen else None
        if known is not None and known[0] is value:
            digest.update(known[1])
            return
        inner = hashlib.blake2b(type(value).__name__.encode(), digest_size=16)
        for field in dataclasses.fields(value):
            _feed(inner, getattr(value, field.name), depth + 1, skip_content, memo)
        if frozen:  # columns, members, attachments: the same objects on many pages
            memo[id(value)] = (value, inner.digest())  # the instance is kept: its id stays unique
        digest.update(inner.digest())
    elif isinstance(value, dict):
        digest.update(b"{")
        for key in sorted(value, key=str):
            _feed(digest, key, depth + 1, skip_content, memo)
            _feed(digest, value[key], depth + 1, skip_content, memo)
        digest.update(b"}")
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        digest.update(b"[")
        for item in items:
            _feed(digest, item, depth + 1, skip_content, memo)
        digest.update(b"]")
    elif hasattr(value, "slug") and hasattr(value, "name"):  # Pelican URLWrapper
        digest.update(f"W{value.name}|{value.slug}".encode())
    else:
        digest.update(f"{type(value).__module__}.{type(value).__qualname__}".encode())
