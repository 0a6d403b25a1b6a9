"""The built site's Pagefind index: article bodies only, no drafts, no member-only items."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from bs4 import BeautifulSoup

ARTICLES = {
    "news/2023/food-safety.md": """\
        Title: 协会举办食品安全培训
        Date: 2023-03-01 10:00

        全省高校食堂食品安全培训在成都举行。
        """,
    "notices/2022/canteen-check.md": """\
        Title: 关于开展食堂检查的通知
        Date: 2022-05-01 10:00

        各会员单位开展食堂食品安全自查。
        """,
    "news/2023/secret-draft.md": """\
        Title: 草稿机密标题
        Date: 2023-04-01 10:00
        Status: draft

        草稿正文含有独特词语甲乙丙丁。
        """,
    "news/2023/members-only.md": """\
        Title: 会员专享资料
        Date: 2023-04-02 10:00
        Access: members

        会员专享正文含有独特词语戊己庚辛。
        """,
}


def fragments(output: Path) -> dict[str, dict]:
    out = {}
    for f in (output / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])
        out[data["url"]] = data
    return out


def test_index_holds_published_public_article_bodies_with_filters_and_meta(mini_site) -> None:
    output = mini_site(ARTICLES)
    frags = fragments(output)
    assert set(frags) == {"/news/2023/food-safety.html", "/notices/2022/canteen-check.html"}
    food = frags["/news/2023/food-safety.html"]
    assert food["meta"]["title"] == "协会举办食品安全培训"
    assert food["meta"]["column"] == "协会动态" and food["meta"]["date"] == "2023-03-01"
    assert food["filters"] == {"column": ["协会动态"], "year": ["2023"]}
    text = food["content"].replace("\u200b", "")
    assert "全省高校食堂食品安全培训" in text
    # Menus, footer, breadcrumb and the date line are not part of the indexed text.
    for outside in ("首页", "主导航", "跳到正文", "发布日期", "四川省高校后勤协会秘书处"):
        assert outside not in text, outside
    everything = json.dumps(frags, ensure_ascii=False).replace("\u200b", "")
    assert "甲乙丙丁" not in everything and "戊己庚辛" not in everything


def test_only_public_article_pages_carry_the_search_body_mark(mini_site) -> None:
    output = mini_site(ARTICLES)
    marked = {
        p.relative_to(output).as_posix()
        for p in output.rglob("*.html")
        if BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").select("[data-pagefind-body]")
    }
    assert marked == {"news/2023/food-safety.html", "notices/2022/canteen-check.html"}
    written = [p.name for p in output.rglob("*.html")]
    assert "secret-draft.html" in written


def test_search_page_and_header_box(mini_site) -> None:
    output = mini_site({**ARTICLES, "pages/search.md": (Path(__file__).parent.parent / "content/pages/search.md").read_text(encoding="utf-8")})
    doc = BeautifulSoup((output / "search" / "index.html").read_text(encoding="utf-8"), "html.parser")
    form = doc.select_one("form#search-form")
    assert form["action"] == "/search/" and form["method"] == "get"
    assert form.select_one("input[name=q]")
    columns = [o["value"] for o in form.select("select[name=column] option")]
    assert columns == ["", "协会动态", "通知公告", "协会党建动态"]
    years = [o["value"] for o in form.select("select[name=year] option")]
    assert years[0] == "" and "2023" in years and "2022" in years
    assert "JavaScript" in doc.find("noscript").get_text()
    home = BeautifulSoup((output / "index.html").read_text(encoding="utf-8"), "html.parser")
    header_form = home.select_one("header form[role=search]")
    assert header_form["action"] == "/search/" and header_form.select_one("input[name=q]")
    assert (output / "pagefind" / "pagefind.js").is_file()


def test_search_index_can_be_turned_off(mini_site) -> None:
    output = mini_site(ARTICLES, SEARCH_INDEX=False)
    assert (output / "news/2023/food-safety.html").is_file()
    assert not (output / "pagefind").exists()


def test_a_build_without_the_plugin_writes_no_index(mini_site) -> None:
    from conftest import pelican_settings

    plugins = [p for p in pelican_settings(Path("."), Path("."))["PLUGINS"] if p != "site_search"]
    output = mini_site(ARTICLES, PLUGINS=plugins)
    assert (output / "news/2023/food-safety.html").is_file()
    assert not (output / "pagefind").exists()
