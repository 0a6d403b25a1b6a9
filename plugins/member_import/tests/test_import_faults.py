"""Faults: every broken source is reported, nothing is lost, the rest is still imported."""

from __future__ import annotations

import time

import pytest

from member_import.fetch import FetchConfig, FetchError, Fetcher

from .fixture_server import Route
from .helpers import member, snapshot, source_of
from .sites import PLAIN_ITEMS, PLAIN_SELECTORS, plain_list, plain_site, vsb_site

CHALLENGE = ("<html><head><script>var _0x=['cookie'];document.cookie='__jsl_clearance=1.2|0';"
             "location.href=location.pathname+location.search;</script></head><body></body></html>")
SYSTEM_TIP = ("<html><head><title>系统提示</title></head><body><div class='tip'>系统提示</div>"
              "<p>对不起，您没有权限访问此栏目！</p></body></html>")


def fault_sources(servers) -> dict[str, tuple[object, str]]:
    """One fault per server (host), so the slow ones run in parallel."""
    faults = {}

    def add(name: str, path: str, **route) -> None:
        server = servers()
        server.add(path, **route) if route else None
        faults[name] = (server, server.url(path))

    add("http500", "/list.htm", body="<h1>500</h1>", status=500)
    add("hang", "/list.htm", body="<ul></ul>", delay=4.0)
    add("oversize", "/list.htm", body=b"<html>" + b"x" * (5 * 1024 * 1024 + 10))
    add("bomb", "/list.htm", body=b"<html>" + b" " * (8 * 1024 * 1024), gzip=True)
    add("chunked", "/list.htm", body=b"<html>" + b"y" * (6 * 1024 * 1024), chunked=True)
    server = servers()
    server.add("/a.htm", status=302, headers={"Location": "/b.htm"})
    server.add("/b.htm", status=301, headers={"Location": server.url("/a.htm")})
    faults["loop"] = (server, server.url("/a.htm"))
    server = servers()
    for i in range(7):
        server.add(f"/r{i}.htm", status=302, headers={"Location": f"/r{i + 1}.htm"})
    faults["redirects"] = (server, server.url("/r0.htm"))
    server = servers()
    server.add("/go.htm", status=302, headers={"Location": "file:///etc/passwd"})
    faults["scheme"] = (server, server.url("/go.htm"))
    server = servers()
    server.add("/robots.txt", "User-agent: *\nDisallow: /news/\n", content_type="text/plain")
    server.add("/news/list.htm", plain_list(PLAIN_ITEMS))
    faults["robots"] = (server, server.url("/news/list.htm"))
    add("challenge", "/list.htm", body=CHALLENGE, status=412)
    add("systemtip", "/list.htm", body=SYSTEM_TIP)
    add("empty", "/list.htm", body="<html><body><p>维护中</p></body></html>")
    return faults


@pytest.mark.timeout(120)
def test_each_fault_is_reported_and_the_good_source_still_imported(servers, env):
    good = plain_site(servers())
    faults = fault_sources(servers)
    entries = [member("good", "好大学", {"column": "campus", "list_url": good.list_url,
                                        "selectors": PLAIN_SELECTORS})]
    for name, (_, url) in faults.items():
        entries.append(member(f"f-{name}", f"故障{name}",
                              {"column": "tenders", "list_url": url, "selectors": PLAIN_SELECTORS}))
    env.write_registry(entries)
    started = time.monotonic()
    run = env.run(timeout="1")
    elapsed = time.monotonic() - started
    assert run.status == 1
    assert source_of(run, "good")["status"] == "ok" and len(source_of(run, "good")["new"]) == 2
    assert len(list(env.out.rglob("*.md"))) == 2
    expect = {
        "http500": "HTTP 500 after 1 retries",
        "hang": "timed out",
        "oversize": "over the 5242880-byte cap",
        "bomb": "after decompression",
        "chunked": "after decompression",
        "loop": "redirect loop",
        "redirects": "more than 5 redirects",
        "scheme": "refused non-http(s) URL file:///etc/passwd",
        "robots": "disallowed by",
        "challenge": "anti-bot challenge (HTTP 412",
        "systemtip": "系统提示",
        "empty": "0 items matched",
    }
    for name, words in expect.items():
        report = source_of(run, f"f-{name}")
        assert report["status"] == "failed", (name, report)
        assert words in report["reason"], (name, report["reason"])
        assert words in run.stdout
    assert len(faults["http500"][0].requests_for("/list.htm")) == 2       # 1 + 1 retry
    assert not faults["robots"][0].requests_for("/news/")                 # never asked
    assert elapsed < 30  # hosts in parallel: the hang costs its timeout once, not the run


def test_layout_change_after_a_good_run_deletes_nothing(servers, env):
    site = plain_site(servers())
    env.write_registry([member("chg", "变更大学", {"column": "campus", "list_url": site.list_url,
                                                "selectors": PLAIN_SELECTORS})])
    assert env.run().status == 0
    before = snapshot(env.out)
    assert len([k for k in before if k.endswith(".md")]) == 2
    # The site is redesigned: the list page no longer has div.newslist
    site.server.add("/news/index.html", "<html><body><div class='list-v2'><a href='show.php?id=40'>"
                    "新版</a></div></body></html>", last_modified="Tue, 09 Apr 2024 02:00:00 GMT")
    run = env.run()
    assert run.status == 1
    report = source_of(run, "chg")
    assert report["status"] == "failed"
    assert "probable layout change: 0 items matched (previous run: 2)" in report["reason"]
    assert snapshot(env.out) == before
    # still flagged on the next run (the good count is not overwritten by the zero)
    assert "probable layout change" in source_of(env.run(), "chg")["reason"]


