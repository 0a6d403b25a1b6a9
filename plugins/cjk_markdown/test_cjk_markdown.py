"""The joining rules, checked through a real Python-Markdown instance."""

import random
import re

import markdown
import pytest

from cjk_markdown import extension
from cjk_markdown.extension import CJKJoinExtension, join_cjk_lines


def render(src: str) -> str:
    return markdown.markdown(src, extensions=["extra", CJKJoinExtension()])


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("食品安全\n远程培训", "<p>食品安全远程培训</p>"),
        ("培训，\n共有", "<p>培训，共有</p>"),
        ("参加（其中\n三千）", "<p>参加（其中三千）</p>"),
        ("“五强化”\n提升", "<p>“五强化”提升</p>"),
        ("《规范》\n发布！\n今天：\n好；\n是、\n否。", "<p>《规范》发布！今天：好；是、否。</p>"),
        ("**重点**\n工作", "<p><strong>重点</strong>工作</p>"),
        ("见[网站](https://a.cn)\n说明", '<p>见<a href="https://a.cn">网站</a>说明</p>'),
        ("English words\nwrap here", "<p>English words\nwrap here</p>"),
        ("Property service\n规范", "<p>Property service\n规范</p>"),
    ],
)
def test_joining(src: str, expected: str) -> None:
    assert render(src) == expected


def test_code_blocks_untouched() -> None:
    html = render("```\n代码\n保持\n```\n\n行内 `代\n码` 也是")
    assert "代码\n保持" in html
    assert "<code>代\n码</code>" in html


def test_table_cells_and_list_items() -> None:
    html = render("- 第一\n  续行\n- 第二\n\n| 项目 | 人数 |\n|---|---|\n| 培训 | 4029 |")
    assert "<li>第一续行</li>" in html
    assert "<td>4029</td>" in html


def test_block_boundaries_keep_structure() -> None:
    html = "<p>甲。</p>\n<p>乙</p>"
    assert join_cjk_lines(html) == html


# The first implementation, one regular expression over the whole HTML: the
# specification the faster newline-by-newline join must agree with.
_TAGS = r"(?:</?(?:a|abbr|b|em|i|span|strong|sub|sup|mark|del|ins|s|u|small)\b[^>]*>)*"
_W, _P = extension._WIDE, extension._PUNCT
_REFERENCE = re.compile(
    rf"(?:(?<={_W})({_TAGS})[ \t]*\n[ \t]*(?={_TAGS}{_W}))"
    rf"|(?:(?<={_P})({_TAGS})[ \t]*\n[ \t]*)"
    rf"|(?:({_TAGS})[ \t]*\n[ \t]*(?={_TAGS}{_P}))"
)


def reference_join(html: str) -> str:
    parts = extension._VERBATIM.split(html)
    keep = lambda m: "".join(g or "" for g in m.groups())  # noqa: E731
    return "".join(_REFERENCE.sub(keep, p) if i % 3 == 0 else p for i, p in enumerate(parts) if i % 3 != 2)


def test_join_agrees_with_the_reference_expression_on_random_html() -> None:
    pieces = ["中", "文", "。", "，", "（", "）", "“", "”", "…", "A", "b", "1", " ", "\t", "\n", "\n\n", "\u3000",
              "<b>", "</b>", "<a href=\"x\">", "</a>", "<a\ntitle=\"t\">", "<p>", "</p>", "<br>", "<a title=\"<\">",
              "<pre>", "</pre>", "<code>", "</code>", ">", "<"]
    rng = random.Random(7)
    joined = 0
    for _ in range(20000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        expected = reference_join(html)
        assert join_cjk_lines(html) == expected, repr(html)
        joined += expected != html
    assert joined > 2000  # joining happened, not only pass-through
