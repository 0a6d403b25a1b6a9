"""site_search in a real Pelican build that empties its output first (publishconf.py)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

ARTICLE = "Title: 食堂安全检查{n}\nDate: 2024-03-0{n} 10:00\nCategory: news\n\n协会组织食堂安全检查第{n}次。\n"
TEMPLATE = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ article.title }}</title>'
            '</head><body><article data-pagefind-body>{{ article.content }}</article></body></html>')


def build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> str:
    settings = read_settings(override={
        "PATH": str(tmp_path / "content"), "OUTPUT_PATH": str(tmp_path / "output"),
        "CACHE_PATH": str(tmp_path / "cache"), "THEME_TEMPLATES_OVERRIDES": [str(tmp_path / "templates")],
        "PLUGINS": ["site_search"], "DELETE_OUTPUT_DIRECTORY": True, "SITEURL": "",
        "FEED_ALL_ATOM": None, "CATEGORY_FEED_ATOM": None, "TIMEZONE": "Asia/Shanghai",
    })
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="site_search"):
        Pelican(settings).run()
    return " ".join(r.getMessage() for r in caplog.records if r.name == "site_search")


def test_publish_build_keeps_bundles_and_reindexes_only_real_changes(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "article.html").write_text(TEMPLATE, encoding="utf-8")
    for n in (1, 2):
        (tmp_path / "content" / f"a{n}.md").write_text(ARTICLE.format(n=n), encoding="utf-8")
    assert "(1 of 1 shard(s) re-indexed)" in build(tmp_path, caplog)
    (tmp_path / "output" / "stray.txt").write_text("left by hand", encoding="utf-8")
    assert "(0 of 1 shard(s) re-indexed)" in build(tmp_path, caplog)  # every page written anew, same bytes
    assert not (tmp_path / "output" / "stray.txt").exists()  # the output was still emptied
    assert (tmp_path / "output" / "pagefind" / "pagefind-entry.json").is_file()
    (tmp_path / "content" / "a2.md").write_text(ARTICLE.format(n=2) + "\n补充说明。\n", encoding="utf-8")
    assert "(1 of 1 shard(s) re-indexed)" in build(tmp_path, caplog)
