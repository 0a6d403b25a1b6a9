"""Python-Markdown extension: join Chinese lines wrapped in the source.

Browsers turn a newline inside a paragraph into a space. Between Chinese
characters that space is wrong (CSS Text 3's segment-break rules are not
implemented by Chromium, WebKit or WeChat's browser), so a paragraph wrapped
over several source lines would show stray gaps. This postprocessor applies
the rules of ``rules.py`` (README.md) to every newline of the serialized HTML
outside ``<pre>``, ``<code>``, ``<script>``, ``<style>`` and ``<textarea>``:

* the neighbours of a newline are found past the spaces around it and
  through inline tags (``</strong>``, ``<a …>``), images and footnote marks,
  which are skipped, and code spans, whose first or last character counts;
* an entity (``&amp;``, ``&#8220;``) counts as the character it stands for.

The postprocessor also offers :meth:`CJKJoinPostprocessor.join_text` for
plain text (titles, summaries), so a reader holding the Markdown instance
joins them with the same rules without importing this plugin.
"""

from __future__ import annotations

import bisect
import re
from html import unescape

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

from .rules import AMBIGUOUS, join_text, removes_break

_INLINE = r"a|abbr|b|bdi|bdo|cite|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var"
_ONE_TAG = re.compile(rf"</?(?:{_INLINE})\b[^>]*>|<img\b[^>]*>", re.I)
_FOOTNOTE_REF = re.compile(r'<sup id="fnref[^"]*"><a class="footnote-ref" href="[^"]*">[^<]*</a></sup>')
_CODE_OPEN = re.compile(r"<code\b[^>]*>", re.I)
_ENTITY_END = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});$")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: Elements whose text must stay exactly as written.
_VERBATIM = re.compile(r"<(pre|code|script|style|textarea)\b.*?</\1\s*>", re.S | re.I)


def join_cjk_lines(html: str) -> str:
    """Remove source newlines that would render as unwanted spaces."""
    if "\n" not in html:
        return html
    spans: list[int] = []  # start, end, start, end… of verbatim elements
    if "<" in html:
        for match in _VERBATIM.finditer(html):
            spans += (match.start(), match.end())
    out: list[str] = []
    kept = 0  # end of the last removed break
    newline = html.find("\n")
    while newline != -1:
        inside = bisect.bisect_right(spans, newline) % 2 == 1
        if inside:
            newline = html.find("\n", spans[bisect.bisect_right(spans, newline)])
            continue
        start, end = newline, newline + 1
        while start > kept and html[start - 1] in " \t":
            start -= 1
        while end < len(html) and html[end] in " \t":
            end += 1
        if _removes(html, start, end):
            out.append(html[kept:start])
            kept = end
        newline = html.find("\n", newline + 1)
    out.append(html[kept:])
    return "".join(out)


def _removes(html: str, start: int, end: int) -> bool:
    left, left_at = _left_char(html, start)
    right, right_at = _right_char(html, end)
    if left in AMBIGUOUS and right in AMBIGUOUS:
        far_left = far_right = left
        while far_left in AMBIGUOUS and far_left:
            far_left, left_at = _left_char(html, left_at)
        while far_right in AMBIGUOUS and far_right:
            far_right, right_at = _right_char(html, right_at + 1)
        return removes_break(left, right, far_left, far_right)
    return removes_break(left, right)


def _left_char(html: str, end: int) -> tuple[str, int]:
    """The character before ``end`` looking through inline markup, and its index."""
    while end > 0:
        char = html[end - 1]
        if char == ">":
            tag_start = _tag_start(html, end)
            if tag_start is None:
                return char, end - 1
            if html.startswith("</code", tag_start) or html.startswith("</CODE", tag_start):
                opening = html.rfind("<code", 0, tag_start)
                opened = _CODE_OPEN.match(html, opening) if opening != -1 else None
                if opened is not None and opened.end() < tag_start:
                    return _left_char(html[: tag_start], tag_start)  # the code's last character
                end = opening if opened is not None else tag_start
                continue
            end = tag_start
        elif char == ";" and (entity := _ENTITY_END.search(html, max(0, end - 40), end)) is not None:
            return unescape(entity.group())[-1:], entity.start()
        else:
            return char, end - 1
    return "", -1


def _right_char(html: str, start: int) -> tuple[str, int]:
    """The character from ``start`` on looking through inline markup, and its index."""
    while start < len(html):
        char = html[start]
        if char == "<":
            code = _CODE_OPEN.match(html, start)
            if code is not None:
                closing = html.find("</code", code.end())
                if closing > code.end():
                    return _right_char(html[: closing], code.end())
                start = html.find(">", closing) + 1 if closing != -1 else code.end()
                continue
            skip = _FOOTNOTE_REF.match(html, start) or _ONE_TAG.match(html, start)
            if skip is None:
                return char, start
            start = skip.end()
        elif char == "&" and (entity := _ENTITY.match(html, start)) is not None:
            return unescape(entity.group())[:1], entity.end() - 1
        else:
            return char, start
    return "", len(html)


def _tag_start(html: str, end: int) -> int | None:
    """Start of the skippable markup (inline tag, image, footnote mark, code
    closing tag) that ends at ``end``; None when it is something else."""
    floor = html.rfind(">", 0, end - 1) + 1  # a tag holds no ">" before its end
    start = html.rfind("<", floor, end)
    if start == -1:
        return None
    if html.startswith("</sup>", start):
        ref = html.rfind('<sup id="fnref', 0, start)
        if ref != -1 and _FOOTNOTE_REF.fullmatch(html, ref, end):
            return ref
    if _ONE_TAG.fullmatch(html, start, end) or html[start:end].lower().startswith("</code"):
        return start
    return None


class CJKJoinPostprocessor(Postprocessor):
    """Applies :func:`join_cjk_lines` to the serialized HTML."""

    def run(self, text: str) -> str:
        return join_cjk_lines(text)

    @staticmethod
    def join_text(text: str) -> str:
        """The same rules for plain text (titles, summaries): see rules.join_text."""
        return join_text(text)


class CJKJoinExtension(Extension):
    """Registers the joining postprocessor after raw-HTML restoration."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.postprocessors.register(CJKJoinPostprocessor(md), "cjk_join", 5)


def makeExtension(**kwargs: object) -> CJKJoinExtension:  # noqa: N802
    """Entry point used by Markdown(extensions=["cjk_markdown.extension"])."""
    return CJKJoinExtension(**kwargs)