def test_article_failures_fail_the_source_but_keep_the_rest(servers, env):
    site = vsb_site(servers())
    site.server.add("/info/1018/2220.htm", "<h1>oops</h1>", status=503)
    env.write_registry([member("part", "部分大学", {"column": "campus", "list_url": site.list_url,
                                                 "max_pages": 2})])
    run = env.run()
    report = source_of(run, "part")
    assert run.status == 1 and report["status"] == "failed"
    assert report["failed"][0]["url"].endswith("/info/1018/2220.htm")
    assert "HTTP 503" in report["failed"][0]["why"] and len(report["new"]) == 2
    # the next run retries the failed item (state kept the list items despite 304)
    site.server.add("/info/1018/2220.htm", site.server.routes["/info/1018/2227.htm"].body)
    run = env.run()
    assert run.status == 0 and len(source_of(run, "part")["new"]) == 1


def test_article_challenge_is_a_failure_not_content(servers, env):
    site = vsb_site(servers())
    site.server.add("/info/1018/2227.htm", CHALLENGE, status=412)
    env.write_registry([member("chal", "挑战大学", {"column": "campus", "list_url": site.list_url})])
    run = env.run()
    report = source_of(run, "chal")
    assert run.status == 1 and "anti-bot challenge" in report["failed"][0]["why"]
    assert not any("2227" in p for p in report["new"])


def test_retry_after_429_then_success(servers):
    server = servers()
    calls = []

    def flaky(request):
        calls.append(request.time)
        if len(calls) == 1:
            return Route(body=b"slow down", status=429, headers={"Retry-After": "1"})
        return Route(body="<p>好</p>".encode())

    server.routes["/x.htm"] = Route(dynamic=flaky)
    with Fetcher(FetchConfig(delay=0, retries=2, backoff=0.01, read_timeout=2)) as fetcher:
        resp = fetcher.get(server.url("/x.htm"))
    assert resp.body == "<p>好</p>".encode() and len(calls) == 2
    assert calls[1] - calls[0] >= 0.8  # Retry-After (1 s) honoured, not the 0.01 s backoff


def test_robots_unreachable_means_stay_out(servers):
    server = servers()
    server.add("/robots.txt", "down", status=503)
    server.add("/page.htm", "<p>x</p>")
    with Fetcher(FetchConfig(delay=0, retries=0)) as fetcher:
        with pytest.raises(FetchError) as info:
            fetcher.get(server.url("/page.htm"))
    assert info.value.kind == "robots" and "unreachable" in str(info.value)
    assert not server.requests_for("/page.htm")


def test_redirect_hops_are_checked_against_robots(servers):
    server = servers()
    server.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.add("/open.htm", status=302, headers={"Location": "/private/x.htm"})
    server.add("/private/x.htm", "<p>secret</p>")
    with Fetcher(FetchConfig(delay=0, retries=0)) as fetcher:
        with pytest.raises(FetchError) as info:
            fetcher.get(server.url("/open.htm"))
    assert info.value.kind == "robots"
    assert not server.requests_for("/private/")


def test_list_item_linking_to_a_document_becomes_an_attachment_article(servers, env):
    site = plain_site(servers())
    site.server.add("/news/index.html", plain_list(
        [("2024年04月09日", "/files/zbwj.pdf", "后勤服务采购招标文件")] + PLAIN_ITEMS))
    site.server.add("/files/zbwj.pdf", b"%PDF-1.4 fake", content_type="application/pdf")
    env.write_registry([member("doc", "文件大学", {"column": "tenders", "list_url": site.list_url,
                                                "selectors": PLAIN_SELECTORS})])
    run = env.run()
    assert run.status == 0 and len(source_of(run, "doc")["new"]) == 3
    [path] = [p for p in env.out.rglob("*.md") if "zbwj" in p.read_text(encoding="utf-8")]
    text = path.read_text(encoding="utf-8")
    assert "Title: 后勤服务采购招标文件" in text and "Date: 2024-04-09 00:00:00+08:00" in text
    assert f"[后勤服务采购招标文件（zbwj.pdf）](<{site.server.url('/files/zbwj.pdf')}>)" in text


def test_article_gone_404_is_skipped_and_remembered(servers, env):
    site = vsb_site(servers())
    del site.server.routes["/info/1018/2220.htm"]
    env.write_registry([member("gone", "消失大学", {"column": "campus", "list_url": site.list_url})])
    run = env.run()
    report = source_of(run, "gone")
    assert run.status == 0 and report["status"] == "ok"
    assert {"url": site.server.url("/info/1018/2220.htm"),
            "why": "gone at the source (HTTP 404)"} in report["skipped"]
    site.server.clear_log()
    run = env.run()
    assert "checked again after 7 days" in " ".join(s["why"] for s in source_of(run, "gone")["skipped"])
    assert not site.server.requests_for("/info/")
