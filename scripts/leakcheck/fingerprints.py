"""What of a member-only item could show up in a public tree, as comparable strings.

All text is compared after ``normalize``: entities decoded, tags removed, all
whitespace (and the zero-width characters Pagefind puts between CJK words)
removed. An item yields:

* sentences and clauses of at least ``min_chars`` characters;
* every run of 4+ CJK characters, table cell, tag and attachment file name
  (short text that a sentence check misses);
* its title (a finding only when teasers are off or hide titles).

Strings that public text also holds (public items, column descriptions, data
files, theme, plugins, settings) are dropped later (``scan.collect``).
"""

from __future__ import annotations

import html
import posixpath
import re
import unicodedata
from urllib.parse import unquote, urlsplit

SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
CLAUSE_END = re.compile(r"[，,、：:（）()]+")
TAG = re.compile(r"<[^>]*>")
# Whitespace and the zero-width characters Pagefind puts between segmented CJK words.
SPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{4,}")
MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)")
MD_REF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(\S+)", re.MULTILINE)
ATTR = re.compile(r"""\b(?:href|src|srcset|poster|data|cite)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
PELICAN = re.compile(r"\{(?:static|attach|filename)\}([^)\s\"'>|]+)")
MD_NOISE = re.compile(r"[*_`#>|~]+|^\s*!!!\s*\w+|^\s*[-+]\s+|^\s*\d+\.\s+|^-{3,}$", re.M)
TABLE_ROW = re.compile(r"^\s*\|(.+)\|\s*$", re.M)
TD = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.I | re.S)
KEY_LINE = re.compile(r"^\s*(?P<key>[A-Za-z_]+)\s*[:：]\s*(?P<value>.*)$")
LIST_SPLIT = re.compile(r"[\n,，;；、]+")


def normalize(text: str) -> str:
    """Comparable text: entities decoded (twice, for feeds), tags and whitespace removed."""
    for _ in range(2):
        text = TAG.sub("", html.unescape(text))
    return SPACE.sub("", text)


def header_fields(text: str) -> dict[str, str]:
    """``key → value`` of every ``Key: value``-looking line in the first lines
    (any colon, any width), and of reStructuredText ``:key: value`` fields."""
    fields: dict[str, str] = {}
    for line in text.split("\n")[:40]:
        line = unicodedata.normalize("NFKC", line)
        rst = re.match(r"^\s*:([A-Za-z_]+):\s*(.*)$", line)
        match = rst or KEY_LINE.match(line)
        if match:
            fields.setdefault(match.group(1).casefold(), match.group(2).strip())
    html_title = re.search(r"<title>(.*?)</title>", text, re.I | re.S)
    if html_title:
        fields.setdefault("title", html_title.group(1).strip())
    return fields


def without_header(text: str) -> str:
    """``text`` without its metadata lines (any colon, any width), keeping the
    values of those that readers see (title, summary, tags)."""
    lines = text.split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        folded = unicodedata.normalize("NFKC", line)
        match = (re.match(r"^\s*:([A-Za-z_]+):\s*(.*)$", folded) or KEY_LINE.match(folded)) if index < 40 else None
        if match is None:
            kept.append(line)
        elif match.group(1).casefold() in ("title", "summary", "tags"):
            kept.append(match.group(2))
    return "\n".join(kept)


def markdown_text(body: str) -> str:
    """Plain text of a Markdown (or HTML) body, good enough to cut sentences from."""
    body = PELICAN.sub("", body)
    body = MD_LINK.sub(r"\1", body)
    body = MD_NOISE.sub("\n", body)
    return TAG.sub("", body)


def sentences(text: str, min_chars: int) -> set[str]:
    """Sentences and clauses of ``text`` at least ``min_chars`` long (whitespace removed)."""
    found = set()
    for sentence in SENTENCE_END.split(text):
        for part in (sentence, *CLAUSE_END.split(sentence)):
            part = normalize(part).strip("\"'“”《》")
            if len(part) >= min_chars:
                found.add(part)
    return found


def short_text(text: str, raw: str) -> set[str]:
    """CJK runs of 4+ characters and table cells (markdown and HTML) of 4+ characters."""
    found = {run for line in text.split("\n") for run in CJK_RUN.findall(normalize(line))}
    cells = [c for row in TABLE_ROW.findall(raw) for c in row.split("|")] + TD.findall(raw)
    for cell in cells:
        cell = normalize(markdown_text(cell))
        if len(cell) >= 4 and not re.fullmatch(r"[-:\d.,%]+", cell):
            found.add(cell)
    return found


def split_list(value: str) -> list[str]:
    """Items of a comma/newline separated header value (tags, attachments)."""
    return [part.split("|", 1)[0].strip() for part in LIST_SPLIT.split(value) if part.strip()]


def links(text: str) -> set[str]:
    """Every link target written in ``text``, in any form."""
    found = {m.group(2) for m in MD_LINK.finditer(text)}
    found |= set(MD_REF.findall(text))
    found |= {a or b or c for a, b, c in ATTR.findall(text)}
    found |= {"{static}" + m for m in PELICAN.findall(text)}
    return {html.unescape(link).strip() for link in found if link and link.strip()}


def link_paths(link: str, source_rel: str, page_dirs: list[str], prefixes: list[str]) -> set[str]:
    """Content paths ``link`` may name, written in ``source_rel`` shown at ``page_dirs``."""
    for marker in ("{static}", "{attach}", "{filename}"):
        if link.startswith(marker):
            link = link[len(marker):]
            break
    for prefix in prefixes:
        if prefix and link.startswith(prefix.rstrip("/") + "/"):
            link = link[len(prefix.rstrip("/")):]
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", link) or link.startswith(("#", "//")):
        return set()
    path = unquote(urlsplit(link).path)
    if not path:
        return set()
    if path.startswith("/"):
        bases = [""]
    else:
        bases = [posixpath.dirname(source_rel), *page_dirs]
    found = set()
    for base in bases:
        joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
        if not joined.startswith(".."):
            found.add(joined)
    return found
