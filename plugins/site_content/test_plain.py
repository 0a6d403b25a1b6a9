"""The plain-paragraph shortcut gives exactly Python-Markdown's output."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from markdown import Markdown

from site_content.header import parse_header
from site_content.plain import convert_plain, plain_blocks

ROOT = Path(__file__).resolve().parents[2]
EXTENSIONS = {  # pelicanconf.py's MARKDOWN plus the cjk_markdown extension the plugin adds
    "markdown.extensions.extra": {},
    "markdown.extensions.toc": {"permalink": False},
    "markdown.extensions.admonition": {},
    "markdown.extensions.sane_lists": {},
    "cjk_markdown.extension": {},
}
# Pelican's MarkdownReader lists every configured extension in "extensions".
CONFIG = {"extensions": list(EXTENSIONS), "extension_configs": EXTENSIONS, "output_format": "html5"}


@pytest.fixture(scope="module")
def md() -> Markdown:
    md = Markdown(**CONFIG)
    assert {"toc", "cjk_join", "footnote"} <= {*md.treeprocessors._data, *md.postprocessors._data}
    return md


def reference(md: Markdown, text: str) -> str:
    md.reset()
    return md.convert(text)


PLAIN = [
    "为进一步提升服务质量，后勤处开展节水宣传周活动，共有3299名员工参\n加。能源管理科深入开展主题党日活动。",
    "　　首行缩进两格的段落。\n第二行。\n\n\n\n第二段，前面有多个空行。\n",
    "\n\n开头有空行\n结尾也有\n\n",
    "Latin words\nwrapped over lines stay apart.\n\n中文与English混排\n继续。",
    "引号“中文”、\"英文\"和'单引号'，百分比 95%、价格 $5、邮箱 a@b.cn。",
    "网址 http://example.com/a?b=c;d 不会变成链接，(括号) 与 /斜杠/ 照旧。",
    "2019年9月19日\n6T管理现场检查\n14:30 开会",
    "",
    "## 一、工作概况\n\n正文。\n\n## 二、下一步\n\n## 二、下一步",
    "段落\n## 标题在段落中间\n后文\n###### 六级 Heading 2024",
    "# Hello World\n\n## hello-world\n\n### Hello World",
    "**一是**为进一步提升服务质量，**二是**加强\n队伍建设。",
    "a **b** c **d e**f",
    "前言\n\n1. 会上，**一是**落实。\n2. 据统计，共计 3 项。\n10. 第十项\n\n## 小结\n- 甲\n- 乙",
    "5. 从五开始\n6. 六",
    "| 序号 | 项目名称 | 预算金额（万元） |\n| --- | --- | --- |\n| 1 | **食材**采购 | 12.50 |\n|  | 空格 |　全角 |",
]
NOT_PLAIN = [
    "#标题", "## 标题 ##", "## **加粗标题**", "##  两个空格", "####### 七级", "标题\n===", "标题\n---", "+ 列表", "第一行\n2) 列表", "段落\n1. 懒续行",
    "1. 甲\n\n2. 乙", "- 甲\n\n- 乙", "01. 补零", "3. 甲\n段落", "- - 嵌套", "| 单列 |\n| --- |\n| 1 |",
    "| 甲 | 乙 |\n| :-- | --: |\n| 1 | 2 |", "## |\n- |", "| 甲 | 乙 |\n| --- | --- |\n| 1 |", "| 甲 | 乙 |\n| --- | --- |",
    "> 引用", ": 定义", "行尾两个空格  \n下一行", "    缩进代码", "\t制表符", "*斜体*", "***粗斜***", "** 空格**", "**跨\n行**", "_强调_", "`代码`",
    "[链接](http://a)", "![图](a.png)", "<b>HTML</b>", "&amp; 实体", "| 表 | 格 |", "{: .class}", "~~~\n代码\n~~~",
    "脚注[^1]", "!!! note", "\u3000\n正文", "正文\r\n下一行", "1 > 0",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_takes_the_shortcut_with_the_same_html(md: Markdown, text: str) -> None:
    assert plain_blocks(text) is not None
    assert convert_plain(md, text) == reference(md, text)


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_markdown_syntax_goes_to_python_markdown(md: Markdown, text: str) -> None:
    assert convert_plain(md, text) is None


def test_random_text_never_differs(md: Markdown) -> None:
    pieces = ["中文", "，", "。", "“", "”", "（", "）", "A", "b", "1", "2.", " ", "  ", "\n", "\n\n", "\u3000",
              "-", "#", ":", "=", "*", "_", "<", "&", "|", "[", "]", "!", "\\", "6T", "…", "—",
              "**", "**", "## ", "\n## ", "\n# ", "Hello", "一、"]
    rng = random.Random(6)
    taken = 0
    for _ in range(6000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        fast = convert_plain(md, text)
        if fast is not None:
            taken += 1
            assert fast == reference(md, text), repr(text)
    assert taken > 200  # the shortcut was exercised, not only refused


def test_generated_corpus_bodies_are_identical(md: Markdown, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from benchlib.corpus import generate_corpus

    info = generate_corpus(tmp_path / "corpus", 300)
    taken = 0
    for path in sorted(Path(info.content).rglob("*.md")):
        body = parse_header(path.read_text(encoding="utf-8")).body
        fast = convert_plain(md, body)
        if fast is not None:
            taken += 1
            assert fast == reference(md, body), path
    assert taken > 150
