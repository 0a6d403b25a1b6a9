"""Canonical URLs: one article, one URL, one stable id.

VSB serves an article both as ``/info/{tree}/{news}.htm`` and as
``content.jsp?urltype=news.NewsContentUrl&wbtreeid={tree}&wbnewsid={news}``;
both canonicalise to the ``/info/`` form. Fragments are dropped, scheme and host
lower-cased, default ports removed, dot segments resolved.
"""

from __future__ import annotations

import hashlib
import posixpath
import uuid
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def _clean_path(path: str) -> str:
    if not path:
        return "/"
    trailing = path.endswith("/")
    cleaned = posixpath.normpath(path)
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    if trailing and not cleaned.endswith("/"):
        cleaned += "/"
    return cleaned


def canonical_url(url: str, base: str | None = None) -> str:
    """Return the canonical form of ``url`` (resolved against ``base`` when relative)."""
    if base:
        url = urljoin(base, url.strip())
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = quote(_clean_path(parts.path), safe="/%:@!$&'()*+,;=-._~")
    query = parts.query
    if posixpath.basename(path).lower() == "content.jsp" and query:
        params = {k.lower(): v for k, v in parse_qsl(query, keep_blank_values=True)}
        tree, news = params.get("wbtreeid", ""), params.get("wbnewsid", "")
        if tree.isdigit() and news.isdigit():
            path = posixpath.join(posixpath.dirname(path), "info", tree, f"{news}.htm")
            query = ""
    elif query:
        query = urlencode(parse_qsl(query, keep_blank_values=True))
    return urlunsplit((scheme, netloc, path, query, ""))


def dedup_key(url: str) -> str:
    """Key used to recognise an already imported item: canonical URL without the scheme.

    A site moving from http to https must not duplicate every article.
    """
    canon = canonical_url(url)
    return canon.split("://", 1)[-1]


def item_hash(canon: str) -> str:
    """First 10 hex characters of sha1(canonical URL)."""
    return hashlib.sha1(canon.encode("utf-8")).hexdigest()[:10]


def item_stem(member_id: str, canon: str) -> str:
    """ASCII, site-wide unique, stable file stem: ``{member}-{hash}``."""
    return f"{member_id}-{item_hash(canon)}"


def item_guid(canon: str) -> str:
    """Stable GUID for feeds: ``urn:uuid:`` + uuid5(NAMESPACE_URL, canonical URL)."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, canon)}"
