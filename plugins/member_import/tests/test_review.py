"""Sources with `review: true`: new items land as drafts; approve and reject."""

from __future__ import annotations

import pytest

from member_import.review import ReviewError, approve, pending_items, reject

from .helpers import member, read_article
from .sites import sudy_site


def test_review_source_lands_drafts_that_approve_publishes(env, servers):
    site = sudy_site(servers())
    env.write_registry([member("swjtu", "西南交通大学",
                               {"column": "campus", "list_url": site.list_url, "review": True})])
    result = env.run()
    new = [p for s in result.report["sources"] for p in s["new"]]
    assert new and result.report["files"]
    for rel in new:
        meta, _ = read_article(env.out / rel)
        assert meta["Status"] == "draft" and meta["Review"] == "pending"
    pending = pending_items(env.out)
    assert sorted(p.path for p in pending) == sorted(new)
    assert all(p.source_url.startswith("http://127.0.0.1:") and p.source == "西南交通大学" for p in pending)

    done = approve(env.out, [new[0]])
    meta, body = read_article(done[0])
    assert "Status" not in meta and "Review" not in meta and meta["Member"] == "swjtu" and body.strip()
    dropped = reject(env.out, [str(env.out / new[1])])
    meta, _ = read_article(dropped[0])
    assert meta["Status"] == "draft" and meta["Review"] == "rejected"
    assert {p.path for p in pending_items(env.out)} == set(new[2:])
    again = env.run()  # rejected and approved items are never imported again
    assert sum(len(s["new"]) for s in again.report["sources"]) == 0


def test_approve_refuses_what_is_not_a_pending_import(env, tmp_path):
    own = env.out / "news" / "2024" / "draft.md"
    own.parent.mkdir(parents=True)
    own.write_text("Title: 编辑草稿\nDate: 2024-01-01\nStatus: draft\n\n正文\n", encoding="utf-8")
    with pytest.raises(ReviewError, match="不是导入的稿件"):
        approve(env.out, ["news/2024/draft.md"])
    with pytest.raises(ReviewError, match="不是内容目录"):
        approve(env.out, ["campus/nope.md"])
    outside = tmp_path / "elsewhere.md"
    outside.write_text("Title: x\n\n", encoding="utf-8")
    with pytest.raises(ReviewError, match="不是内容目录"):
        approve(env.out, [str(outside)])
    assert own.read_text(encoding="utf-8").count("Status: draft") == 1


def test_sources_without_review_publish_at_once(env, servers):
    site = sudy_site(servers())
    env.write_registry([member("swjtu", "西南交通大学", {"column": "campus", "list_url": site.list_url})])
    result = env.run()
    rel = result.report["sources"][0]["new"][0]
    meta, _ = read_article(env.out / rel)
    assert "Status" not in meta and "Review" not in meta
