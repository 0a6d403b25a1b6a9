"""Every feed read back with feedparser: fields, order, determinism, GUIDs."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import SAMPLE_CONTENT, run_build

COLUMNS = ["news", "notices", "party", "party-rules", "policy", "theory", "campus", "tenders"]


def feed_files(site: Path) -> list[Path]:
    return sorted(site.glob("feeds/**/*.xml"))


def test_a_feed_pair_for_the_site_and_every_column(sample_site: Path) -> None:
    names = {p.relative_to(sample_site / "feeds").as_posix() for p in feed_files(sample_site)}
    for key in ["all", *COLUMNS]:
        assert {f"{key}.rss.xml", f"{key}.atom.xml"} <= names, key


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_every_feed_parses_and_every_item_is_complete(sample_site: Path, fmt: str) -> None:
    for path in sample_site.glob(f"feeds/**/*.{fmt}.xml"):
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
        assert feed.feed.title and feed.feed.link.startswith("http://127.0.0.1:8000/")
        dates = []
        for entry in feed.entries:
            assert entry.title and entry.link.startswith("http://127.0.0.1:8000/"), path
            assert entry.id and entry.title not in entry.id
            assert entry.published.endswith(("+08:00", "+0800")), entry.published
            if fmt == "atom":  # RSS 2.0 has no update date element
                assert entry.updated.endswith("+08:00"), entry.updated
            assert entry.summary.strip()
            html = entry.content[0].value
            for url in re.findall(r'(?:href|src)="([^"]*)"', html):
                assert url.startswith(("http://", "https://", "mailto:")), (path, url)
            assert entry.tags and entry.tags[0].term
            dates.append(entry.published_parsed)
        assert dates == sorted(dates, reverse=True), f"{path}: not newest first"


def test_all_feed_holds_every_article_with_columns(sample_site: Path) -> None:
    feed = feedparser.parse((sample_site / "feeds/all.atom.xml").read_bytes())
    articles = [p for p in SAMPLE_CONTENT.glob("*/**/*.md")
                if p.name != "_index.md" and p.relative_to(SAMPLE_CONTENT).parts[0] != "pages"]
    public = [
        path for path in articles
        if "Access: members" not in (SAMPLE_CONTENT / path.relative_to(SAMPLE_CONTENT).parts[0] / "_index.md").read_text(encoding="utf-8")
        and "Access: members" not in path.read_text(encoding="utf-8")
    ]
    assert len(feed.entries) == len(public)
    columns = {entry.tags[0].term for entry in feed.entries}
    assert {"news", "party", "policy", "theory", "notices", "party-rules"} <= columns


def test_images_and_attachments_are_absolute_and_enclosed(sample_site: Path) -> None:
    atom = feedparser.parse((sample_site / "feeds/policy.atom.xml").read_bytes()).entries[0]
    enclosures = [link for link in atom.links if link.rel == "enclosure"]
    assert [e.href for e in enclosures] == [
        "http://127.0.0.1:8000/files/2021/db51-t2769-2021-brief.pdf",
        "http://127.0.0.1:8000/files/2021/db51-t2769-2021-study-notes.docx",
    ]
    assert enclosures[0].type == "application/pdf" and int(enclosures[0].length) > 0
    rss = feedparser.parse((sample_site / "feeds/policy.rss.xml").read_bytes()).entries[0]
    assert rss.enclosures[0].href.endswith("db51-t2769-2021-brief.pdf")
    news = feedparser.parse((sample_site / "feeds/news.rss.xml").read_bytes())
    food = next(e for e in news.entries if "食品安全" in e.title)
    assert 'src="http://127.0.0.1:8000/images/2022/food-safety-training.png"' in food.content[0].value


def test_rebuild_gives_byte_identical_feeds_and_sitemap(sample_site: Path, tmp_path: Path) -> None:
    again = run_build(SAMPLE_CONTENT, tmp_path / "again")
    for path in [*feed_files(sample_site), sample_site / "sitemap.xml"]:
        rel = path.relative_to(sample_site)
        assert (again / rel).read_bytes() == path.read_bytes(), rel


def test_item_count_is_configurable(mini_site) -> None:
    files = {f"news/2023/n{i}.md": f"Title: 第{i}条\nDate: 2023-01-{i:02d}\n\n正文\n" for i in range(1, 6)}
    out = mini_site(files, SITE_FEEDS={"max_items": 3, "tag_authority": "example.org", "tag_date": "2006"})
    feed = feedparser.parse((out / "feeds/news.rss.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["第5条", "第4条", "第3条"]


def test_every_page_links_site_feed_and_column_pages_link_their_feed(sample_site: Path) -> None:
    for path in sample_site.rglob("*.html"):
        doc = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        hrefs = {l["href"] for l in doc.find_all("link", rel="alternate")}
        assert "/feeds/all.atom.xml" in hrefs and "/feeds/all.rss.xml" in hrefs, path
    column = BeautifulSoup((sample_site / "theory/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "/feeds/theory.rss.xml" in {l["href"] for l in column.find_all("link", rel="alternate")}


def test_subscribe_page_links_every_feed(sample_site: Path) -> None:
    doc = BeautifulSoup((sample_site / "feeds/index.html").read_text(encoding="utf-8"), "html.parser")
    linked = {a["href"] for a in doc.select("main a[href]")}
    copied = {b["data-copy"] for b in doc.select("button[data-copy]")}
    for path in feed_files(sample_site):
        rel = path.relative_to(sample_site).as_posix()
        if rel.endswith(".rss.xml"):  # every RSS feed: a link and a copy button with its absolute address
            assert f"/{rel}" in linked and f"http://127.0.0.1:8000/{rel}" in copied, rel
    assert "/feeds/all.atom.xml" in linked


def test_member_only_columns_have_no_public_feeds(sample_site: Path) -> None:
    names = {p.name for p in feed_files(sample_site)}
    for column in ("documents", "courseware"):  # Access: members in their _index.md
        assert f"{column}.rss.xml" not in names and f"{column}.atom.xml" not in names
    doc = BeautifulSoup((sample_site / "feeds/index.html").read_text(encoding="utf-8"), "html.parser")
    listed = doc.select_one(".article-body").get_text()
    assert "后勤管理文件" not in listed and "培训课件" not in listed


def test_feeds_carry_the_browser_stylesheet_and_keep_their_guids(sample_site: Path) -> None:
    assert (sample_site / "theme/feed.xsl").is_file()
    for path in feed_files(sample_site):
        lines = path.read_bytes().split(b"\n", 2)
        assert lines[0].startswith(b"<?xml version="), path
        assert lines[1] == b'<?xml-stylesheet type="text/xsl" href="/theme/feed.xsl"?>', path
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.get("bozo_exception"))
    # GUIDs stay what they were before the stylesheet: tag: URIs of the article URLs.
    atom = feedparser.parse((sample_site / "feeds/all.atom.xml").read_bytes())
    ids = {e.link: e.id for e in atom.entries}
    assert ids["http://127.0.0.1:8000/news/2022/food-safety-remote-training.html"] == \
        "tag:scgxhq.org.cn,2006:/news/2022/food-safety-remote-training.html"
    assert ids["http://127.0.0.1:8000/policy/2021/db51-t2769-2021.html"] == \
        "tag:scgxhq.org.cn,2006:/policy/2021/db51-t2769-2021.html"
    assert all(i == "tag:scgxhq.org.cn,2006:/" + link.split("8000/", 1)[1] for link, i in ids.items())
    rss = feedparser.parse((sample_site / "feeds/all.rss.xml").read_bytes())
    assert {e.id for e in rss.entries} == set(ids.values())


def test_members_area_feeds_use_its_own_stylesheet_path(mini_site) -> None:
    files = {"news/2023/a.md": "Title: 甲\nDate: 2023-01-01\nAccess: members\n\n正文\n"}
    out = mini_site(files, MEMBERS_ONLY_MODE="members", SITEURL="/members-area",
                    SITE_ORIGIN="http://127.0.0.1:8000/members-area")
    second = (out / "feeds/news.rss.xml").read_bytes().split(b"\n")[1]
    assert second == b'<?xml-stylesheet type="text/xsl" href="/members-area/theme/feed.xsl"?>'


def test_subscribe_page_for_people(sample_site: Path, mini_site) -> None:
    doc = BeautifulSoup((sample_site / "feeds/index.html").read_text(encoding="utf-8"), "html.parser")
    headings = [h.get_text(strip=True) for h in doc.select(".article-body h2")]
    assert headings[:4] == ["微信公众号", "如何订阅", "全站订阅", "按栏目订阅"]
    wechat = doc.select_one(".wechat")
    assert wechat.img["src"] == "/extra/wechat-qr-sample.png" and "四川省高校后勤协会" in wechat.img["alt"]
    steps = [li.get_text() for li in doc.select("ol.steps li")]
    assert len(steps) == 3 and all(app in steps[0] for app in ("Feedly", "Inoreader", "NetNewsWire"))
    everything = doc.select_one("#all-title").find_parent("section")
    assert [a["href"] for a in everything.select("a")] == ["/feeds/all.rss.xml"]
    assert everything.select_one("button[data-copy]")["data-copy"] == "http://127.0.0.1:8000/feeds/all.rss.xml"
    groups = [h.get_text() for h in doc.select_one("#columns-title").find_parent("section").select("h3")]
    assert groups == ["协会工作", "党建思政", "政策与研究", "后勤动态", "招投标"]
    # Without a 公众号 name the block is left out.
    files = {"news/2023/a.md": "Title: 甲\nDate: 2023-01-01\n\n正文\n",
             "pages/feeds.md": (SAMPLE_CONTENT / "pages/feeds.md").read_text(encoding="utf-8")}
    out = mini_site(files, WECHAT_ACCOUNT={"name": "", "qr": ""})
    page = BeautifulSoup((out / "feeds/index.html").read_text(encoding="utf-8"), "html.parser")
    assert not page.select(".wechat") and not page.select("#wechat-title")
    assert page.select_one("#howto-title")
