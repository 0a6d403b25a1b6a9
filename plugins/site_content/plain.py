"""A shortcut for Markdown text made of plain paragraphs, headings, lists, bold.

Most of the archive (imported campus news, notices, reports) is paragraphs of
Chinese text, some with ``## 一、…`` headings, ``1. …`` or ``- …`` lists and
``**一是**`` bold lead-ins, and no other Markdown. For such text
Python-Markdown's block parser, inline patterns, tree processors and serializer
produce ``<p>``, ``<hN id="…">``, ``<ol>``/``<ul>`` blocks joined by newlines;
building that string directly is ten times faster. The text qualifies only
when none of it could mean anything else to Python-Markdown or its extensions
(extra, toc, admonition, sane_lists):

- no character that starts other inline syntax, raw HTML, an entity, a table,
  an attribute list, a fence or an escape (``\\ ` _ [ ] ! < > & | { } ~ ^``),
  no tab, carriage return or Markdown's own placeholder characters; ``*`` only
  in ``**bold**`` pairs (no space or ``*`` just inside them, no line break);
- a line starting with ``#`` is a heading ``#``–``######``, a space and text
  without ``#`` or ``*``, and only when the toc extension gives headings their
  ids (its own ``slugify`` and ``unique``, no anchors or permalinks);
- a list is a block of consecutive ``1. text`` (first number without leading
  zero) or ``- text`` lines with nothing else in it, not next to another list
  (lists separated by blank lines may merge into one loose list);
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

_SPECIAL = re.compile(r"[\\`_\[\]!<>&{}~^\t\r\x02\x03\x0b\x0c]")
_BLOCK_START = frozenset("#>=-+: ")
_NUMBERED = re.compile(r"\d+[.)]")  # an ordered-list marker
_HEADING = re.compile(r"(#{1,6}) ([^#*|\s][^#*|]*)")  # a "|" could make it a table row
_ITEM = {"ol": re.compile(r"(\d+)\. (\S.*)"), "ul": re.compile(r"()- (\S.*)")}
_RULE_CELL = re.compile(r" *-+ *")  # a separator cell without alignment colons
_STRONG = re.compile(r"\*\*([^*\s](?:[^*\n]*[^*\s])?)\*\*")

Block = tuple[str, Any]  # "p" + text, "h1"…"h6" + text, "ol"/"ul" + (first number, items),
#                          "table" + rows of cells (the first row is the header)


def plain_blocks(text: str) -> list[Block] | None:
    """The blocks of ``text`` when it qualifies, else None."""
    if _SPECIAL.search(text):
        return None
    blocks: list[Block] = []
    lines: list[str] = []

    def close() -> bool:
        block = _block(lines)
        lines.clear()
        if block is False:
            return False
        if block is not None:
            if block[0] in _ITEM and blocks and blocks[-1][0] in _ITEM:
                return False  # lists one after another may merge into one loose list
            blocks.append(block)
        return True

    for line in text.split("\n"):
        if not line:
            if not close():
                return None
        elif line[0] == "#" and (heading := _HEADING.fullmatch(line)):
            if heading.group(2) != heading.group(2).strip() or not close():
                return None  # Python-Markdown strips any whitespace there
            blocks.append((f"h{len(heading.group(1))}", heading.group(2)))
        elif line[-1] == " " or not line.strip():
            return None
        else:
            lines.append(line)
    return blocks if close() else None


def _block(lines: list[str]) -> Block | None | bool:
    """Consecutive lines as a paragraph or a tight list; False when they are
    neither (a list marker inside a paragraph, a line opening other blocks)."""
    if not lines:
        return None
    if any("|" in line for line in lines):
        return _table(lines)
    for kind, item in _ITEM.items():
        found = [item.fullmatch(line) for line in lines]
        if all(found):
            texts = [match.group(2) for match in found]  # type: ignore[union-attr]
            first = found[0].group(1)  # type: ignore[union-attr]
            if first.startswith("0") or any(
                t != t.strip() or t[0] in _BLOCK_START or _NUMBERED.match(t) for t in texts
            ):
                return False  # a zero-padded start, or an item that opens a block itself
            return kind, (first, texts)
    if any(line[0] in _BLOCK_START or _NUMBERED.match(line) for line in lines):
        return False
    return "p", "\n".join(lines)


def _table(lines: list[str]) -> Block | bool:
    """A pipe table: every line ``| … |``, the second a rule of dashes (no
    alignment), every row as many cells as the header, at least one body row."""
    if len(lines) < 3 or not all(line[0] == "|" and line[-1] == "|" and len(line) > 1 for line in lines):
        return False
    rows = [[cell.strip(" ") for cell in line[1:-1].split("|")] for line in lines]
    rule = lines[1][1:-1].split("|")
    if len(rows[0]) < 2 or len(rule) != len(rows[0]) or not all(_RULE_CELL.fullmatch(cell) for cell in rule):
        return False
    body = rows[2:]
    if any(len(row) != len(rows[0]) for row in body):
        return False
    return "table", [rows[0], *body]


def _strong(text: str) -> str | None:
    """``**x**`` → ``<strong>x</strong>``; None when any other ``*`` is left."""
    if "*" not in text:
        return text
    converted = _STRONG.sub(r"<strong>\1</strong>", text)
    return None if "*" in converted else converted


def _table_html(rows: list[list[str]]) -> str:
    """Python-Markdown's table markup: one element per line."""
    head = "".join(f"<th>{cell}</th>\n" for cell in rows[0])
    body = "".join("<tr>\n" + "".join(f"<td>{cell}</td>\n" for cell in row) + "</tr>\n" for row in rows[1:])
    return f"<table>\n<thead>\n<tr>\n{head}</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>"


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
    ids = _heading_ids(md) if any(kind[0] == "h" for kind, _ in blocks) else None
    used: set[str] = set()
    counters: dict[str, int] = {}
    out: list[str] = []
    for kind, body in blocks:
        if kind[0] == "h":
            if ids is None:
                return None
            slug = toc.unique(ids.slugify(body, ids.sep), used, counters)
            if any(c in slug for c in '&<>"'):
                return None
            out.append(f'<{kind} id="{slug}">{body}</{kind}>')
        elif kind == "p":
            inline = _strong(body.lstrip())
            if inline is None:
                return None
            out.append(f"<p>{inline}</p>")
        elif kind == "table":
            cells = [[_strong(cell) for cell in row] for row in body]
            if any(cell is None for row in cells for cell in row):
                return None
            out.append(_table_html(cells))  # type: ignore[arg-type]
        else:
            first, items = body
            texts = [_strong(item) for item in items]
            if any(text is None for text in texts):
                return None
            start = f' start="{int(first)}"' if kind == "ol" and int(first) != 1 else ""
            out.append(f"<{kind}{start}>\n" + "".join(f"<li>{text}</li>\n" for text in texts) + f"</{kind}>")
    md.reset()
    html = "\n".join(out)
    for processor in md.postprocessors:
        html = processor.run(html)
    return html.strip()
