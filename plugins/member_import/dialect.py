"""The Markdown dialect the importer writes: what the site's Python-Markdown reads back.

markdownify writes CommonMark-flavoured Markdown; the site renders with
Python-Markdown (extra, toc, admonition, sane_lists), which differs where it
matters for imported text:

- nested list content must be indented by four spaces (markdownify indents by
  the bullet's width, two or three, which Python-Markdown flattens);
- text must not start a block by accident: a line of text starting with
  ``1.``, ``#``, ``-``/``+``/``*`` and a space, ``>``, ``=``/``-`` rules,
  ``!!!``, ``:`` and a space or ``~~~`` would become a list, heading, quote,
  setext heading, admonition, definition or fence; these are escaped
  (``1\\.``, ``\\#``…; ``:``, ``=`` and ``~``, which Python-Markdown cannot
  escape, as character references);
- inline syntax in text stays text: backslashes, backticks, ``*``, ``_``,
  brackets, braces and ``|`` are escaped, and ``<``/``&`` that would open a
  tag, an autolink or an entity become ``&lt;``/``&amp;`` (member-site text
  such as ``&lt;script&gt;`` must never turn into raw HTML).

``markdownify``'s own ``escape_misc`` is not used: it escapes characters
Python-Markdown does not know as escapable (``\\&``, ``\\~``), which would
then show their backslash. ``tests/test_dialect.py`` (beside this module) renders the importer's
output of fixture and reference pages and compares its structure with the
source HTML's.
"""

from __future__ import annotations

import re
from typing import Any

from markdownify import MarkdownConverter

INDENT = "    "  # Python-Markdown's tab_length
_BACKSLASH_ESCAPED = re.compile(r"([\\`*_\[\]{}|])")
_OPENS_MARKUP = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY_LIKE = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LINE_START = re.compile(
    r"^(?P<space>[ \t\u00a0\u3000]*)(?:"
    r"(?P<number>\d+)\.(?=\s|$)"  # 1. → ordered list
    r"|(?P<hash>#)"  # heading (Python-Markdown needs no space after #)
    r"|(?P<bullet>[-+])(?=\s|$)"  # - / + list (* is always escaped)
    r"|(?P<quote>>)"  # blockquote
    r"|(?P<rule>=+|-+)[ \t]*$"  # setext underline, hr
    r"|(?P<bang>!!!)"  # admonition
    r"|(?P<colon>:)(?=[ \t])"  # definition
    r"|(?P<tilde>~~~)"  # fence
    r")",
    re.M,
)


def _escape_line_start(match: re.Match[str]) -> str:
    space = match.group("space")
    if match.group("number") is not None:
        return f"{space}{match.group('number')}\\."
    if match.group("rule") is not None:
        rule = match.group("rule")
        return f"{space}{'&#61;' if rule[0] == '=' else '&#45;'}{rule[1:]}"
    if match.group("colon") is not None:
        return f"{space}&#58;"
    if match.group("tilde") is not None:
        return f"{space}&#126;~~"
    marker = match.group("hash") or match.group("bullet") or match.group("quote") or match.group("bang")
    return f"{space}\\{marker}"


def escape_text(text: str) -> str:
    """A text node's characters as Markdown that Python-Markdown shows as they are."""
    text = _BACKSLASH_ESCAPED.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = _OPENS_MARKUP.sub("&lt;", text)
    return _LINE_START.sub(_escape_line_start, text)


class SiteMarkdownConverter(MarkdownConverter):
    """markdownify writing the site's dialect (see the module docstring)."""

    def escape(self, text: str, parent_tags: Any) -> str:
        return escape_text(text) if text else ""

    def convert_li(self, el: Any, text: str, parent_tags: Any) -> str:
        """A list item whose continuation lines and nested lists are indented by four spaces."""
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = str(parent.get("start") or "1").strip()
            first = int(start) if start.isdigit() else 1
            bullet = f"{first + len(el.find_previous_siblings('li'))}. "
        else:
            bullet = "- "
        lines = text.split("\n")
        rest = [INDENT + line if line else "" for line in lines[1:]]
        # An item of several blocks ends with a blank line, or the next item's
        # marker would continue its last paragraph.
        return bullet + "\n".join([lines[0], *rest]) + ("\n\n" if "" in lines else "\n")
