"""site_search in a real Pelican build that empties its output first (publishconf.py)."""

from __future__ import annotations

from pathlib import Path

from pelican import Pelican
from pelican.settings import read_settings

ARTICLE = "Title: 食堂安全检查{n}\nDate: 2024-03-0{n} 10:00\nCategory: news\n\n协会组织食堂安全检查第{n}次。\n"
TEMPLATE = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ article.title }}</title>'
            '</head><body><article data-pagefind-body>{{ article.content }}</article></body></html>')


def build(tmp_path: Path) -> int:
    """Build; return the Pagefind bundle's stamp (a new one each time Pagefind runs).

    Judged from the files, not the log: Pelican drops an INFO line equal to
    one logged before in the process (its LimitFilter), timings included."""
    settings = read_settings(override={
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "output"),
        "CACHE_PATH": str(tmp_path / "cache"), "THEME_TEMPLATES_OVERRIDES": [str(tmp_path / "templates")],
        "PLUGINS": ["site_search"], "DELETE_OUTPUT_DIRECTORY": True, "SITEURL": "",
        "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None, "TIMEZONE": "Asia/Shanghai",
    })
    Pelican(settings).run()
    return (tmp_path / "output" / "pagefind" / "pagefind-entry.json").stat().st_mtime_ns


def test_publish_build_keeps_bundles_and_reindexes_only_real_changes(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "article.html").write_text(TEMPLATE, encoding="utf-8")
    for n in (1, 2):
        (tmp_path / "content" / f"a{n}.md").write_text(ARTICLE.format(n=n), encoding="utf-8")
    first = build(tmp_path)
    (tmp_path / "output" / "stray.txt").write_text("left by hand", encoding="utf-8")
    page = tmp_path / "output" / "shi-tang-an-quan-jian-cha-1.html"
    written = page.stat().st_mtime_ns
    assert build(tmp_path) == first  # every page written anew with the same bytes: the bundle kept
    assert page.stat().st_mtime_ns != written and not (tmp_path / "output" / "stray.txt").exists()  # emptied
    (tmp_path / "content" / "a2.md").write_text(ARTICLE.format(n=2) + "\n补充说明。\n", encoding="utf-8")
    assert build(tmp_path) != first  # a page really changed: indexed again
