"""The real command against real HTTP fixture sites on 127.0.0.1: content, encodings,
dates, sanitising, images, report, exit status, second runs, editors' files."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from datetime import date, datetime
from pathlib import Path

import pytest
from PIL import Image

from member_import.canonical import item_stem
from member_import.dates import TZ
from member_import.fetch import DEFAULT_USER_AGENT

from .helpers import REPO, member, read_article, snapshot, source_of
from .sites import PLAIN_SELECTORS, plain_site, sudy_site, vsb_site


def yearless(month: int, day: int) -> int:
    today = datetime.now(TZ).date()
    return today.year if date(today.year, month, day) <= today else today.year - 1


@pytest.fixture
def three_sites(servers, env):
    vsb, sudy, plain = vsb_site(servers()), sudy_site(servers()), plain_site(servers())
    env.write_registry([
        member("hq-a", "甲大学", {"column": "campus", "list_url": vsb.list_url, "max_pages": 2}),
        member("hq-b", "乙大学", {"column": "tenders", "list_url": sudy.list_url,
                                 "preset": "sudy", "max_pages": 2}),
        member("hq-c", "丙服务公司", {"column": "campus", "list_url": plain.list_url,
                                    "selectors": PLAIN_SELECTORS}, kind="enterprise"),
    ])
    return vsb, sudy, plain


def articles(out: Path) -> dict[str, tuple[Path, dict, str]]:
    found = {}
    for path in out.rglob("*.md"):
        meta, body = read_article(path)
        found[meta["Source_url"]] = (path, meta, body)
    return found


def test_first_run_imports_every_site_correctly(three_sites, env):
    vsb, sudy, plain = three_sites
    run = env.run()
    assert run.status == 0, run.stdout
    got = articles(env.out)
    expected = {**vsb.expected, **sudy.expected, **plain.expected}
    assert set(got) == set(expected)
    for url, facts in expected.items():
        path, meta, body = got[url]
        assert meta["Title"] == facts["title"]  # GBK / BOM decoded, single line
        if facts["date"]:
            assert meta["Date"] == facts["date"]
        assert meta["Guid"] == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}"
        member_id = meta["Member"]
        stem = item_stem(member_id, url)
        column = {"hq-a": "campus", "hq-b": "tenders", "hq-c": "campus"}[member_id]
        assert path == env.out / column / member_id / meta["Date"][:4] / f"{stem}.md"
        assert "\ufffd" not in path.read_text(encoding="utf-8")
        for mojibake in ("锟斤拷", "ï»¿", "é£", "Ã"):
            assert mojibake not in path.read_text(encoding="utf-8")
    # dates: year-less list date takes the latest year not in the future
    yl = got[vsb.server.url("/info/1018/2210.htm")][1]
    assert yl["Date"] == f"{yearless(3, 2)}-03-02 00:00:00+08:00"
    # source names, the Chinese member name and the alias de-duplication
    assert got[vsb.server.url("/info/1018/2227.htm")][1]["Source"] == "甲大学"
    assert len(list((env.out / "campus" / "hq-a").rglob("*.md"))) == 3
    # pages beyond max_pages, skipped items and sidebars were never imported
    for url in vsb.not_imported + sudy.not_imported:
        assert url not in got
    assert not vsb.server.requests_for("/hqdt/1.htm")      # VSB page 3 (counting down)
    assert not sudy.server.requests_for("/zbxx/list3.htm")  # Sudy page 3 (counting up)
    assert vsb.server.requests_for("/hqdt/2.htm") and sudy.server.requests_for("/zbxx/list2.htm")


def test_vsb_article_is_sanitised_with_local_images_tables_and_attachments(three_sites, env):
    vsb, _, _ = three_sites
    env.run()
    path, meta, body = articles(env.out)[vsb.server.url("/info/1018/2227.htm")]
    text = path.read_text(encoding="utf-8")
    for bad in ("<script", "<style", "<iframe", "<svg", "onclick", "javascript:", "data:",
                "alert(", "evil.example"):
        assert bad not in text, bad
    assert "为保障师生饮食安全" in body and not body.startswith("　")
    assert '<td colspan="2"><p>检查结果汇总</p></td>' in body          # complex table kept
    assert f"[返回列表]({vsb.server.url('/hqdt.htm')})" in body           # relative link resolved
    stem = path.stem
    assert f"![检查现场]({{static}}{stem}-1.png)" in body
    assert f"![食堂开展食品安全检查 图2]({{static}}{stem}-2.jpg)" in body  # orisrc; alt added
    with Image.open(path.parent / f"{stem}-1.png") as image:
        assert image.width == 1280
    with Image.open(path.parent / f"{stem}-2.jpg") as image:
        assert image.width == 1280                                        # big.jpg, not small_s
    assert "missing.png" not in text and "\n\n丢失的图" in body            # dropped, alt text kept
    attach = vsb.server.url("/system/_content/download.jsp?urltype=news.DownloadAttachUrl"
                            "&owner=1744186045&wbfileid=9001")
    assert f"[招标文件（宿舍楼）.docx](<{attach}>)" in body
    assert meta["Summary"].startswith("为保障师生饮食安全")
    tender = articles(env.out)[vsb.server.url("/info/1018/2220.htm")][2]
    assert "| 项目 | 金额（万元） |" in tender and "| 维修 | 120 |" in tender


def test_sudy_article_images_fall_back_and_titles_collapse(three_sites, env):
    _, sudy, _ = three_sites
    env.run()
    path, meta, body = articles(env.out)[sudy.server.url("/2024/0408/c1234a5678/page.htm")]
    assert meta["Title"] == "学生公寓家具采购项目，竞争性磋商公告"
    assert f"({{static}}{path.stem}-1.jpg)" in body   # original-src 404 -> src used
    with Image.open(path.parent / f"{path.stem}-1.jpg") as image:
        assert image.width == 640
    assert "磋商文件.pdf](" + sudy.server.url("/_upload/article/files/aa/bb/") in body


def test_report_json_and_table(three_sites, env):
    vsb, _, _ = three_sites
    run = env.run()
    a = source_of(run, "hq-a")
    assert a["status"] == "ok" and len(a["new"]) == 3 and a["preset"] == "vsb"
    whys = {s["url"]: s["why"] for s in a["skipped"]}
    assert "no date" in whys[vsb.server.url("/info/1018/2219.htm")]
    assert "系统提示" in whys[vsb.server.url("/info/1018/2218.htm")]
    assert any("missing.png" in w for w in a["warnings"])
    assert source_of(run, "hq-c")["preset"] == "generic+selectors"
    assert run.report["exit_status"] == 0 and run.report["totals"]["new"] == 8
    assert "hq-a 甲大学" in run.stdout and "8 new" in run.stdout
    assert "3/3" in run.stderr  # progress bar


def test_second_run_writes_nothing_and_uses_conditional_get(three_sites, env):
    vsb, sudy, plain = three_sites
    assert env.run().status == 0
    before = snapshot(env.out)
    for site in three_sites:
        site.server.clear_log()
    run = env.run()
    assert run.status == 0
    assert snapshot(env.out) == before
    assert run.report["totals"]["new"] == 0 and run.report["totals"]["known"] == 8
    assert [r.status for r in vsb.server.requests_for("/hqdt")] == [304, 304]
    assert vsb.server.requests_for("/hqdt.htm")[0].headers["if-none-match"] == '"vsb-p1-v1"'
    assert [r.status for r in sudy.server.requests_for("/zbxx/")] == [304, 304]
    assert plain.server.requests_for("/news/index.html")[0].status == 304   # Last-Modified
    # nothing already imported, nor remembered as skipped, is fetched again
    for site in three_sites:
        paths = [r.path for r in site.server.log]
        assert all(p.startswith(("/robots.txt", "/hqdt", "/zbxx/", "/news/index")) for p in paths), paths


def test_editor_edits_and_moves_are_respected(three_sites, env):
    vsb, _, _ = three_sites
    env.run()
    got = articles(env.out)
    edited = got[vsb.server.url("/info/1018/2227.htm")][0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("食堂开展食品安全检查",
                                                                "食堂开展食品安全大检查", 1),
                      encoding="utf-8")
    moved_from = got[vsb.server.url("/info/1018/2220.htm")][0]
    moved_to = env.out / "tenders" / "hq-a" / "2024" / moved_from.name
    moved_to.parent.mkdir(parents=True)
    os.rename(moved_from, moved_to)
    env.state.unlink()  # even without the state file nothing is fetched twice
    before = snapshot(env.out)
    run = env.run()
    assert run.status == 0 and snapshot(env.out) == before
    assert "食堂开展食品安全大检查" in edited.read_text(encoding="utf-8")
    assert not moved_from.exists()
    assert source_of(run, "hq-a")["known"] == 3 and not source_of(run, "hq-a")["new"]


def test_dry_run_writes_nothing(three_sites, env):
    run = env.run("--dry-run")
    assert run.status == 0
    assert run.report["dry_run"] and run.report["totals"]["new"] == 8
    assert not env.out.exists() or not any(env.out.rglob("*"))
    assert not env.state.exists()
    assert "dry run" in run.stdout


def test_only_limits_the_run_and_rejects_unknown_ids(three_sites, env):
    vsb, sudy, _ = three_sites
    run = env.run("--only", "hq-b")
    assert run.status == 0 and [s["member"] for s in run.report["sources"]] == ["hq-b"]
    assert not vsb.server.log
    assert env.run("--only", "nobody").status == 2


def test_polite_user_agent_rate_limit_and_hosts_in_parallel(servers, env):
    one, two = vsb_site(servers()), vsb_site(servers())
    env.write_registry([member("one", "一号大学", {"column": "campus", "list_url": one.list_url}),
                        member("two", "二号大学", {"column": "campus", "list_url": two.list_url})])
    run = env.run(delay="0.3")
    assert run.status == 0
    for site in (one, two):
        times = [r.time for r in site.server.log]
        assert len(times) >= 5
        gaps = [b - a for a, b in zip(times, times[1:])]
        assert min(gaps) >= 0.15, gaps  # one request per 0.3 s per host (minus server-side jitter)
        assert all(r.headers["user-agent"] == DEFAULT_USER_AGENT for r in site.server.log)
    assert "scgxhq.org.cn" in DEFAULT_USER_AGENT and "+https://" in DEFAULT_USER_AGENT
    first = [min(r.time for r in s.server.log) for s in (one, two)]
    last = [max(r.time for r in s.server.log) for s in (one, two)]
    assert first[1] < last[0] and first[0] < last[1]  # the two hosts overlapped in time


def test_script_runs_as_a_command(three_sites, env, tmp_path):
    report = tmp_path / "cmd-report.json"
    proc = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "fetch_members.py"), "--members", str(env.members),
         "--out", str(env.out), "--state", str(env.state), "--report", str(report),
         "--delay", "0", "--only", "hq-c"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "hq-c 丙服务公司" in proc.stdout and "[" in proc.stderr and "1/1" in proc.stderr
    assert report.is_file() and len(list(env.out.rglob("*.md"))) == 2
    assert not (tmp_path / "cache").exists() or env.state.parent == tmp_path / "cache"
