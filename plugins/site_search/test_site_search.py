"""site_search: Pagefind runs over a written folder and indexes only marked pages."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from site_search import build_index, enabled
from sitekit.plugins import listed

PAGE = (
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title></head>'
    '<body><nav>菜单导航栏目</nav><article{body}><h1>{title}</h1><p>{text}</p></article>'
    '<footer>页脚版权信息</footer></body></html>'
)


def fragments(bundle: Path) -> list[dict]:
    out = []
    for f in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(f.read_bytes())
        out.append(json.loads(data[len(b"pagefind_dcd"):]))
    return out


def test_indexes_only_marked_regions_and_segments_chinese(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(PAGE.format(
        title="食品安全培训", body=" data-pagefind-body", text="协会举办高校食堂食品安全培训。"), encoding="utf-8")
    (tmp_path / "draft.html").write_text(PAGE.format(
        title="草稿", body="", text="这是一篇不应被索引的草稿。"), encoding="utf-8")
    (tmp_path / "pagefind").mkdir()
    (tmp_path / "pagefind" / "stale.txt").write_text("old")
    report = build_index(tmp_path)
    assert report["pages"] == 1
    assert not (tmp_path / "pagefind" / "stale.txt").exists()
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["zh-cn"]
    [frag] = fragments(tmp_path / "pagefind")
    assert frag["url"] == "/a.html"
    assert "菜单" not in frag["content"] and "页脚" not in frag["content"]
    # The extended binary segments Chinese into words (zero-width spaces between them).
    assert "食品\u200b安全" in frag["content"] or "食品安全" in frag["content"].replace("\u200b", "")
    assert "\u200b" in frag["content"]


def test_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    assert enabled({})
    assert not enabled({"SEARCH_INDEX": False})
    assert enabled({"SEARCH_INDEX": True, "MEMBERS_ONLY_MODE": "members"})  # its own protected index
    assert enabled({"MEMBERS_ONLY_MODE": "public"})
    monkeypatch.setenv("SITE_SEARCH_INDEX", "0")
    assert not enabled({"SEARCH_INDEX": True})


def test_nothing_indexed_when_no_page_is_marked(tmp_path: Path) -> None:
    # Pagefind's own fallback would index every page whole (menus, private pages).
    (tmp_path / "private.html").write_text(PAGE.format(
        title="内部资料", body="", text="不公开的内容。"), encoding="utf-8")
    assert build_index(tmp_path)["pages"] == 0
    assert not (tmp_path / "pagefind").exists()


def test_acts_only_in_builds_that_list_it() -> None:
    assert listed({"PLUGINS": ["site_content", "site_search"]}, "site_search")
    assert not listed({"PLUGINS": ["site_content"]}, "site_search")
    assert not listed({}, "site_search")
