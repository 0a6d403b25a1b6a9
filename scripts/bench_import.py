#!/usr/bin/env python3
"""Benchmark the member-news importer on local fixture sites (not a test).

Starts, in a child process, one fixture HTTP server per member on 127.0.0.1
(distinct ports = distinct hosts), half VSB-like GBK sites and half Sudy-like
UTF-8-with-BOM sites, each with a campus and a tenders list of ``--pages`` pages
of ``--items`` items; every fourth article has an image (some wider than 1280 px).
Then imports everything into a temporary directory with a per-host delay of 0,
runs a second time (nothing new: conditional GETs), and prints wall time,
requests, peak memory (ru_maxrss) and items written.

Usage: scripts/bench_import.py [--members 80] [--pages 2] [--items 10] [--workers 8]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from member_import.fetch import FetchConfig  # noqa: E402
from member_import.pipeline import Importer, Options  # noqa: E402
from members.registry import Member, Source  # noqa: E402

PARAGRAPH = ("为进一步提升后勤服务保障水平，学校后勤处组织开展了专项检查与服务提升活动，"
             "围绕食堂餐饮、学生公寓、校园环境、能源管理等重点领域逐项排查，"
             "现场督促整改，切实保障师生日常生活。")


def _vsb_list(items: list[tuple[str, str, str]], next_href: str | None) -> bytes:
    lis = "".join(f'<li><span>{d}</span><a href="{h}" title="{t}">{t}</a></li>\n' for d, h, t in items)
    pager = (f'<span class="p_pages"><span class="p_next p_fun"><a href="{next_href}">下页</a></span></span>'
             if next_href else '<span class="p_pages"><span class="p_no_d">末页</span></span>')
    return ('<html><head><!--Announced by Visual SiteBuilder 9-->'
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>列表</title></head>'
            f'<body><ul class="newsList">{lis}</ul><div>{pager}</div></body></html>').encode("gbk")


def _vsb_article(title: str, when: str, body: str) -> bytes:
    return ('<html><head><!--Announced by Visual SiteBuilder 9-->'
            f'<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>{title}</title>'
            f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{when}"></head>'
            f'<body><form name="_newscontent_fromname"><div class="title">{title}</div>'
            f'<div class="time">发布时间：{when}</div><div id="vsb_content"><div class="v_news_content">'
            f'{body}</div></div></form></body></html>').encode("gbk")


def _sudy_list(items: list[tuple[str, str, str]], next_href: str | None) -> bytes:
    lis = "".join(f'<li class="news"><div class="news_title"><a href="{h}" title="{t}">{t}</a></div>'
                  f'<div class="news_meta">{d}</div></li>\n' for d, h, t in items)
    nxt = f'<a class="next" href="{next_href}">下一页</a>' if next_href else ""
    return ("\ufeff<!DOCTYPE html><html class=\"webplus-list\"><head><meta charset=\"utf-8\"></head><body>"
            f'<div portletmode="simpleList"><ul class="news_list">{lis}</ul>'
            f'<ul class="wp_paging">{nxt}</ul></div></body></html>').encode("utf-8")


def _sudy_article(title: str, when: str, body: str) -> bytes:
    return ("\ufeff<!DOCTYPE html><html class=\"webplus-page\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title></head><body><div portletmode=\"simpleArticleAttri\">"
            f'<h1 class="arti_title">{title}</h1><p class="arti_metas"><span class="arti_update">'
            f'{when[:10].replace("-", ".")}</span></p><div class="wp_articlecontent">{body}</div>'
            "</div></body></html>").encode("utf-8")


def _image(width: int, height: int) -> bytes:
    import io

    from PIL import Image

    image = Image.new("RGB", (width, height), (40, 110, 170))
    for x in range(0, width, 7):
        for y in range(0, height, 9):
            image.putpixel((x, y), ((x * 3) % 255, (y * 5) % 255, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def build_site(server, index: int, pages: int, per_page: int, images: dict[str, bytes],
               extra: int = 0) -> tuple[str, str]:
    """Campus and tenders lists for member ``index`` on ``server``; returns their URLs.

    ``extra``: newer items put at the top of the first campus page (calling again
    with a larger value publishes new items; the list's ETag changes with it).
    """
    vsb = index % 2 == 0
    urls = []
    for column, tree in (("campus", 1018), ("tenders", 1020)):
        for page in range(pages):
            items = []
            first = -extra if (page == 0 and column == "campus") else 0
            for n in range(first, per_page):
                number = page * per_page + n
                news = 5000 - number
                day = 1 + abs(number) % 28
                month = 1 + (abs(number) // 28) % 12
                year = 2025 if number < 0 else 2024
                when = f"{year}-{month:02d}-{day:02d} 09:{abs(number) % 60:02d}"
                title = f"{'后勤动态' if column == 'campus' else '招标公告'}第{index}-{number}号：食堂与公寓服务"
                if vsb:
                    path, href = f"/info/{tree}/{news}.htm", f"{'../' if page else ''}info/{tree}/{news}.htm"
                else:
                    path = f"/{year}/{month:02d}{day:02d}/c{tree}a{news}/page.htm"
                    href = path
                img = ""
                if number % 4 == 0 and images:
                    name = "wide.jpg" if number % 8 == 0 else "photo.jpg"
                    img = f'<p><img src="/__local/{tree}/{news}/{name}" alt="现场照片"></p>'
                    server.add(f"/__local/{tree}/{news}/{name}", images[name], content_type="image/jpeg")
                table = ("<table><tr><td>项目</td><td>金额</td></tr><tr><td>维修</td><td>120</td></tr></table>"
                         if column == "tenders" else "")
                body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(3)) + img + table
                server.add(path, (_vsb_article if vsb else _sudy_article)(title, when, body))
                items.append((when[:10], href, title))
            base = f"/{column}"
            if vsb:  # VSB counts down: list.htm, list/{pages-1}.htm, ... list/1.htm
                own = f"{base}.htm" if page == 0 else f"{base}/{pages - page}.htm"
                nxt = None
                if page + 1 < pages:
                    nxt = f"{column}/{pages - page - 1}.htm" if page == 0 else f"{pages - page - 1}.htm"
                server.add(own, _vsb_list(items, nxt), etag=f'"{column}-{page}-{extra}"')
            else:  # Sudy counts up: list.htm, list2.htm, ...
                own = f"{base}/list.htm" if page == 0 else f"{base}/list{page + 1}.htm"
                nxt = f"list{page + 2}.htm" if page + 1 < pages else None
                server.add(own, _sudy_list(items, nxt), etag=f'"{column}-{page}-{extra}"')
            if page == 0:
                urls.append(server.url(own))
    return urls[0], urls[1]


def serve(conn, members: int, pages: int, per_page: int) -> None:
    """Child process: start the fixture servers, report their URLs, serve until told."""
    from member_import.tests.fixture_server import FixtureServer

    images = {"photo.jpg": _image(900, 600), "wide.jpg": _image(1920, 1080)}
    servers = []
    sites = []
    for index in range(members):
        server = FixtureServer().start()
        servers.append(server)
        sites.append(build_site(server, index, pages, per_page, images))
    conn.send(sites)
    conn.recv()  # stop
    conn.send(sum(len(s.log) for s in servers))
    for server in servers:
        server.stop()


def run_once(members: list[Member], out: Path, state: Path, workers: int) -> tuple[float, int, int, int]:
    options = Options(out_dir=out, state_path=state, workers=workers,
                      fetch=FetchConfig(delay=0.0, retries=1, backoff=0.1))
    importer = Importer(options)
    started = time.perf_counter()
    report = importer.run(members)
    seconds = time.perf_counter() - started
    importer.fetcher.close()
    if not report.ok:
        bad = [f"{s.member}/{s.column}: {s.reason}" for s in report.sources if s.status != "ok"]
        print("FAILED SOURCES:\n  " + "\n  ".join(bad[:10]), file=sys.stderr)
    return seconds, importer.fetcher.requests, report.totals()["new"], report.files_written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=80)
    parser.add_argument("--pages", type=int, default=2, help="list pages per source")
    parser.add_argument("--items", type=int, default=10, help="items per list page")
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()

    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=serve, args=(child, args.members, args.pages, args.items), daemon=True)
    t0 = time.perf_counter()
    proc.start()
    sites = parent.recv()
    print(f"fixture: {args.members} members x 2 sources x {args.pages} pages x {args.items} items "
          f"on {args.members} local hosts (set up in {time.perf_counter() - t0:.1f} s)")
    members = [
        Member(id=f"m{i:03d}", name=f"第{i}号会员大学", kind="university", region="成都片区",
               homepage=campus.rsplit("/", 1)[0] + "/",
               sources=(Source("campus", campus, max_pages=args.pages),
                        Source("tenders", tenders, max_pages=args.pages)))
        for i, (campus, tenders) in enumerate(sites)
    ]
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        out, state = Path(tmp) / "content", Path(tmp) / "cache" / "fetch_state.json"
        first = run_once(members, out, state, args.workers)
        rss_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        second = run_once(members, out, state, args.workers)
        files = sum(1 for p in out.rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    parent.send("stop")
    served = parent.recv()
    proc.join(timeout=10)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"first run : {first[0]:7.2f} s wall, {first[1]:6d} requests, {first[2]:5d} items written "
          f"({first[3]} files incl. images), {first[2] / first[0]:.0f} items/s")
    print(f"second run: {second[0]:7.2f} s wall, {second[1]:6d} requests, {second[2]:5d} items written "
          f"(conditional GET, nothing new)")
    print(f"peak memory (ru_maxrss, importer process): {rss / 1024:.0f} MB "
          f"(after first run {rss_first / 1024:.0f} MB)")
    print(f"output: {files} files, {size / 1024 / 1024:.1f} MB; server answered {served} requests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
