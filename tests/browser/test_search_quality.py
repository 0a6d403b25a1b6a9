"""Search that finds, on a small corpus built for it, in real headless Chromium.

The corpus has words that trip a segmenting search up: 人工 (labour) and 智能
(smart) in different articles but never 人工智能; 食品安全 in one title, many
times in another article's body, and only in a third article's Tags. A result
must contain the query, title matches come first, excerpts start at the match,
and neither metadata lines (关键词, 发布日期) nor the site's chrome are indexed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import pytest

from conftest import COLUMNS_MINI, SAMPLE_CONTENT, write_files

from .conftest import Visitor, build_indexed, serve

pytestmark = pytest.mark.slow

CORPUS = {
    **COLUMNS_MINI,
    "pages/search.md": (SAMPLE_CONTENT / "pages/search.md").read_text(encoding="utf-8"),
    "news/2023/food-safety-class.md": """\
        Title: 全省高校食堂食品安全培训班开班
        Date: 2023-03-01 09:00
        Tags: 培训

        培训班为期两天，各校食堂负责人参加。课程包括食品安全法规和食材查验。
        """,
    "news/2023/canteen-visits.md": """\
        Title: 协会专家组赴高校开展食堂检查
        Date: 2023-03-05 09:00
        Tags: 检查

        专家组走访五所高校食堂。检查围绕食品安全展开：食品安全制度、食品安全台账、
        食品安全培训记录和食品安全应急预案逐项核对，并就食品安全管理提出改进建议。
        各校食堂随后开展自查。
        """,
    "news/2023/water-week.md": """\
        Title: 节水宣传周活动启动
        Date: 2023-03-08 09:00
        Tags: 食品安全, 节水

        各校开展节水宣传，检修公寓用水设施。
        """,
    "notices/2023/labour-cost.md": """\
        Title: 关于测算物业服务人工成本的通知
        Date: 2023-02-10 09:00

        请各会员单位测算保洁和维修岗位的人工成本，人工费用按月填报。
        """,
    "notices/2023/smart-meters.md": """\
        Title: 智能水表改造项目完成验收
        Date: 2023-02-20 09:00

        学生公寓安装智能水表，用水数据接入后勤智能管理平台，每人每月用水量可查。
        """,
    "party/2023/study.md": """\
        Title: 党支部开展集中学习
        Date: 2023-01-15 09:00

        党员逐人发言，结合后勤工作谈体会，人人参与讨论。
        """,
}


@pytest.fixture(scope="module")
def corpus_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("search-corpus")
    write_files(root / "content", CORPUS)
    site = build_indexed(root / "content", root / "output")
    with serve(site) as url:
        yield url


@pytest.fixture
def searcher(browser, corpus_url: str) -> Iterator[Visitor]:
    v = Visitor(browser, corpus_url)
    yield v
    v.close()
    assert not v.stray, v.stray


def search(visitor: Visitor, query: str) -> tuple[str, list[dict]]:
    page = visitor.page(width=375)
    page.goto("/search/?q=" + quote(query))
    page.wait_for_function("/找到|没有找到|不可用/.test(document.getElementById('search-status').textContent)")
    status = page.locator("#search-status").inner_text()
    found = page.eval_on_selector_all("#search-results li", """items => items.map(li => ({
        url: new URL(li.querySelector('h2 a').href).pathname,
        title: li.querySelector('h2 a').textContent,
        titleMarks: [...li.querySelectorAll('h2 mark')].map(m => m.textContent),
        excerpt: li.querySelector('.search-excerpt').textContent,
        marks: [...li.querySelectorAll('.search-excerpt mark')].map(m => m.textContent)}))""")
    return status, found


def test_a_query_whose_words_appear_only_apart_finds_nothing(searcher) -> None:
    status, found = search(searcher, "人工智能")
    assert found == [] and "没有找到" in status, (status, found)
    # Each word on its own does find its article.
    _, labour = search(searcher, "人工成本")
    assert [r["url"] for r in labour] == ["/notices/2023/labour-cost.html"]
    _, meters = search(searcher, "智能水表")
    assert [r["url"] for r in meters] == ["/notices/2023/smart-meters.html"]


def test_title_match_ranks_first_and_excerpts_start_at_the_match(searcher) -> None:
    status, found = search(searcher, "食品安全")
    assert "找到 2 篇" in status, status
    # The article with 食品安全 in its title comes before the one that repeats it six times in its body;
    # the article that has it only in its Tags line is not found.
    assert [r["url"] for r in found] == ["/news/2023/food-safety-class.html", "/news/2023/canteen-visits.html"]
    assert found[0]["titleMarks"] == ["食品安全"]
    for result in found:
        excerpt = result["excerpt"].lstrip("…")
        assert excerpt.startswith("食品安全"), result
        assert "食品安全" in result["marks"], result
        assert "关键词" not in result["excerpt"] and "发布日期" not in result["excerpt"], result
        assert not excerpt.startswith(result["title"]), result


def test_every_term_of_a_query_must_be_in_the_result(searcher) -> None:
    _, found = search(searcher, "食堂 自查")
    assert [r["url"] for r in found] == ["/news/2023/canteen-visits.html"]
    assert {"食堂", "自查"} <= set(found[0]["marks"]), found


@pytest.mark.parametrize("chrome", ["跳到正文", "四川省高校后勤协会秘书处", "关键词", "发布日期"])
def test_site_chrome_and_metadata_lines_are_not_indexed(searcher, chrome: str) -> None:
    status, found = search(searcher, chrome)
    assert found == [] and "没有找到" in status, (chrome, found)
