"""Shards: a stable plan, and real Pagefind runs only for the shards whose pages changed."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from site_search import build_index
from site_search.shards import first_plan, glob_for, update_plan

PAGE = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{t}</title></head>'
        '<body><article data-pagefind-body><h1>{t}</h1><p>{t}的正文内容。</p></article></body></html>')


def test_first_plan_packs_units_by_column_then_year() -> None:
    sizes = {"campus/2021": 3, "news/2021": 1, "campus/2022": 2, "tenders/2022": 2, "news/2023": 9, "news/2024": 1}
    assert first_plan(sizes, 4) == [["campus/2021"], ["campus/2022"], ["news/2021"], ["news/2023"],
                                    ["news/2024"], ["tenders/2022"]]


def test_update_plan_keeps_units_where_they_are() -> None:
    plan = [["campus/2021", "news/2021"], ["campus/2022"]]
    sizes = {"campus/2021": 3, "news/2021": 1, "campus/2022": 2, "news/2022": 1, "campus/2023": 2}
    assert update_plan(plan, sizes, 4) == [["campus/2021", "news/2021"], ["campus/2022", "campus/2023"], ["news/2022"]]
    grown = {**sizes, "campus/2022": 7}  # past 1.5 x the limit: split, the other shards untouched
    assert update_plan(plan, grown, 4)[:1] == [["campus/2021", "news/2021"]]
    assert ["campus/2022"] in update_plan(plan, grown, 4)
    assert glob_for(["news/2021", "campus/2021"]) == "{news/2021,campus/2021}/*.html" and glob_for([]) is None


def _write(output: Path, rel: str, title: str) -> None:
    path = output / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(t=title), encoding="utf-8")


def _indexed(output: Path) -> dict[str, str]:
    """URL -> title over every bundle listed for the search page."""
    bundles = [output / "pagefind"] + [
        (output / "pagefind" / p).resolve() for p in json.loads((output / "pagefind" / "shards.json").read_text())]
    found = {}
    for bundle in bundles:
        for fragment in (bundle / "fragment").glob("*.pf_fragment"):
            data = json.loads(gzip.decompress(fragment.read_bytes())[len(b"pagefind_dcd"):])
            found[data["url"]] = data["meta"]["title"]
    return found


def test_only_changed_shards_are_indexed_again(tmp_path: Path) -> None:
    output, state = tmp_path / "output", tmp_path / "cache" / "state.json"
    for year in ("2021", "2022", "2023"):
        for n in range(2):
            _write(output, f"news/{year}/a{n}.html", f"新闻{year}第{n}篇")
    first = build_index(output, shard_pages=2, state_path=state)
    assert (first["shards"], first["reindexed"], first["pages"]) == (3, 3, 6)
    assert len(_indexed(output)) == 6

    again = build_index(output, shard_pages=2, state_path=state)
    assert (again["reindexed"], again["pages"]) == (0, 0)

    _write(output, "news/2022/a1.html", "新闻2022第1篇（修订）")  # one article edited
    os.utime(output / "news/2022/a1.html", ns=(1, 10**18))
    edited = build_index(output, shard_pages=2, state_path=state)
    assert (edited["reindexed"], edited["pages"]) == (1, 2)
    assert _indexed(output)["/news/2022/a1.html"] == "新闻2022第1篇（修订）"

    _write(output, "news/2024/b.html", "新闻2024")  # a new year: a new shard, nothing else
    added = build_index(output, shard_pages=2, state_path=state)
    assert (added["shards"], added["reindexed"], added["pages"]) == (4, 1, 1)
    assert len(_indexed(output)) == 7

    (output / "pagefind-1").rename(tmp_path / "lost")  # a bundle deleted by hand: rebuilt
    assert build_index(output, shard_pages=2, state_path=state)["reindexed"] == 1
    assert len(_indexed(output)) == 7


def test_small_site_is_one_shard_over_every_page(tmp_path: Path) -> None:
    _write(tmp_path, "news/2021/a.html", "甲")
    _write(tmp_path, "about/index.html", "关于")
    report = build_index(tmp_path, shard_pages=10, state_path=tmp_path / "state.json")
    assert report["shards"] == 1 and report["pages"] == 2
    assert json.loads((tmp_path / "pagefind" / "shards.json").read_text()) == []
    _write(tmp_path, "about/index.html", "关于（改）")
    os.utime(tmp_path / "about/index.html", ns=(1, 10**18))
    assert build_index(tmp_path, shard_pages=10, state_path=tmp_path / "state.json")["reindexed"] == 1


def test_pages_rewritten_with_the_same_bytes_are_not_indexed_again(tmp_path: Path) -> None:
    """A publish build writes every page anew (new times, same bytes): the bundles stay."""
    output, state = tmp_path / "output", tmp_path / "state.json"
    for year in ("2021", "2022"):
        _write(output, f"news/{year}/a.html", f"新闻{year}")
    _write(output, "about/index.html", "关于")
    for limit in (1, 10):  # sharded, and the whole-site shard
        build_index(output, shard_pages=limit, state_path=state)
        for page in output.rglob("*.html"):
            if "pagefind" not in page.parts[-3:-1]:
                page.write_bytes(page.read_bytes())
                os.utime(page, ns=(1, 10**18 + limit))
        assert build_index(output, shard_pages=limit, state_path=state)["reindexed"] == 0
        _write(output, "news/2022/a.html", f"新闻2022（第{limit}次修订）")
        changed = build_index(output, shard_pages=limit, state_path=state)
        assert (changed["reindexed"], changed["pages"]) == (1, 1 if limit == 1 else 3)  # its shard only
        assert _indexed(output)["/news/2022/a.html"] == f"新闻2022（第{limit}次修订）"
