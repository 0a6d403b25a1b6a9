"""A visitor's journey in real headless Chromium against the served sample site.

Home → column → article → attachment download; search 食品安全 from the header box
and get exactly the public articles that contain it; filter by column and year;
a missing address gets the site's 404 page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.slow


def indexed_articles(site: Path, word: str) -> dict[str, BeautifulSoup]:
    """Public article pages (those marked for the index) whose article text contains ``word``."""
    found = {}
    for path in site.rglob("*.html"):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        body = doc.select_one("[data-pagefind-body]")
        if body and word in body.get_text():
            found["/" + path.relative_to(site).as_posix()] = body
    return found


def results(page) -> list[dict]:
    return page.eval_on_selector_all("#search-results li", """items => items.map(li => ({
        url: new URL(li.querySelector('h2 a').href).pathname,
        title: li.querySelector('h2 a').textContent,
        column: (li.querySelector('.item-column') || {}).textContent,
        date: (li.querySelector('time') || {}).textContent,
        marks: [...li.querySelectorAll('.search-excerpt mark')].map(m => m.textContent)}))""")


def total(page) -> int:
    page.wait_for_function("""() => /找到|没有找到|不可用/.test(document.getElementById('search-status').textContent)""")
    status = page.locator("#search-status").inner_text()
    assert "不可用" not in status, status
    match = re.search(r"找到 (\d+) 篇", status)
    count = int(match.group(1)) if match else 0
    # The first page of results (10) is rendered right after the count is announced.
    page.wait_for_function(f"document.querySelectorAll('#search-results li').length === {min(count, 10)}")
    return count


def test_home_column_article_and_attachment_download(visitor, built_site: Path) -> None:
    page = visitor.page(width=1280)
    page.goto("/")
    assert page.title() == "四川省高校后勤协会"
    page.locator(".home-block h2 a", has_text="协会动态").click()
    page.wait_for_url("**/news/")
    assert page.locator("main h1").inner_text() == "协会动态"
    first = page.locator(".item-list li > a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/news/\d{4}/[a-z0-9-]+\.html$"))
    assert page.locator("main h1").inner_text() == title
    assert page.locator(".breadcrumb").inner_text().replace("\n", "").startswith("首页")

    # An article with attachments, reached through its column.
    page.goto("/")
    page.locator(".home-columns a", has_text="政策法规").click()
    page.wait_for_url("**/policy/")
    page.locator(".item-list a[href$='db51-t2769-2021.html']").click()
    links = page.locator(".attachments a[download]")
    assert links.count() >= 1
    href = links.first.get_attribute("href")
    with page.expect_download() as info:
        links.first.click()
    download = info.value
    saved = Path(download.path())
    assert download.suggested_filename == Path(href).name
    assert saved.read_bytes() == (built_site / href.lstrip("/")).read_bytes()


def test_search_from_the_header_box_finds_the_food_safety_articles(visitor, built_site: Path) -> None:
    expected = indexed_articles(built_site, "食品安全")
    assert "/news/2022/food-safety-remote-training.html" in expected
    # A phone: one tap on 搜索 in the header, then the search page's box.
    phone = visitor.page(width=375)
    phone.goto("/news/")
    phone.locator("header a.phone-search").click()
    phone.wait_for_url("**/search/")
    phone.locator("#search-q").fill("食品安全")
    phone.locator("#search-q").press("Enter")
    phone.wait_for_function("() => new URLSearchParams(location.search).get('q') === '食品安全'")
    assert total(phone) == len(expected)
    # A desktop: the box in the header.
    page = visitor.page(width=1280)
    page.goto("/news/")
    box = page.locator("header input[name=q]")
    box.fill("食品安全")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["食品安全"]
    assert page.locator("#search-q").input_value() == "食品安全"
    assert total(page) == len(expected)
    found = results(page)
    assert {r["url"] for r in found} == set(expected)
    for r in found:
        body = expected[r["url"]]
        assert r["title"] == body.find("h1").get_text(strip=True)
        assert r["column"] == body.select_one("[data-pagefind-filter^='column:']")["data-pagefind-filter"][7:]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"])
        assert "".join(r["marks"]).replace("\u200b", "").count("食品") >= 1, r
    # Member-only and draft items are not found.
    assert not any("courseware" in r["url"] or "drafts" in r["url"] for r in found)


def test_search_filters_by_column_and_year(visitor, built_site: Path) -> None:
    page = visitor.page(width=1280)
    page.goto("/search/?q=%E5%90%8E%E5%8B%A4")  # 后勤
    everything = total(page)
    assert everything > 3
    more = page.locator("#search-more")
    shown = page.locator("#search-results li").count()
    while shown < everything:
        more.click()
        page.wait_for_function(f"document.querySelectorAll('#search-results li').length > {shown}")
        shown = page.locator("#search-results li").count()
    assert shown == everything and more.is_hidden()
    columns = {r["column"] for r in results(page)}
    assert len(columns) >= 3, columns

    page.locator("#search-column").select_option("协会动态")
    page.wait_for_function("() => new URLSearchParams(location.search).get('column') === '协会动态'")
    in_news = total(page)
    assert 0 < in_news < everything
    assert {r["column"] for r in results(page)} == {"协会动态"}
    assert all(r["url"].startswith("/news/") for r in results(page))

    page.locator("#search-column").select_option("")
    page.locator("#search-year").select_option("2021")
    page.wait_for_function("() => new URLSearchParams(location.search).get('year') === '2021'")
    in_2021 = total(page)
    assert 0 < in_2021 < everything
    assert {r["date"][:4] for r in results(page)} == {"2021"}

    # A shared link with filters opens with them applied.
    page.goto("/search/?q=%E5%90%8E%E5%8B%A4&column=" + "%E5%8D%8F%E4%BC%9A%E5%8A%A8%E6%80%81")
    assert page.locator("#search-column").input_value() == "协会动态"
    assert total(page) == in_news


def test_search_without_matches_says_so(visitor) -> None:
    page = visitor.page(width=375)
    page.goto("/search/?q=xyzzyqqq")
    assert total(page) == 0
    assert "没有找到" in page.locator("#search-status").inner_text()
    assert page.locator("#search-results li").count() == 0


def test_search_downloads_little_for_one_query(visitor) -> None:
    """Pagefind loads only the index chunks it needs: well under 300 KB for one query."""
    page = visitor.page(width=375)
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(unquote(urlsplit(r.url).path), len(r.body())))
    page.goto("/search/?q=%E9%A3%9F%E5%93%81%E5%AE%89%E5%85%A8")
    total(page)
    page.wait_for_load_state("networkidle")
    search_bytes = sum(v for k, v in sizes.items() if k.startswith("/pagefind/"))
    assert any(k.endswith(".pf_fragment") for k in sizes), sizes
    assert 0 < search_bytes < 300_000, sizes


def test_missing_address_gets_the_404_page(visitor) -> None:
    page = visitor.page(width=375)
    response = page.goto("/news/2099/no-such-article.html")
    assert response.status == 404
    assert page.locator("main h1").inner_text() == "页面未找到"
    page.locator("main a", has_text="返回首页").click()
    page.wait_for_url(re.compile(r"/$"))
