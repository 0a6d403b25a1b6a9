"""Python-Markdown extension: join Chinese lines wrapped in the source.

Browsers turn a newline inside a paragraph into a space. Between Chinese
characters that space is wrong (CSS Text 3's segment-break rules are not
implemented by Chromium, WebKit or WeChat's browser), so a paragraph wrapped
over several source lines would show stray gaps. This postprocessor removes a
newline when

* both neighbours are CJK characters or full-width punctuation, or
* either neighbour is full-width punctuation (no space after "。" or before "（");

inline tags between the newline and the character (``</strong>``, ``<a …>``)
are looked through. A newline between Latin words is kept, so it still renders
as a space. ``<pre>``, ``<code>``, ``<script>`` and ``<style>`` are untouched.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

#: Han ideographs (BMP, extension A, compatibility, supplementary planes) and kana.
CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
#: CJK symbols and punctuation, full-width forms, and the quotes, dashes,
#: ellipsis and middle dot that Chinese text sets full width.
FULLWIDTH_PUNCT = "\u3000-\u303f\uff00-\uffef\u2014\u2015\u2018\u2019\u201c\u201d\u2026\u00b7"
_WIDE = f"[{CJK_CHARS}{FULLWIDTH_PUNCT}]"
_PUNCT = f"[{FULLWIDTH_PUNCT}]"

_ONE_TAG = re.compile(r"</?(?:a|abbr|b|em|i|span|strong|sub|sup|mark|del|ins|s|u|small)\b[^>]*>")
_WIDE_CHAR = re.compile(_WIDE)
_PUNCT_CHAR = re.compile(_PUNCT)
#: Elements whose text must stay exactly as written.
_VERBATIM = re.compile(r"(<(pre|code|script|style|textarea)\b.*?</\2\s*>)", re.S | re.I)


def join_cjk_lines(html: str) -> str:
    """Remove source newlines that would render as spaces inside Chinese text."""
    parts = _VERBATIM.split(html)
    # split() with two groups yields: text, whole-match, tag-name, text, ...
    out: list[str] = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:
            out.append(_join_text(part) if "\n" in part else part)
        elif kind == 1:
            out.append(part)
    return "".join(out)


def _join_text(text: str) -> str:
    """Drop each newline (with its spaces) whose neighbours, looking through
    inline tags, are both wide, or either of which is full-width punctuation.

    The spaces after a newline that is kept count as the spaces before the
    next one, as they would for a regular expression scanning left to right.
    """
    out: list[str] = []
    kept = 0  # end of the last dropped newline
    newline = text.find("\n")
    while newline != -1:
        start, end = newline, newline + 1
        while start > kept and text[start - 1] in " \t":
            start -= 1
        while end < len(text) and text[end] in " \t":
            end += 1
        before = _tags_start(text, start)
        after = _tags_end(text, end)
        left_punct = before > 0 and _PUNCT_CHAR.match(text, before - 1) is not None
        right_punct = _PUNCT_CHAR.match(text, after) is not None
        both_wide = (before > 0 and _WIDE_CHAR.match(text, before - 1) is not None
                     and _WIDE_CHAR.match(text, after) is not None)
        if both_wide or left_punct or right_punct:
            out.append(text[kept:start])
            kept = end
        newline = text.find("\n", newline + 1)
    out.append(text[kept:])
    return "".join(out)


def _tags_start(text: str, end: int) -> int:
    """Start of the run of inline tags that ends at ``end`` (``end`` if none)."""
    while end > 0 and text[end - 1] == ">":
        floor = text.rfind(">", 0, end - 1) + 1  # a tag holds no ">" before its end
        start = text.find("<", floor, end)
        while start != -1 and not _ONE_TAG.fullmatch(text, start, end):
            start = text.find("<", start + 1, end)
        if start == -1:
            break
        end = start
    return end


def _tags_end(text: str, start: int) -> int:
    """End of the run of inline tags that begins at ``start``."""
    while (tag := _ONE_TAG.match(text, start)) is not None:
        start = tag.end()
    return start


class CJKJoinPostprocessor(Postprocessor):
    """Applies :func:`join_cjk_lines` to the serialized HTML."""

    def run(self, text: str) -> str:
        return join_cjk_lines(text)


class CJKJoinExtension(Extension):
    """Registers the joining postprocessor after raw-HTML restoration."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.postprocessors.register(CJKJoinPostprocessor(md), "cjk_join", 5)


def makeExtension(**kwargs: object) -> CJKJoinExtension:  # noqa: N802
    """Entry point used by Markdown(extensions=["cjk_markdown.extension"])."""
    return CJKJoinExtension(**kwargs)
