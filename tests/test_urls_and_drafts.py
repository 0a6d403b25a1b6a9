"""Stable URLs and GUIDs, drafts kept out of lists, feeds and the sitemap."""

from __future__ import annotations

from pathlib import Path

import feedparser

from conftest import run_build, write_files

ARTICLE = "Title: {title}\nDate: 2023-03-01 10:00\n\n第一行\n第二行。\n"


def test_editing_a_title_keeps_url_and_guid(tmp_path: Path) -> None:
    content = tmp_path / "content"
    from conftest import COLUMNS_MINI

    write_files(content, {**COLUMNS_MINI, "news/2023/food.md": ARTICLE.format(title="食品安全培训")})
    (content / "pages").mkdir()
    first = run_build(content, tmp_path / "out1")
    write_files(content, {"news/2023/food.md": ARTICLE.format(title="食品安全远程培训（更正）")})
    second = run_build(content, tmp_path / "out2")
    assert (first / "news/2023/food.html").is_file() and (second / "news/2023/food.html").is_file()
    before = feedparser.parse((first / "feeds/news.atom.xml").read_bytes()).entries[0]
    after = feedparser.parse((second / "feeds/news.atom.xml").read_bytes()).entries[0]
    assert before.title != after.title
    assert before.id == after.id == "tag:scgxhq.org.cn,2006:/news/2023/food.html"
    assert before.link == after.link


def test_explicit_guid_is_kept(mini_site) -> None:
    out = mini_site(
        {"news/2023/imported.md": "Title: 导入\nDate: 2023-03-01\nGuid: urn:uuid:1234\n\n正文\n"}
    )
    entry = feedparser.parse((out / "feeds/all.rss.xml").read_bytes()).entries[0]
    assert entry.id == "urn:uuid:1234"


def test_drafts_stay_out_of_lists_feeds_and_sitemap(mini_site) -> None:
    out = mini_site(
        {
            "news/2023/public.md": ARTICLE.format(title="公开文章"),
            "news/2023/secret.md": "Title: 草稿文章\nDate: 2023-03-02\nStatus: draft\n\n草稿\n",
        }
    )
    for listing in ("index.html", "news/index.html", "news/2023/index.html", "sitemap.xml",
                    "feeds/all.atom.xml", "feeds/news.rss.xml"):
        text = (out / listing).read_text(encoding="utf-8")
        assert "公开文章" in text or "public" in text, listing
        assert "草稿文章" not in text and "secret" not in text, listing
    assert not (out / "news/2023/secret.html").exists()


def test_drafts_not_published_with_publishconf(tmp_path: Path) -> None:
    from pelican import Pelican
    from pelican.settings import read_settings

    from conftest import COLUMNS_MINI, ROOT

    content = tmp_path / "content"
    write_files(content, {**COLUMNS_MINI, "news/2023/secret.md": "Title: 草稿\nDate: 2023-03-02\nStatus: draft\n\n草稿\n"})
    (content / "pages").mkdir()
    settings = read_settings(str(ROOT / "publishconf.py"),
                             override={"PATH": str(content), "OUTPUT_PATH": str(tmp_path / "out")})
    Pelican(settings).run()
    assert not list((tmp_path / "out").rglob("*secret*"))
    sitemap = (tmp_path / "out/sitemap.xml").read_text()
    assert "https://" in sitemap and "secret" not in sitemap


def test_pinyin_is_never_used_for_urls(mini_site) -> None:
    out = mini_site({"news/2023/a.md": "Title: 重庆大学\nDate: 2023-03-01\nTags: 公式, 攻势\n\n正文\n"})
    names = " ".join(p.as_posix() for p in out.rglob("*"))
    assert "zhong-qing" not in names and "gong-shi" not in names


def test_chinese_joining_and_latin_spaces_in_built_page(mini_site) -> None:
    out = mini_site(
        {"news/2023/join.md": "Title: 断行\nDate: 2023-03-01\n\n四川省高校\n后勤协会（成立\n于2006年）。English\nwords here.\n\n```\n代码\n不变\n```\n"}
    )
    html = (out / "news/2023/join.html").read_text(encoding="utf-8")
    assert "四川省高校后勤协会（成立于2006年）。English" in html
    assert "English\nwords here." in html
    assert "代码\n不变" in html


def test_stable_pagination_keeps_old_pages_byte_identical(tmp_path: Path) -> None:
    from conftest import COLUMNS_MINI

    content = tmp_path / "content"
    files = {**COLUMNS_MINI}
    for n in range(1, 8):
        files[f"news/2023/item{n}.md"] = f"Title: 第{n}条\nDate: 2023-03-{n:02d}\n\n正文\n"
    write_files(content, files)
    (content / "pages").mkdir()
    out = tmp_path / "out"
    run_build(content, out, COLUMN_PAGE_SIZE=3)
    page1 = (out / "news/page/1/index.html").read_bytes()
    assert (out / "news/page/2/index.html").is_file() and not (out / "news/page/3").exists()
    write_files(content, {"news/2023/item8.md": "Title: 第8条\nDate: 2023-03-08\n\n正文\n"})
    run_build(content, out, COLUMN_PAGE_SIZE=3)
    assert (out / "news/page/1/index.html").read_bytes() == page1
    front = (out / "news/index.html").read_text(encoding="utf-8")
    assert "第8条" in front and "第5条" not in front


def test_markdown_extensions_tables_footnotes_toc_attr_list_admonition(mini_site) -> None:
    body = (
        "[TOC]\n\n## 第一节\n\n正文[^1]。\n\n[^1]: 脚注内容。\n\n"
        "| 项目 | 人数 |\n|---|---|\n| 培训 | 4029 |\n\n"
        "![图](https://example.org/x.png){: width=\"10\" }\n\n"
        "!!! note \"提示\"\n    提示内容。\n"
    )
    out = mini_site({"news/2023/md.md": f"Title: 扩展\nDate: 2023-03-01\n\n{body}"})
    html = (out / "news/2023/md.html").read_text(encoding="utf-8")
    assert '<div class="toc">' in html and 'href="#第一节"' in html  # toc, readable ids
    assert 'class="footnote"' in html and "脚注内容" in html  # footnotes
    assert "<td>4029</td>" in html  # tables
    assert 'width="10"' in html  # attr_list
    assert '<div class="admonition note">' in html and "提示内容" in html  # admonition
