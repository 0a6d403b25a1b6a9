"""Decode member pages without mojibake.

Order: byte-order mark, HTTP ``charset`` (unless it is a server default such as
ISO-8859-1, which Chinese pages never really are), ``<meta charset>`` /
``http-equiv`` anywhere in the first 16 KB (old templates put it after long
scripts), then strict UTF-8, then GB18030. GBK, GB2312 and their aliases are
decoded as GB18030, their superset. A declared charset that does not fit the
bytes is not trusted: the strict candidates are tried in turn.
"""

from __future__ import annotations

import codecs
import re

SNIFF_BYTES = 16384
META_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE
)
HEADER_RE = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
GB_ALIASES = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "gb_2312", "cp936", "ms936", "windows-936",
              "euc-cn", "gb18030", "csgb2312", "chinese", "iso-ir-58", "hz-gb-2312"}
WEAK = {"iso8859-1", "latin-1", "ascii", "cp1252"}  # codec names of server defaults
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"))


def normalise(label: str | None) -> str | None:
    """Map a charset label to a Python codec name (GB family -> gb18030), None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in GB_ALIASES:
        return "gb18030"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "gb18030" if name in ("gbk", "gb2312") else name


def header_charset(content_type: str | None) -> str | None:
    """Charset from a Content-Type header value."""
    if not content_type:
        return None
    match = HEADER_RE.search(content_type)
    return normalise(match.group(1)) if match else None


def meta_charset(body: bytes) -> str | None:
    """Charset declared by ``<meta charset>`` or ``http-equiv`` in the first 16 KB."""
    match = META_RE.search(body[:SNIFF_BYTES])
    return normalise(match.group(1).decode("ascii", "ignore")) if match else None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding used)``; never raises."""
    for bom, name in BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(name, errors="replace"), name
    declared = header_charset(content_type)
    meta = meta_charset(body)
    order: list[str] = []
    for name in (None if declared in WEAK else declared, meta, "utf-8", "gb18030", declared):
        if name and name not in order:
            order.append(name)
    for name in order:
        try:
            return body.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    first = order[0]
    return body.decode(first, errors="replace"), first
