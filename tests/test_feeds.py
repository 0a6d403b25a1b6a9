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
    public = [
        path for path in SAMPLE_CONTENT.glob("*/*/*.md")
        if "Access: members" not in (path.parents[1] / "_index.md").read_text(encoding="utf-8")
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


def test_subscribe_page_lists_every_feed(sample_site: Path) -> None:
    page = (sample_site / "feeds/index.html").read_text(encoding="utf-8")
    for path in feed_files(sample_site):
        rel = path.relative_to(sample_site).as_posix()
        assert f"http://127.0.0.1:8000/{rel}" in page, rel
