"""Which soft line breaks Chinese text keeps: the rules, on characters and plain text.

A soft break (a newline in the source, with the spaces around it) renders as a
space. Between Chinese characters that space is wrong, between Latin words it
is needed. The rules (README.md has them as a table):

* the break is removed when the character on either side is CJK: Han, kana,
  bopomofo, a CJK symbol (``℃ ㎡ ① ㈠ ※``…) or full-width punctuation, letter
  or digit (``，（Ａ１``);
* ``“ ” ‘ ’ — ― … ·`` are *ambiguous*: English uses them too. One of them
  counts as CJK only when the character on the other side of the break is
  CJK; when both sides are ambiguous, the nearest other characters beyond
  them decide (``说……\\n“好”`` joins, ``wait…\\n“yes”`` does not);
* otherwise (Latin letters, digits, ASCII punctuation, anything else on both
  sides) the break stays a space.

``extension.py`` applies them to the HTML Python-Markdown writes;
:func:`join_text` to plain text (titles, summaries).
"""

from __future__ import annotations

import re

#: Code point ranges that count as CJK.
CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x2103, 0x2103), (0x2109, 0x2109),  # ℃ ℉
    (0x203B, 0x203B),  # ※
    (0x2160, 0x217F),  # Roman numerals Ⅰ Ⅻ (set full width in Chinese text)
    (0x2460, 0x24FF),  # enclosed alphanumerics ① ⑴ ⒈
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x2FF0, 0x2FFF),  # ideographic description characters
    (0x3000, 0x303F),  # CJK symbols and punctuation, ideographic space
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3100, 0x312F),  # bopomofo
    (0x3190, 0x31FF),  # kanbun, bopomofo extended, CJK strokes, katakana extension
    (0x3200, 0x33FF),  # enclosed CJK letters and months ㈠, CJK compatibility ㎡
    (0x3400, 0x4DBF),  # Han extension A
    (0x4E00, 0x9FFF),  # Han
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE10, 0xFE1F),  # vertical forms
    (0xFE30, 0xFE6F),  # CJK compatibility forms, small form variants
    (0xFF01, 0xFF60),  # full-width ASCII: punctuation, digits, letters
    (0xFF61, 0xFF9F),  # half-width CJK punctuation and katakana
    (0xFFE0, 0xFFE6),  # full-width signs ￥ ￡
    (0x1B000, 0x1B16F),  # kana supplement and extensions
    (0x20000, 0x3FFFF),  # Han extensions B and later
)
#: Punctuation English shares with Chinese: CJK only next to CJK.
AMBIGUOUS = "\u201c\u201d\u2018\u2019\u2014\u2015\u2026\u00b7"

CJK_CLASS = "".join(
    re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in CJK_RANGES
)
_CJK = re.compile(f"[{CJK_CLASS}]")

CJK, AMB, OTHER = 2, 1, 0


def kind(char: str) -> int:
    """CJK, AMB (ambiguous) or OTHER for one character ("" is OTHER)."""
    if not char or char < "\u00b7":
        return OTHER
    if char in AMBIGUOUS:
        return AMB
    return CJK if _CJK.match(char) else OTHER


def removes_break(left: str, right: str, far_left: str = "", far_right: str = "") -> bool:
    """Whether a soft break between ``left`` and ``right`` disappears.

    ``far_left``/``far_right`` are the nearest characters beyond a run of
    ambiguous ones, asked for only when both neighbours are ambiguous.
    """
    a, b = kind(left), kind(right)
    if a == CJK or b == CJK:
        return True
    if a == AMB and b == AMB:
        return kind(far_left) == CJK or kind(far_right) == CJK
    return False


def beyond_left(text: str, index: int) -> str:
    """The nearest character before ``index`` that is not ambiguous ("" if none)."""
    while index > 0 and text[index - 1] in AMBIGUOUS:
        index -= 1
    return text[index - 1] if index > 0 else ""


def beyond_right(text: str, index: int) -> str:
    """The nearest character from ``index`` on that is not ambiguous ("" if none)."""
    while index < len(text) and text[index] in AMBIGUOUS:
        index += 1
    return text[index] if index < len(text) else ""


_SOFT_BREAK = re.compile(r"[ \t]*(?:\r?\n[ \t]*)+")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def join_text(text: str) -> str:
    """Plain text with the same rules: each run of line breaks (with the spaces
    around it) is removed or becomes one space; other spaces are left alone."""
    if "\n" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        if start == 0 or end == len(text):
            return ""
        left, right = text[start - 1], text[end]
        far = (beyond_left(text, start - 1), beyond_right(text, end + 1)) if left in AMBIGUOUS and right in AMBIGUOUS else ("", "")
        return "" if removes_break(left, right, *far) else " "

    return _SOFT_BREAK.sub(replace, text)


def squeeze(text: str) -> str:
    """``join_text``, then every other run of ASCII whitespace as one space, stripped."""
    return _SPACES.sub(" ", join_text(text)).strip()
