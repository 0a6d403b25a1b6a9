"""The joining rules, row by row from README.md, through a real Python-Markdown instance."""

from __future__ import annotations

import random
import re
from pathlib import Path

import markdown
import pytest

from cjk_markdown.extension import CJKJoinExtension, join_cjk_lines
from cjk_markdown.rules import AMB, CJK, OTHER, join_text, kind, removes_break, squeeze

README = Path(__file__).with_name("README.md")
_ROW = re.compile(r"^\| (\d+) \| ([^|]+) \| (`+) ?(.+?) ?\3 \| `(.+)` \|$")


def readme_rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in README.read_text(encoding="utf-8").splitlines():
        found = _ROW.match(line)
        if found:
            number, rule, _, source, html = found.groups()
            rows.append((number, rule.strip(), source.replace("\\n", "\n").replace("\\t", "\t"),
                         html.replace("\\n", "\n")))
    return rows


def render(src: str) -> str:
    md = markdown.Markdown(extensions=["extra", "toc", "admonition", "sane_lists", CJKJoinExtension()],
                           output_format="html5")
    return md.convert(src)


def test_the_readme_table_is_read_whole() -> None:
    numbers = [int(row[0]) for row in readme_rows()]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 40


@pytest.mark.parametrize(("number", "rule", "source", "expected"), readme_rows(),
                         ids=[f"{r[0]}-{r[1]}" for r in readme_rows()])
def test_readme_rule(number: str, rule: str, source: str, expected: str) -> None:
    html = render(source)
    paragraph = re.match(r"<p>(.*?)</p>", html, re.S)
    assert paragraph is not None, html
    assert paragraph.group(1) == expected, f"row {number} ({rule})"


@pytest.mark.parametrize(("char", "expected"), [
    ("中", CJK), ("ぁ", CJK), ("ア", CJK), ("ㄅ", CJK), ("，", CJK), ("Ａ", CJK), ("１", CJK), ("℃", CJK),
    ("㎡", CJK), ("①", CJK), ("㈠", CJK), ("※", CJK), ("　", CJK), ("￥", CJK), ("｡", CJK), ("𠀀", CJK),
    ("“", AMB), ("”", AMB), ("‘", AMB), ("’", AMB), ("—", AMB), ("…", AMB), ("·", AMB),
    ("a", OTHER), ("1", OTHER), ("(", OTHER), ("é", OTHER), ("한", OTHER), ("ﾠ", OTHER), ("￨", OTHER), ("", OTHER),
])
def test_character_classes(char: str, expected: int) -> None:
    assert kind(char) == expected


def test_code_blocks_and_spans_untouched() -> None:
    html = render("```\n代码\n保持\n```\n\n    缩进\n    代码\n\n行内 `代\n码` 也是")
    assert "代码\n保持" in html and "缩进\n代码" in html
    assert "<code>代\n码</code>" in html


def test_list_items_table_cells_footnotes_admonitions() -> None:
    html = render("- 第一\n  续行\n- 第二\n\n| 项目 | 人数 |\n|---|---|\n| 培训\n\n"
                  "正文[^1]\n\n[^1]: 脚注\n    续行\n\n!!! note \"注意\"\n    提示\n    内容")
    assert "<li>第一续行</li>" in html
    assert "<td>培训</td>" in html
    assert "脚注续行" in html and "提示内容" in html


def test_block_boundaries_keep_structure() -> None:
    for html in ("<p>甲。</p>\n<p>乙</p>", "<li>\n<p>中</p>\n</li>", "<td>中</td>\n<td>文</td>",
                 "<pre><code>中\n文</code></pre>\n<p>文</p>"):
        assert join_cjk_lines(html) == html


def test_plain_text_titles_and_summaries() -> None:
    assert join_text("协会举办\n食品安全培训") == "协会举办食品安全培训"
    assert join_text("Annual\nmeeting 2024") == "Annual meeting 2024"
    assert join_text("共有\n 4029名\n\n学生") == "共有4029名学生"
    assert squeeze("一是\n加强管理，\n协会网站  发布 \n 通知。\n") == "一是加强管理，协会网站 发布通知。"
    assert squeeze("He said “yes”\n\nand left.") == "He said “yes” and left."


# A slow, plain statement of the HTML rules: tokenise, find each soft break's
# neighbours by walking tokens. The fast joiner must agree with it.
_TOKEN = re.compile(r"<sup id=\"fnref[^\"]*\"><a class=\"footnote-ref\" href=\"[^\"]*\">[^<]*</a></sup>"
                    r"|<code>[^<]*</code>|<[^>]*>|&[a-z]+;|&#[0-9]+;|.", re.S)
_SKIP = re.compile(r"</?(?:a|b|em|strong|span|sup)\b[^>]*>|<img\b[^>]*>|<sup id=\"fnref", re.S)


def reference_join(html: str) -> str:
    tokens = _TOKEN.findall(html)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] not in " \t\n" or "\n" not in _run(tokens, i):
            out.append(tokens[i])
            i += 1
            continue
        j = i
        while j < len(tokens) and tokens[j] in (" ", "\t", "\n"):
            j += 1
        out.append(_decide(tokens, i, j, "".join(tokens[i:j])))
        i = j
    return "".join(out)


def _run(tokens: list[str], i: int) -> str:
    j = i
    while j < len(tokens) and tokens[j] in (" ", "\t", "\n"):
        j += 1
    return "".join(tokens[i:j])


def _char(token: str, last: bool) -> str | None:
    if token.startswith("<code>"):
        inner = token[6:-7]
        return (inner[-1:] if last else inner[:1]) or None
    if _SKIP.match(token):
        return None
    if token.startswith("&"):
        from html import unescape
        return unescape(token)
    if token.startswith("<"):
        return "<"
    return token


def _decide(tokens: list[str], i: int, j: int, run: str) -> str:
    left, k = "", i - 1
    while k >= 0:
        c = _char(tokens[k], last=True)
        if c is not None:
            left = c
            break
        k -= 1
    right, m = "", j
    while m < len(tokens):
        c = _char(tokens[m], last=False)
        if c is not None:
            right = c
            break
        m += 1
    far_l = far_r = ""
    if kind(left) == AMB and kind(right) == AMB:
        far_l = next((c for c in (_char(t, True) for t in reversed(tokens[:k])) if c and kind(c) != AMB), "")
        far_r = next((c for c in (_char(t, False) for t in tokens[m + 1:]) if c and kind(c) != AMB), "")
    return "" if removes_break(left, right, far_l, far_r) else run


def test_fast_join_agrees_with_the_plain_statement_on_random_html() -> None:
    pieces = ["中", "文", "。", "，", "（", "Ａ", "１", "“", "”", "…", "—", "A", "b", "1", "(", " ", "\t", "\n",
              "\n", "\u3000", "<b>", "</b>", "<a href=\"x\">", "</a>", "<p>", "</p>", "<br>", "&amp;", "&#8220;",
              "<code>x</code>", "<code>中</code>", "<img alt=\"图\" src=\"a\">",
              "<sup id=\"fnref:1\"><a class=\"footnote-ref\" href=\"#fn:1\">1</a></sup>"]
    rng = random.Random(7)
    joined = 0
    for _ in range(20000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        if re.search(r"\n[ \t]*\n", html):
            continue  # several breaks in one run: covered by the cases above
        expected = reference_join(html)
        assert join_cjk_lines(html) == expected, repr(html)
        joined += expected != html
    assert joined > 2000  # joining happened, not only pass-through
