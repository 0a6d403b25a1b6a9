"""The automatic summary of an article without ``Summary:``: its paragraphs' text.

Python-Markdown's HTML is reduced to the text of its paragraphs (``<p>``, in
order; headings, tables, footnotes and admonition titles are not summary
material), inline markup is dropped without leaving a space, the paragraphs
and the source's line breaks are joined with the site's joining rules (the
Markdown instance's ``join_text``, see cjk_markdown), and the first
``limit`` characters are kept. A body without paragraphs gives its whole text.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Callable

EXCERPT_CHARS = 120
_FOOTNOTES = re.compile(r'<div class="footnote">.*?</div>|<sup id="fnref[^"]*">.*?</sup>', re.S)
_INNER_TABLE = re.compile(r"<table\b(?:(?!<table\b).)*?</table>", re.S | re.I)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_BLOCK = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|dl|dt|dd|blockquote|pre|table|thead|tbody|tfoot|tr|td|th|hr|br"
                    r"|figure|figcaption|caption)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")

TextJoiner = Callable[[str], str]


def newlines_as_spaces(text: str) -> str:
    """The joiner when no joining extension is configured: a break is a space."""
    return _SPACES.sub(" ", text)


def summary_text(html: str, join: TextJoiner = newlines_as_spaces) -> str:
    """The plain text a summary is cut from."""
    body = _FOOTNOTES.sub("", html)
    while (smaller := _INNER_TABLE.sub("\n", body)) != body:
        body = smaller
    paragraphs = _PARAGRAPH.findall(body)
    source = "\n".join(paragraphs) if paragraphs else body
    text = unescape(_TAG.sub("", _BLOCK.sub("\n", source)))
    return _SPACES.sub(" ", join(text.strip())).strip()


def excerpt(html: str, join: TextJoiner = newlines_as_spaces, limit: int = EXCERPT_CHARS) -> str:
    """HTML-escaped summary: the first ``limit`` characters of the paragraphs' text."""
    text = summary_text(html, join)
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return escape(text, quote=False)
