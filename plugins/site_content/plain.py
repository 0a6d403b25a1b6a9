"""A shortcut for Markdown text made of plain paragraphs, headings and bold.

Most of the archive (imported campus news, notices) is paragraphs of Chinese
text, some with ``## 一、…`` headings and ``**一是**`` bold lead-ins, and no
other Markdown. For such text Python-Markdown's block parser, inline patterns,
tree processors and serializer produce ``<p>…</p>`` and ``<hN id="…">…</hN>``
blocks joined by newlines; building that string directly is ten times faster.
The text qualifies only when none of it could mean anything else to
Python-Markdown or its extensions (extra, toc, admonition, sane_lists):

- no character that starts other inline syntax, raw HTML, an entity, a table,
  an attribute list, a fence or an escape (``\\ ` _ [ ] ! < > & | { } ~ ^``),
  no tab, carriage return or Markdown's own placeholder characters; ``*`` only
  in ``**bold**`` pairs (no space or ``*`` just inside them, no line break);
- a line starting with ``#`` is a heading ``#``–``######``, a space and text
  without ``#`` or ``*``, and only when the toc extension gives headings their
  ids (its own ``slugify`` and ``unique``, no anchors or permalinks);
- no other line starting with a space or with a character that opens a block
  (``> = - + :``: quotes, setext underlines, lists, definition lists) or with a
  number followed by ``.`` or ``)``, none ending with a space (hard line
  breaks), no line of only whitespace.

Anything else goes through Python-Markdown. The Markdown instance's own
postprocessors (CJK line joining among them) still run on the result, as they
would after serializing. ``test_plain.py`` checks the output is identical to
Python-Markdown's on every article of a generated corpus, on edge cases and on
random text.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions import toc

_SPECIAL = re.compile(r"[\\`_\[\]!<>&|{}~^\t\r\x02\x03\x0b\x0c]")
_BLOCK_START = frozenset("#>=-+: ")
_NUMBERED = re.compile(r"\d+[.)]")  # an ordered-list marker
_HEADING = re.compile(r"(#{1,6}) ([^#*\s][^#*]*)")
_STRONG = re.compile(r"\*\*([^*\s](?:[^*\n]*[^*\s])?)\*\*")

Block = tuple[int, str]  # heading level (0: paragraph), text


def plain_blocks(text: str) -> list[Block] | None:
    """The paragraphs and headings of ``text`` when it qualifies, else None."""
    if _SPECIAL.search(text):
        return None
    blocks: list[Block] = []
    current: list[str] = []

    def close() -> None:
        if current:
            blocks.append((0, "\n".join(current)))
            current.clear()

    for line in text.split("\n"):
        if not line:
            close()
        elif line[0] == "#" and (heading := _HEADING.fullmatch(line)):
            if heading.group(2) != heading.group(2).strip():
                return None  # Python-Markdown strips any whitespace there
            close()
            blocks.append((len(heading.group(1)), heading.group(2)))
        elif line[0] in _BLOCK_START or line[-1] == " " or not line.strip() or _NUMBERED.match(line):
            return None
        else:
            current.append(line)
    close()
    return blocks


def _strong(text: str) -> str | None:
    """``**x**`` → ``<strong>x</strong>``; None when any other ``*`` is left."""
    if "*" not in text:
        return text
    converted = _STRONG.sub(r"<strong>\1</strong>", text)
    return None if "*" in converted else converted


def _heading_ids(md: Markdown) -> Any:
    """The toc tree processor when it sets plain ids on headings, else None."""
    processor = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None
    if processor is None or processor.base_level != 0 or processor.use_anchors:
        return None
    if processor.use_permalinks not in (False, None) or processor.slugify not in (toc.slugify, toc.slugify_unicode):
        return None
    return processor


def convert_plain(md: Markdown, text: str) -> str | None:
    """What ``md.convert(text)`` returns, for text that qualifies; None otherwise."""
    blocks = plain_blocks(text)
    if blocks is None:
        return None
    ids = _heading_ids(md) if any(level for level, _ in blocks) else None
    used: set[str] = set()
    counters: dict[str, int] = {}
    out: list[str] = []
    for level, body in blocks:
        if level:
            if ids is None:
                return None
            slug = toc.unique(ids.slugify(body, ids.sep), used, counters)
            if any(c in slug for c in '&<>"'):
                return None
            out.append(f'<h{level} id="{slug}">{body}</h{level}>')
        else:
            inline = _strong(body.lstrip())
            if inline is None:
                return None
            out.append(f"<p>{inline}</p>")
    md.reset()
    html = "\n".join(out)
    for processor in md.postprocessors:
        html = processor.run(html)
    return html.strip()
