"""Local links of a rendered item, and the content files they can point at.

Every ``href``/``src``-like attribute of an item's HTML that is not an outside
address is kept as written (``link_refs`` metadata, recorded when the item is
read, so snapshots keep it): Pelican's ``{filename}``/``{static}``/``{attach}``,
root paths (``/files/2024/a.pdf``), relative paths (``../images/a.png``),
percent-encoded names, raw ``<a href>``/``<img src>``. ``candidates`` turns
one into the content-relative paths it may mean, so the members_only plugin
can copy only what public items need and the link checks can find targets.
"""

from __future__ import annotations

import posixpath
import re
from html import unescape
from typing import Any, Iterable
from urllib.parse import unquote, urlsplit

from sitekit.pelican_seam import own_attribute, set_own_attribute

_ATTR = re.compile(
    r"""\s(href|src|srcset|poster|data|cite|action|formaction)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
    re.IGNORECASE,
)
_PELICAN = re.compile(r"^\{(filename|static|attach|index|tag|category|author)\}")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
#: A path that urlsplit, unquote and normpath leave as it is: segments of word
#: characters, ``-``, ``.``, ``~``, none empty or starting with a dot.
_PLAIN_PATH = re.compile(r"[\w\-~][\w\-.~]*(?:/[\w\-~][\w\-.~]*)*")
#: Where ``link_paths`` keeps its answer on an item (for one build).
LINK_PATHS = "_site_link_paths"


def local_refs(*html_parts: str) -> tuple[str, ...]:
    """Every local link target in ``html_parts``, unescaped, in order, once."""
    written: dict[tuple[str, str], None] = {}  # (attribute, value as written), in order
    for html in html_parts:
        if not html or "=" not in html:
            continue
        for attr in _ATTR.finditer(html):
            start = attr.start()
            if html.rfind("<", 0, start) > html.rfind(">", 0, start):  # inside a tag, not text
                written.setdefault((attr.group(1).lower(), attr.group(2) or attr.group(3) or attr.group(4) or ""))
    found: dict[str, None] = {}
    for name, raw in written:
        value = unescape(raw).strip() if "&" in raw else raw.strip()
        urls = [part.split()[0] for part in value.split(",") if part.split()] if name == "srcset" else [value]
        for url in urls:
            if is_local(url):
                found.setdefault(url, None)
    return tuple(found)


def is_local(url: str) -> bool:
    """Not an outside address, a fragment, mail, phone, data or script."""
    if not url or url.startswith(("#", "//")):
        return False
    return _PELICAN.match(url) is not None or _SCHEME.match(url) is None


def pelican_kind(ref: str) -> str | None:
    """``filename``/``static``/``attach`` for Pelican's intrasite links, else None."""
    match = _PELICAN.match(ref)
    return match.group(1) if match else None


def _path_only(url: str) -> str:
    return unquote(urlsplit(url).path)


def _clean(path: str) -> str | None:
    normal = posixpath.normpath(path.lstrip("/"))
    if normal in (".", "") or normal.startswith("../") or normal == "..":
        return None
    return normal


def content_target(ref: str, source_rel: str) -> str | None:
    """The content path a ``{filename}``/``{static}``/``{attach}`` link names
    (Pelican's rule: from the content root when it starts with ``/``, else
    from the item's folder)."""
    kind = pelican_kind(ref)
    if kind not in ("filename", "static", "attach"):
        return None
    written = ref[len(kind) + 2:]
    plain = written[1:] if written.startswith("/") else written
    if _PLAIN_PATH.fullmatch(plain):  # nothing to split, unquote or normalise (most links)
        folder = "" if written.startswith("/") else posixpath.dirname(source_rel)
        if not folder:
            return plain
        if _PLAIN_PATH.fullmatch(folder):
            return f"{folder}/{plain}"
    path = _path_only(written)
    if path.startswith("/"):
        return _clean(path)
    return _clean(posixpath.join(posixpath.dirname(source_rel), path))


def site_prefixes(settings: dict) -> list[str]:
    """The site's absolute addresses (``SITEURL``, ``SITE_ORIGIN``): a link
    starting with one is a link inside the site."""
    return [p for p in (settings.get("SITEURL"), settings.get("SITE_ORIGIN")) if p and "://" in p]


def candidates(ref: str, source_rel: str, page_url: str, site_prefixes: Iterable[str] = ()) -> set[str]:
    """Paths (relative to the content root, or output paths of static files,
    which are the same) that ``ref`` may point at.

    A relative link is taken both as the browser reads it (from the page's
    URL) and as an editor may have meant it (from the source file's folder).
    """
    if pelican_kind(ref):
        target = content_target(ref, source_rel)
        return {target} if target else set()
    for prefix in site_prefixes:
        if prefix and ref.startswith(prefix.rstrip("/") + "/"):
            ref = ref[len(prefix.rstrip("/")):]
            break
    else:
        if _SCHEME.match(ref):
            return set()
    path = _path_only(ref)
    if not path:
        return set()
    if path.startswith("/"):
        found = {_clean(path)}
    else:
        found = {
            _clean(posixpath.join(posixpath.dirname(page_url), path)),
            _clean(posixpath.join(posixpath.dirname(source_rel), path)),
        }
    return {p for p in found if p}


def link_paths(item: Any, site_prefixes: Iterable[str]) -> dict[str, set[str]]:
    """``candidates`` of each of the item's ``link_refs``. The link check and
    members_only both ask for every item in a build: worked out once, kept on
    the item for as long as its URL and the prefixes are the same."""
    url, prefixes = getattr(item, "url", "") or "", tuple(site_prefixes)
    known = own_attribute(item, LINK_PATHS)
    if known is not None and known[0] == (url, prefixes):
        return known[1]
    source = item.relative_source_path.replace("\\", "/")
    found = {ref: candidates(ref, source, url, prefixes) for ref in item.metadata.get("link_refs") or ()}
    set_own_attribute(item, LINK_PATHS, ((url, prefixes), found))
    return found


def line_of(source_path: str, needle: str) -> int | None:
    """The first line of a file holding ``needle`` (to point an editor at a link)."""
    if not needle:
        return None
    try:
        with open(source_path, encoding="utf-8-sig", errors="replace") as source:
            for number, line in enumerate(source, 1):
                if needle in line:
                    return number
    except OSError:
        return None
    return None


_FENCED_BLOCK = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)[^`\n](?:.*?[^`])?\1(?!`)")
_INLINE = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)")
_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?([^\s>]+)>?", re.M)
_RAW_ATTR = re.compile(r"""<[a-zA-Z][^<>]*?\s(?:href|src|srcset|poster|data|cite|action|formaction)\s*=[^<>]*>""")


def _blank(match: re.Match[str]) -> str:
    """Code replaced by as many newlines, so line numbers stay right."""
    return "\n" * match.group(0).count("\n")


def source_refs(body: str, first_line: int = 1) -> tuple[tuple[str, int], ...]:
    """Local link targets written in a Markdown body, with their lines: inline
    links and images, reference definitions and raw HTML attributes; code
    blocks and code spans are skipped (what the content check reads without
    rendering). Indented lines are read too: in this site's Markdown they are
    mostly nested list items, rarely code."""
    if "](" not in body and "]:" not in body and "=" not in body:
        return ()
    text = _FENCED_BLOCK.sub(_blank, body) if ("```" in body or "~~~" in body) else body
    if "`" in text:
        text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)) if "\n" not in m.group(0) else _blank(m), text)
    found: dict[str, int] = {}
    hits = [(m.start(), m.group(1)) for m in _INLINE.finditer(text)] if "](" in text else []
    if "]:" in text:
        hits += [(m.start(), m.group(1)) for m in _DEFINITION.finditer(text)]
    if "<" in text:
        hits += [(m.start(), ref) for m in _RAW_ATTR.finditer(text) for ref in local_refs(m.group(0))]
    line, counted = first_line, 0
    for position, target in sorted(hits):
        scheme = _SCHEME.match(target)
        if scheme is not None and not _PELICAN.match(target):
            continue  # an outside address, entities or not (a scheme holds no "&")
        target = unescape(target) if "&" in target else target
        if target not in found and is_local(target):
            line += text.count("\n", counted, position)
            counted = position
            found[target] = line
    return tuple(found.items())
