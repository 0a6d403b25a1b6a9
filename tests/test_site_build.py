"""The sample site, built with real Pelican: URLs, pages, theme, share metadata."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

ARTICLE_WITH_TABLE_AND_IMAGE = "news/2022/food-safety-remote-training.html"
ARTICLE_WITH_ATTACHMENTS = "policy/2021/db51-t2769-2021.html"
COLUMNS = ["news", "notices", "party", "party-rules", "policy", "theory", "campus", "tenders"]
PAGES = ["about", "charter", "organization", "members", "experts", "contact", "feeds"]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_urls_are_ascii_and_from_folders_and_file_names(sample_site: Path) -> None:
    html_files = [p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*.html")]
    assert all(name.isascii() for name in html_files), [n for n in html_files if not n.isascii()]
    assert "party/2023/party-building-report-2022.html" in html_files
    assert ARTICLE_WITH_ATTACHMENTS in html_files
    for column in COLUMNS:
        assert (sample_site / column / "index.html").is_file(), column
    for page in PAGES:
        assert (sample_site / page / "index.html").is_file(), page
    assert (sample_site / "404.html").is_file()
    assert not (sample_site / "tag").exists() and not (sample_site / "category").exists()


def test_every_page_is_chinese_and_makes_no_external_requests(sample_site: Path) -> None:
    for path in sample_site.rglob("*.html"):
        doc = soup(path)
        assert doc.html["lang"] == "zh-CN", path
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in doc.find_all(tag):
                value = element.get(attr, "")
                if tag == "link" and "alternate" in element.get("rel", []) or "canonical" in element.get("rel", []):
                    continue
                assert not re.match(r"^(https?:)?//", value), f"{path}: external {tag} {value}"


def test_home_page_has_a_block_per_column_group(sample_site: Path) -> None:
    doc = soup(sample_site / "index.html")
    titles = [h.get_text(strip=True) for h in doc.select(".home-block h2")]
    assert titles == ["通知公告", "协会动态", "学校后勤动态", "招投标信息", "党建思政"]
    party_block = doc.select(".home-block")[4]
    links = {a["href"] for a in party_block.select(".item-list a")}
    assert "/party/2023/party-building-report-2022.html" in links
    assert "/party-rules/2022/party-branch-rules.html" in links
    all_columns = {a["href"] for a in doc.select(".home-columns a")}
    assert {f"/{c}/" for c in COLUMNS} <= all_columns
    content = Path(__file__).resolve().parent.parent / "content"
    for extra in all_columns - {f"/{c}/" for c in COLUMNS}:  # member-only columns (issue 5)
        assert "Access: members" in (content / extra.strip("/") / "_index.md").read_text(encoding="utf-8")


def test_article_page_has_breadcrumb_meta_neighbours_and_share_tags(sample_site: Path) -> None:
    doc = soup(sample_site / ARTICLE_WITH_TABLE_AND_IMAGE)
    crumbs = [li.get_text(strip=True) for li in doc.select(".breadcrumb li")]
    assert crumbs == ["首页", "协会动态", "正文"]
    assert doc.select_one(".article-meta time")["datetime"] == "2022-12-20T10:00:00+08:00"
    assert doc.select_one(".article-body table") is not None
    img = doc.select_one(".article-body img")
    assert img["src"] == "/images/2022/food-safety-training.png" and img["alt"]
    assert (sample_site / "images/2022/food-safety-training.png").is_file()
    newer = doc.select(".neighbors a")[0]["href"]
    older = doc.select(".neighbors a")[1]["href"]
    assert newer == "/news/2022/ruziniu-awards.html"
    assert older == "/news/2022/correspondents-training.html"
    for prop in ("og:title", "og:description", "og:image", "og:url"):
        assert doc.find("meta", property=prop)["content"], prop
    assert doc.find("meta", property="og:image")["content"].startswith("http")
    feeds = {l["href"] for l in doc.find_all("link", rel="alternate")}
    assert feeds == {"/feeds/all.atom.xml", "/feeds/all.rss.xml", "/feeds/news.atom.xml", "/feeds/news.rss.xml"}


def test_every_article_has_share_metadata(sample_site: Path) -> None:
    for column in COLUMNS:
        for path in (sample_site / column).glob("*/*.html"):
            if path.name == "index.html":
                continue
            doc = soup(path)
            assert doc.find("meta", property="og:title"), path
            assert doc.find("meta", attrs={"name": "description"})["content"].strip(), path


def test_attachments_listed_with_type_and_size_and_copied(sample_site: Path) -> None:
    doc = soup(sample_site / ARTICLE_WITH_ATTACHMENTS)
    items = doc.select(".attachments li")
    assert len(items) == 2
    assert items[0].select_one(".file-type").get_text() == "PDF"
    assert items[1].select_one(".file-type").get_text() == "Word"
    assert re.search(r"（\d+ B）|（[\d.]+ KB）", items[0].get_text())
    for item in items:
        href = item.a["href"]
        assert (sample_site / href.lstrip("/")).is_file(), href


def test_chinese_lines_are_joined_in_built_pages(sample_site: Path) -> None:
    body = soup(sample_site / "party/2023/party-building-report-2022.html").select_one(".article-body")
    text = body.get_text()
    # the source wraps "功能性\n党支部" over two lines
    source = (Path(__file__).parent.parent / "content/party/2023/party-building-report-2022.md").read_text()
    assert "功能性\n党支部" in source
    assert "为功能性党支部" in text
    assert not re.search(r"[\u4e00-\u9fff，。]\n[\u4e00-\u9fff，。]", str(body))


def test_column_page_year_archive_and_members_page(sample_site: Path) -> None:
    doc = soup(sample_site / "party/index.html")
    assert [a.get_text() for a in doc.select(".column-tabs a")] == ["协会党建动态", "党建制度与规定"]
    assert {a["href"] for a in doc.select(".years a")} == {"/party/2023/", "/party/2022/", "/party/2021/"}
    year = soup(sample_site / "party/2022/index.html")
    assert len(year.select(".item-list li")) == 2
    members = soup(sample_site / "members/index.html")
    names = [a.get_text() for a in members.select(".member-table td:first-child a")]
    assert "四川大学" in names
    assert (sample_site / "members/scu/index.html").is_file()


def test_footer_contact_and_filing_numbers(mini_site) -> None:
    out = mini_site(
        {"news/2023/a.md": "Title: 甲\nDate: 2023-01-01\n\n正文\n"},
        ICP_NUMBER="蜀ICP备12345678号-1",
        PSB_NUMBER="川公网安备51010000000000号",
        PSB_RECORD_CODE="51010000000000",
    )
    footer = soup(out / "index.html").select_one(".site-footer")
    icp = footer.find("a", string="蜀ICP备12345678号-1")
    assert icp["href"] == "https://beian.miit.gov.cn/"
    psb = footer.find("a", string="川公网安备51010000000000号")
    assert "51010000000000" in psb["href"]
    assert "四川省高校后勤协会秘书处" in footer.get_text()


def test_article_page_weight_under_60_kb(sample_site: Path) -> None:
    page = sample_site / "party/2023/party-building-report-2022.html"
    doc = soup(page)
    total = page.stat().st_size
    for link in doc.find_all("link", rel="stylesheet"):
        total += (sample_site / link["href"].lstrip("/")).stat().st_size
    for script in doc.find_all("script", src=True):
        total += (sample_site / script["src"].lstrip("/")).stat().st_size
    assert total < 60 * 1024, total


def test_404_robots_and_sitemap(sample_site: Path) -> None:
    assert "页面未找到" in (sample_site / "404.html").read_text(encoding="utf-8")
    robots = (sample_site / "robots.txt").read_text()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots
    sitemap = (sample_site / "sitemap.xml").read_text()
    assert "<loc>http://127.0.0.1:8000/policy/2021/db51-t2769-2021.html</loc>" in sitemap
    assert "404" not in sitemap
