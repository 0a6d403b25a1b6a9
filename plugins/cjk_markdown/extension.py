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
#: Inline tags that may stand between the character and the newline.
_INLINE_TAG = r"(?:</?(?:a|abbr|b|em|i|span|strong|sub|sup|mark|del|ins|s|u|small)\b[^>]*>)*"

_JOIN = re.compile(
    rf"(?:(?<={_WIDE})({_INLINE_TAG})[ \t]*\n[ \t]*(?={_INLINE_TAG}{_WIDE}))"
    rf"|(?:(?<={_PUNCT})({_INLINE_TAG})[ \t]*\n[ \t]*)"
    rf"|(?:({_INLINE_TAG})[ \t]*\n[ \t]*(?={_INLINE_TAG}{_PUNCT}))"
)
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
            out.append(_JOIN.sub(_keep_tags, part))
        elif kind == 1:
            out.append(part)
    return "".join(out)


def _keep_tags(match: re.Match[str]) -> str:
    return "".join(group or "" for group in match.groups())


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
