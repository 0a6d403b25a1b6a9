"""Round trip: what the importer writes, rendered by the site, has the source page's structure.

Each source (dialect cases written here, the fixture sites' article pages, and
the real reference pages when ``../shared`` exists) is sanitised and converted
as the importer does, then rendered with the site's own Markdown settings
(``Renderer``). The rendered HTML must keep the sanitised source's structure:
the same text (whitespace aside), headings, lists with their nesting, kinds
and starts, tables with their shape, images, links, quotes and code blocks.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from member_import.convert import html_to_markdown
from member_import.dates import TZ
from member_import.encoding import decode_html
from member_import.parse import parse_article
from member_import.presets import PRESETS, detect
from member_import.sanitize import sanitize_html
from pelican.settings import read_settings
from site_content.reader import Renderer

from . import sites
from .helpers import REFERENCE, REPO

NOW = datetime(2025, 1, 1, tzinfo=TZ)
BASE = "https://hq.example.edu.cn/info/1018/1.htm"

CASES = {
    "nested lists": "<ul><li>一级甲<ul><li>二级甲<ol><li>三级甲</li><li>三级乙</li></ol></li>"
                    "<li>二级乙</li></ul></li><li>一级乙</li></ul>",
    "ordered start": "<p>前文</p><ol start=\"3\"><li>第三项</li><li>第四项<ul><li>子项</li></ul></li></ol>",
    "loose items": "<ol><li><p>段一</p><p>段二</p></li><li><p>段三</p></li></ol>",
    "paragraph starts": "<p>1. 这不是列表</p><p># 这不是标题</p><p>- 不是列表</p><p>+ 也不是</p>"
                        "<p>&gt; 不是引用</p><p>!!! note 不是提示框</p><p>: 不是定义</p><p>~~~ 不是代码</p>"
                        "<p>2023. 年份</p><p>#话题</p>",
    "setext lines": "<div>标题<br>===<br>正文<br>---</div>",
    "line starts after br": "<p>第一行<br>1. 第二行<br># 第三行<br>　　2. 缩进</p>",
    "inline syntax as text": "<p>a*b*c _d_ `e` [f](g) ![h](i) {: .j} k|l \\m &lt;b&gt;粗&lt;/b&gt; "
                             "&amp;amp; &lt;script&gt;alert(1)&lt;/script&gt; &lt;http://a.cn&gt; [^1] [TOC]</p>",
    "headings and quotes": "<h2>一、概况</h2><blockquote><p>引用段落</p></blockquote><h3>（一）细节</h3>",
    "links and images": "<p>见<a href=\"https://a.cn/x_(1).htm\">附件 (1)</a>与"
                        "<img src=\"https://a.cn/p.jpg\" alt=\"现场*图\">。</p>",
    "tables": "<table><tr><th>项目</th><th>人数</th></tr><tr><td>培训</td><td>12</td></tr></table>"
              "<table><tr><td colspan=\"2\">合并</td></tr><tr><td>甲</td><td>乙</td></tr></table>",
    "code": "<pre>line 1\n    line 2</pre><p>行内<code>a*b</code>代码</p>",
}


def settings() -> dict[str, Any]:
    loaded = read_settings(str(REPO / "pelicanconf.py"))
    configs = {**loaded["MARKDOWN"]["extension_configs"], "cjk_markdown.extension": {}}
    return {**loaded["MARKDOWN"], "extension_configs": configs}


RENDER = Renderer(settings(), ["summary"])


def structure(html: str) -> dict[str, Any]:
    """What must survive the round trip, independent of how blocks are spelled."""
    soup = BeautifulSoup(html, "html.parser")
    text = re.sub(r"\s+", "", soup.get_text(""))
    return {
        "text": text,
        "headings": [(h.name, re.sub(r"\s+", "", h.get_text())) for h in soup.find_all(re.compile(r"^h[1-6]$"))],
        "lists": [_list_shape(lst) for lst in soup.find_all(["ul", "ol"]) if lst.find_parent(["ul", "ol"]) is None],
        "tables": [[len(row.find_all(["td", "th"])) for row in table.find_all("tr")] for table in soup.find_all("table")],
        "images": [(img.get("src"), img.get("alt") or "") for img in soup.find_all("img")],
        "links": [(a["href"], re.sub(r"\s+", "", a.get_text())) for a in soup.find_all("a", href=True)],
        "quotes": len(soup.find_all("blockquote")),
        "code blocks": [re.sub(r"\s+", "", pre.get_text()) for pre in soup.find_all("pre")],
    }


def _list_shape(lst: Tag) -> Any:
    start = lst.get("start") if lst.name == "ol" else None
    items = []
    for item in lst.find_all("li", recursive=False):
        items.append([_list_shape(sub) for sub in item.find_all(["ul", "ol"]) if sub.find_parent("li") is item])
    return (lst.name, str(start or "1") if lst.name == "ol" else None, items)


def round_trip(content_html: str, url: str = BASE) -> tuple[dict[str, Any], dict[str, Any], str]:
    clean = sanitize_html(content_html, url).html
    markdown = html_to_markdown(clean)
    return structure(clean), structure(RENDER.convert(markdown)), markdown


@pytest.mark.parametrize("name", list(CASES))
def test_dialect_cases_keep_their_structure(name: str) -> None:
    source, rendered, markdown = round_trip(CASES[name])
    assert rendered == source, markdown


def test_cases_are_escaped_readably() -> None:
    markdown = html_to_markdown(sanitize_html(CASES["paragraph starts"], BASE).html)
    assert "1\\. 这不是列表" in markdown and "\\# 这不是标题" in markdown
    nested = html_to_markdown(sanitize_html(CASES["nested lists"], BASE).html)
    assert "- 一级甲\n    - 二级甲\n        1. 三级甲" in nested
    assert "3. 第三项" in html_to_markdown(sanitize_html(CASES["ordered start"], BASE).html)


class _Recorder:
    """Stands in for a FixtureServer: records the pages a fixture site would serve."""

    base = "http://127.0.0.1:8"

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}

    def add(self, path: str, body: str | bytes, **_: Any) -> None:
        self.pages[path] = body.encode("utf-8") if isinstance(body, str) else body


def fixture_articles() -> list[tuple[str, str]]:
    found = []
    for make in (sites.vsb_site, sites.sudy_site):
        recorder = _Recorder()
        make(recorder)  # type: ignore[arg-type]
        for path, body in recorder.pages.items():
            html, _ = decode_html(body, "text/html")
            preset = detect(html)
            if preset is None or not ("/info/" in path or path.endswith("page.htm")) or "系统提示" in html:
                continue
            article = parse_article(html, recorder.base + path, PRESETS[preset], NOW)
            if article.content_html:
                found.append((recorder.base + path, article.content_html))
    return found


def test_fixture_pages_keep_their_structure() -> None:
    articles = fixture_articles()
    assert len(articles) >= 4
    for url, content in articles:
        source, rendered, markdown = round_trip(content, url)
        assert rendered == source, f"{url}\n{markdown}"


REFERENCE_PAGES = {
    "vsb_article_cqjtu-yjszs_info_1056_1872.html": ("http://yjszs.cqjtu.edu.cn/info/1056/1872.htm", "vsb"),
    "sudy_article_fudan-cs_c24258a461132_page.html": ("https://cs.fudan.edu.cn/09/4c/c24258a461132/page.htm", "sudy"),
    "gbk_article_he-xinhuanet_content_25340717.html": ("http://www.he.xinhuanet.com/news/content_25340717.htm", None),
}


@pytest.mark.parametrize("name", list(REFERENCE_PAGES))
def test_reference_member_pages_keep_their_structure(name: str) -> None:
    path: Path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"reference page {name} not available ({REFERENCE} absent)")
    html, _ = decode_html(path.read_bytes(), "text/html")
    url, preset = REFERENCE_PAGES[name]
    if preset is not None:
        content = parse_article(html, url, PRESETS[preset], NOW).content_html
    else:  # a news site, not a member CMS: its article cell
        content = BeautifulSoup(html, "html.parser").select_one('td[height="700"]').decode_contents()
    source, rendered, markdown = round_trip(content, url)
    assert source["text"], "the page has text"
    assert {k: v for k, v in rendered.items() if v != source[k]} == {}, markdown
