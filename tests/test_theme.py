"""The public face in built pages (real Pelican builds): masthead, menus, home
page, reading layout, share metadata, 会员单位 figures. What needs a browser
(layout, print, feeds opened in a browser) is in tests/browser/test_theme_browser.py."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT, pelican_settings

SETTINGS = pelican_settings(Path("content"), Path("output"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_masthead_has_emblem_chinese_name_english_subtitle_and_a_date_slot(sample_site: Path) -> None:
    for path in ["index.html", "news/index.html", "policy/2021/db51-t2769-2021.html", "stats/index.html"]:
        header = soup(sample_site / path).select_one("header.site-header")
        emblem = header.select_one(".brand img.emblem")
        assert emblem["src"] == "/theme/img/emblem.svg" and emblem["alt"] == "", path
        assert (sample_site / "theme/img/emblem.svg").is_file()
        assert header.select_one(".brand-name").get_text() == SETTINGS["SITENAME"]
        english = header.select_one(".brand-en")
        assert english["lang"] == "en" and english.get_text() == SETTINGS["SITESUBTITLE"]
        assert header.select_one(".today").has_attr("hidden")  # a11y.js writes today's date


def test_logo_and_share_image_settings_point_to_the_real_files(mini_site) -> None:
    out = mini_site({"news/2023/a.md": "Title: 甲\nDate: 2023-01-01\n\n正文\n",
                     "extra/logo.png": b"\x89PNG\r\n\x1a\n", "extra/share.jpg": b"\xff\xd8\xff"},
                    SITE_LOGO="extra/logo.png", SITE_SHARE_IMAGE="extra/share.jpg")
    home = soup(out / "index.html")
    assert home.select_one(".brand img.emblem")["src"] == "/extra/logo.png"
    assert (out / "extra/logo.png").is_file() and (out / "extra/share.jpg").is_file()
    assert home.find("meta", property="og:image")["content"] == "http://127.0.0.1:8000/extra/share.jpg"
    article = soup(out / "news/2023/a.html")
    assert article.find("meta", property="og:image")["content"] == "http://127.0.0.1:8000/extra/share.jpg"


def test_committed_emblem_is_what_the_script_draws() -> None:
    spec = importlib.util.spec_from_file_location("make_emblem", ROOT / "scripts/make_emblem.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    assert (ROOT / "theme/static/img/emblem.svg").read_text(encoding="utf-8") == module.svg()
    assert (ROOT / "theme/static/img/emblem.png").stat().st_size < 40_000


def test_phone_menu_holds_every_section_and_column_without_script(sample_site: Path) -> None:
    doc = soup(sample_site / "news/2022/food-safety-remote-training.html")
    menu = doc.select_one("header details.menu")
    assert menu.summary.get_text(strip=True) == "栏目"
    links = {a["href"] for a in menu.select("nav a")}
    columns = {f"/{p.parent.name}/" for p in (ROOT / "content").glob("*/_index.md")}
    assert columns - {"/documents/", "/courseware/"} <= links | {"/news/"}
    assert {"/", "/members/", "/stats/", "/feeds/", "/about/"} <= links
    assert not menu.find("script")
    # The desktop bar lists the sections; the current one is marked.
    current = doc.select(".site-nav a[aria-current]")
    assert [a.get_text() for a in current] == ["协会工作"]
    # Search and the reading aids sit in the header itself, one tap away.
    assert doc.select_one("header a.phone-search")["href"] == "/search/"
    assert [b.get_text() for b in doc.select("header .a11y-tools button")] == ["标准", "大字", "高对比度"]


def test_home_page_blocks_are_filled_and_empty_ones_left_out(sample_site: Path, mini_site) -> None:
    home = soup(sample_site / "index.html")
    assert "暂无内容" not in home.get_text()
    blocks = {b.h2.get_text(strip=True): len(b.select(".item-list li")) for b in home.select(".home-block")}
    assert all(count > 0 for count in blocks.values()), blocks
    assert blocks["学校后勤动态"] >= 4 and blocks["招投标信息"] >= 4
    assert len(home.select(".photo-news li")) == 4
    assert home.select_one(".photo-news li img")["src"].startswith("/images/")
    links = {a.get_text(): a["href"] for a in home.select(".friend-links a")}
    assert links["四川省教育厅"] == "https://edu.sc.gov.cn/" and "中国教育后勤协会" in links
    figures = {li.select_one(".figure-label").get_text(): li.select_one(".figure-value").get_text()
               for li in home.select(".figures li")}
    assert figures["会员单位"] == "236" and figures["片区工作组"] == "8"
    year_items = sum(1 for p in (ROOT / "content").glob("*/**/2023/*.md")
                     if "Access: members" not in p.read_text(encoding="utf-8")
                     and "Access: members" not in (ROOT / "content" / p.relative_to(ROOT / "content").parts[0] / "_index.md").read_text(encoding="utf-8"))
    assert figures["2023年发布信息"] == str(year_items)
    # A site with news only: one block, no empty 通知公告 block.
    out = mini_site({"news/2023/a.md": "Title: 甲\nDate: 2023-01-01\n\n正文\n"})
    assert [h.get_text(strip=True) for h in soup(out / "index.html").select(".home-block h2")] == ["协会动态"]


def test_pager_only_when_a_column_has_more_than_one_page(mini_site) -> None:
    files = {f"news/2023/n{i}.md": f"Title: 第{i}条\nDate: 2023-01-{i:02d}\n\n正文\n" for i in range(1, 6)}
    files["notices/2023/only.md"] = "Title: 唯一通知\nDate: 2023-02-01\n\n正文\n"
    out = mini_site(files, COLUMN_PAGE_SIZE=2)
    assert soup(out / "news/index.html").select_one("nav.pager a[rel=next]")["href"] == "/news/page/2/"
    assert soup(out / "notices/index.html").select_one("nav.pager") is None
    assert soup(out / "news/page/1/index.html").select_one("nav.pager")


def test_share_metadata_on_home_column_pages_and_articles(sample_site: Path) -> None:
    pages = {"index.html": "", "news/index.html": "news/", "news/2022/index.html": "news/2022/",
             "about/index.html": "about/", "stats/index.html": "stats/", "feeds/index.html": "feeds/",
             "news/2022/food-safety-remote-training.html": "news/2022/food-safety-remote-training.html"}
    for path, url in pages.items():
        doc = soup(sample_site / path)
        for prop in ("og:title", "og:description", "og:image", "og:url", "og:site_name"):
            assert doc.find("meta", property=prop)["content"].strip(), (path, prop)
        assert doc.find("meta", property="og:url")["content"] == f"http://127.0.0.1:8000/{url}", path
        assert doc.find("link", rel="canonical")["href"] == f"http://127.0.0.1:8000/{url}", path
    article = soup(sample_site / "news/2022/food-safety-remote-training.html")
    assert article.find("meta", property="og:type")["content"] == "article"
    assert article.find("meta", property="og:image")["content"] == \
        "http://127.0.0.1:8000/images/2022/food-safety-training.png"  # its own picture
    assert soup(sample_site / "news/2022/ruziniu-awards.html").find("meta", property="og:image")["content"] == \
        "http://127.0.0.1:8000/theme/img/emblem.png"  # no picture: the emblem


def test_attachments_are_listed_by_title_with_their_addresses_for_print(sample_site: Path) -> None:
    doc = soup(sample_site / "policy/2021/db51-t2769-2021.html")
    titles = [t.get_text() for t in doc.select(".attachments .file-title")]
    assert titles == ["附件1：《四川省学校物业服务和管理规范》简介", "附件2：《四川省学校物业服务和管理规范》学习提纲"]
    links = doc.select(".attachments a[download]")
    assert [a["data-print-url"] for a in links] == [
        "http://127.0.0.1:8000/files/2021/db51-t2769-2021-brief.pdf",
        "http://127.0.0.1:8000/files/2021/db51-t2769-2021-study-notes.docx"]
    assert "db51-t2769" not in doc.select_one(".attachments").get_text()  # no raw file names shown
    assert doc.select_one(".print-url").get_text() == \
        "本文网址：http://127.0.0.1:8000/policy/2021/db51-t2769-2021.html"


def test_signature_block_from_markdown(sample_site: Path) -> None:
    body = soup(sample_site / "party/2023/party-building-report-2022.html").select_one(".article-body")
    signature = body.select(".signature")
    assert len(signature) == 1 and signature[0].name == "p"
    assert re.sub(r"\s+", "", signature[0].get_text()) == "四川省高校后勤协会党支部2023年2月"
    assert signature[0].find("br")


def test_search_page_is_indexable_under_one_canonical_address(sample_site: Path) -> None:
    doc = soup(sample_site / "search/index.html")
    assert not doc.find("meta", attrs={"name": "robots"})
    assert doc.find("link", rel="canonical")["href"] == "http://127.0.0.1:8000/search/"
    assert "Disallow: /search/" not in (sample_site / "robots.txt").read_text(encoding="utf-8")


def test_members_page_states_the_association_figures_and_counts_items(sample_site: Path) -> None:
    doc = soup(sample_site / "members/index.html")
    intro = doc.select_one(".article-body .column-intro").get_text()
    listed = len(doc.select(".member-table tbody tr"))
    assert f"协会现有会员单位236个（截至2022年底），分属8个片区。本站名录已收录其中{listed}个单位" in intro
    counts = {row.a.get_text(): row.find_all("td")[2].get_text() for row in doc.select(".member-table tbody tr")}
    assert counts["四川大学"] == "2条" and counts["四川农业大学"] == "2条"
    assert sum(int(c.rstrip("条")) for c in counts.values()) == 10  # the sample campus and tenders items
