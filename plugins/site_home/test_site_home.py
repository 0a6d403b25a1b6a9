"""site_home: photo-news strip, figures, 友情链接 and share images, in real builds."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from members.registry import Totals
from plugin_testing import build_site
from site_home import FeaturedError, LinksError, first_image
from site_home.figures import home_figures
from site_home.links import load_links
from site_home.photos import absolute_image, is_featured

COLUMNS = {
    "news/_index.md": "Title: 协会动态\nSection: 协会工作\nOrder: 10\n\n协会新闻。\n",
    "notices/_index.md": "Title: 通知公告\nSection: 协会工作\nOrder: 20\n\n通知。\n",
    "campus/_index.md": "Title: 学校后勤动态\nSection: 后勤动态\nOrder: 70\n\n会员动态。\n",
    "tenders/_index.md": "Title: 招投标信息\nSection: 招投标\nOrder: 80\n\n招标。\n",
}
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
       b"\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def article(title: str, date: str, body: str = "正文。", extra: str = "") -> str:
    return f"Title: {title}\nDate: {date}\n{extra}\n{body}\n"


SITE = {
    **COLUMNS,
    "images/2023/a.png": PNG,
    "news/2023/with-photo.md": article("有图的新闻", "2023-03-01", "![培训现场]({static}/images/2023/a.png)\n\n正文。"),
    "news/2023/featured.md": article("推荐的新闻", "2023-02-01", extra="Featured: 是\n"),
    "news/2023/plain.md": article("普通新闻", "2023-03-05"),
    "news/2023/external.md": article("外链图片", "2023-03-06", "![x](https://example.com/x.png)"),
    "images/2023/b.png": PNG,
    "notices/2023/own-image.md": article("自选分享图", "2023-01-20", "![正文图]({static}/images/2023/a.png)",
                                         extra="Image: images/2023/b.png\n"),
    "notices/2022/notice.md": article("一则通知", "2022-05-01"),
    "data/links.yml": "- title: 四川省教育厅\n  url: https://edu.sc.gov.cn/\n- title: 中国教育后勤协会\n  url: http://www.chinacacm.org/\n",
    "data/members.yml": ("totals: {units: 236, regions: 8}\nmembers:\n"
                         "  - {id: scu, name: 四川大学, kind: university, region: 成都片区, homepage: 'https://www.scu.edu.cn/'}\n"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("home"), SITE)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_photo_strip_shows_pictures_first_then_featured_items(site: Path) -> None:
    strip = soup(site / "index.html").select(".photo-news li")
    assert [li.select_one(".photo-title").get_text() for li in strip] == ["有图的新闻", "自选分享图", "推荐的新闻"]
    assert strip[1].img["src"] == "/images/2023/b.png"  # its Image: field wins over the body's picture
    assert strip[0].img["src"] == "/images/2023/a.png" and strip[0].img["alt"] == ""
    assert strip[2].select_one(".photo-fallback img")["src"] == "/theme/img/emblem.svg"


def test_empty_blocks_are_not_shown_and_figures_are_computed(site: Path) -> None:
    doc = soup(site / "index.html")
    assert [h.get_text(strip=True) for h in doc.select(".home-block h2")] == ["通知公告", "协会动态"]  # HOME_BLOCKS order
    assert "暂无内容" not in doc.get_text()
    figures = {li.select_one(".figure-label").get_text(): li.select_one(".figure-value").get_text()
               for li in doc.select(".figures li")}
    # 236 and 8 are the registry's declared totals; the list has one unit, so no 高校 count is guessed.
    assert figures == {"会员单位": "236", "片区工作组": "8", "2023年发布信息": "5", "累计发布信息": "6"}


def test_friendly_links_come_from_the_data_file(site: Path) -> None:
    links = [(a.get_text(), a["href"]) for a in soup(site / "index.html").select(".friend-links a")]
    assert links == [("四川省教育厅", "https://edu.sc.gov.cn/"), ("中国教育后勤协会", "http://www.chinacacm.org/")]


def test_share_image_is_the_first_picture_else_the_emblem(site: Path) -> None:
    def og(path: str) -> str:
        return soup(site / path).find("meta", property="og:image")["content"]

    assert og("news/2023/with-photo.html") == "http://127.0.0.1:8000/images/2023/a.png"
    assert og("notices/2023/own-image.html") == "http://127.0.0.1:8000/images/2023/b.png"
    assert og("news/2023/plain.html") == "http://127.0.0.1:8000/theme/img/emblem.png"
    assert og("news/2023/external.html") == "http://127.0.0.1:8000/theme/img/emblem.png"
    assert og("index.html") == "http://127.0.0.1:8000/theme/img/emblem.png"
    assert og("news/index.html") == "http://127.0.0.1:8000/theme/img/emblem.png"


def test_a_typo_in_featured_stops_the_build(tmp_path: Path) -> None:
    files = {**COLUMNS, "news/2023/x.md": article("甲", "2023-01-01", extra="Featured: ture\n")}
    with pytest.raises(FeaturedError, match=r"news/2023/x.md: Featured 'ture'.*Featured: true"):
        build_site(tmp_path, files)


def test_a_broken_links_file_stops_the_build_naming_the_entry(tmp_path: Path) -> None:
    files = {**COLUMNS, "data/links.yml": "- title: 教育部\n  url: www.moe.gov.cn\n"}
    with pytest.raises(LinksError, match=r"links.yml: entry 1 \(教育部\), key 'url'.*https://"):
        build_site(tmp_path, files)


@pytest.mark.parametrize("text, message", [
    ("title: 教育部\n", "must be a list"),
    ("- 教育部\n", "entry 1: must have"),
    ("- title: 教育部\n  url: http://www.moe.gov.cn/\n  logo: x.png\n", "unknown key 'logo'"),
    ("- url: http://www.moe.gov.cn/\n", "key 'title'"),
    ("- title: [a\n", "not valid YAML"),
])
def test_links_file_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "links.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LinksError, match=message):
        load_links(path)
    assert load_links(tmp_path / "missing.yml") == []


def test_first_image_skips_pictures_from_other_sites() -> None:
    assert first_image('<img src="https://x.cn/a.png"><img alt="" src=\'/images/b.png\'>') == "/images/b.png"
    assert first_image("<p>无图</p>") is None and first_image(None) is None
    page = SimpleNamespace(metadata={}, url="news/2023/a.html")
    assert absolute_image(page, '<img src="../img/c.png">', "", "https://www.scgxhq.org.cn") == \
        "https://www.scgxhq.org.cn/news/img/c.png"
    page.metadata["image"] = "{static}/images/2024/d.jpg"
    assert absolute_image(page, '<img src="/x.png">', "", "https://www.scgxhq.org.cn") == \
        "https://www.scgxhq.org.cn/images/2024/d.jpg"


@pytest.mark.parametrize("value, expected", [(None, False), ("true", True), ("Yes", True), ("是", True),
                                             ("false", False), ("否", False), ("", False)])
def test_featured_values(value: str | None, expected: bool) -> None:
    item = SimpleNamespace(metadata={} if value is None else {"featured": value}, relative_source_path="a.md")
    assert is_featured(item) is expected


def test_figures_count_the_list_when_it_is_complete() -> None:
    members = [SimpleNamespace(kind="university", region="成都片区"), SimpleNamespace(kind="enterprise", region="雅安片区")]
    articles = [SimpleNamespace(date=datetime(2023, 1, 1)), SimpleNamespace(date=datetime(2022, 1, 1))]
    figures, year = home_figures(members, Totals(), articles)
    assert year == 2023
    assert [(f.label, f.value) for f in figures] == [("会员单位", 2), ("高校会员", 1), ("片区工作组", 2),
                                                     ("2023年发布信息", 1), ("累计发布信息", 2)]
