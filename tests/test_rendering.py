"""Rendered text in a real build: heading ids, joined titles, summaries and feeds."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser

from conftest import COLUMNS_MINI, run_build, write_files

ARTICLE = """\
Title: 协会举办
    食品安全培训
Date: 2023-03-01 10:00

**一是**加强管理，
协会网站
发布通知，共有
4029名师生参加，使用
Python统计。

## 一、工作概况

正文。

## 二、下一步

正文。
"""


def _ids(html: str) -> list[str]:
    return re.findall(r'<h2 id="([^"]+)"', html)


def test_heading_ids_are_readable_and_stable(mini_site) -> None:
    out = mini_site({"news/2023/a.md": ARTICLE})
    html = (out / "news/2023/a.html").read_text(encoding="utf-8")
    assert _ids(html) == ["一工作概况", "二下一步"]
    content = mini_site.content  # type: ignore[attr-defined]
    edited = ARTICLE.replace("## 一、工作概况", "## 〇、背景\n\n前言。\n\n## 一、工作概况")
    (content / "news/2023/a.md").write_text(edited, encoding="utf-8")
    run_build(content, out)
    html = (out / "news/2023/a.html").read_text(encoding="utf-8")
    assert _ids(html) == ["〇背景", "一工作概况", "二下一步"]  # the old ids did not move


def test_title_summary_and_feed_text_are_joined(mini_site) -> None:
    out = mini_site({"news/2023/a.md": ARTICLE})
    html = (out / "news/2023/a.html").read_text(encoding="utf-8")
    assert "<title>协会举办食品安全培训" in html
    summary = "一是加强管理，协会网站发布通知，共有4029名师生参加，使用Python统计。正文。正文。"  # headings left out
    assert f'<meta name="description" content="{summary}">' in html
    assert "<p><strong>一是</strong>加强管理，协会网站发布通知，共有4029名师生参加，使用Python统计。</p>" in html
    feed = feedparser.parse((out / "feeds/all.atom.xml").read_bytes())
    entry = feed.entries[0]
    assert entry.title == "协会举办食品安全培训"
    assert entry.summary == summary
    assert "共有4029名师生参加" in entry.content[0].value


def test_summary_skips_headings_tables_and_footnotes(mini_site) -> None:
    body = ("## 一、概况\n\n| 项目 | 人数 |\n|---|---|\n| 培训 | 12 |\n\n"
            "今年协会[^1]\n开展培训。\n\nSecond\nparagraph.\n\n[^1]: 脚注。\n")
    out = mini_site({"news/2023/b.md": f"Title: 摘要\nDate: 2023-03-02\n\n{body}"})
    html = (out / "news/2023/b.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="今年协会开展培训。Second paragraph.">' in html


def test_stock_toc_setting_still_works(tmp_path: Path) -> None:
    """A site that keeps Python-Markdown's default slugify gets its ids."""
    content = tmp_path / "content"
    write_files(content, {**COLUMNS_MINI, "news/2023/a.md": ARTICLE})
    (content / "pages").mkdir()
    out = run_build(content, tmp_path / "out", MARKDOWN={
        "extension_configs": {"markdown.extensions.toc": {}}, "output_format": "html5"})
    assert _ids((out / "news/2023/a.html").read_text(encoding="utf-8")) == ["_1", "_2"]
