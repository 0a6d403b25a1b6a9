"""A shortcut for Markdown text that is nothing but paragraphs of plain text.

Most of the archive (imported campus news, notices) is paragraphs of Chinese
text without any Markdown syntax. For such text Python-Markdown's block parser,
inline patterns, tree processors and serializer produce ``<p>…</p>`` per
paragraph, joined by newlines; building that string directly is ten times
faster. The text qualifies only when none of it could mean anything else to
Python-Markdown or its extensions (extra, toc, admonition, sane_lists):

- no character that starts inline syntax, raw HTML, an entity, a table, an
  attribute list, a fence or an escape (``\\ ` * _ [ ] ! < > & | { } ~ ^``),
  no tab, carriage return or Markdown's own placeholder characters;
- no line starting with a space, with a character that opens a block
  (``# > = - + :``: headings, quotes, setext underlines, lists, definition
  lists) or with a number followed by ``.`` or ``)``, and none ending with a
  space (hard line breaks);
- no line of only whitespace.

Anything else goes through Python-Markdown. The Markdown instance's own
postprocessors (CJK line joining among them) still run on the result, as they
would after serializing. ``tests/test_plain_markdown.py`` checks the output is
identical to Python-Markdown's on every article of a generated corpus and on
edge cases.
"""

from __future__ import annotations

import re

from markdown import Markdown

_SPECIAL = re.compile(r"[\\`*_\[\]!<>&|{}~^\t\r\x02\x03\x0b\x0c]")
_BLOCK_START = frozenset("#>=-+: ")
_NUMBERED = re.compile(r"\d+[.)]")  # an ordered-list marker


def plain_paragraphs(text: str) -> list[str] | None:
    """The paragraphs of ``text`` when it is plain paragraphs only, else None."""
    if _SPECIAL.search(text):
        return None
    paragraphs: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        if not line:
            if current:
                paragraphs.append("\n".join(current))
                current = []
            continue
        if line[0] in _BLOCK_START or line[-1] == " " or not line.strip() or _NUMBERED.match(line):
            return None
        current.append(line)
    if current:
        paragraphs.append("\n".join(current))
    return paragraphs


def convert_plain(md: Markdown, text: str) -> str | None:
    """What ``md.convert(text)`` returns, for plain paragraphs; None otherwise."""
    paragraphs = plain_paragraphs(text)
    if paragraphs is None:
        return None
    md.reset()
    html = "\n".join(f"<p>{paragraph.lstrip()}</p>" for paragraph in paragraphs)
    for processor in md.postprocessors:
        html = processor.run(html)
    return html.strip()
