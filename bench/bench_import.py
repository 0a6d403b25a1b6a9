#!/usr/bin/env python3
"""Benchmark the member-news importer on local fixture sites (not a test).

Starts, in a child process, one fixture HTTP server per member on 127.0.0.1
(distinct ports = distinct hosts), half VSB-like GBK sites and half Sudy-like
UTF-8-with-BOM sites, each with a campus and a tenders list of ``--pages`` pages
of ``--items`` items; every fourth article has an image (some wider than 1280 px).
Then imports everything into a temporary directory with a per-host delay of 0,
runs a second time (nothing new: conditional GETs), and prints wall time,
requests, peak memory (ru_maxrss) and items written.

Usage: bench/bench_import.py [--members 80] [--pages 2] [--items 10] [--workers 8]
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
from member_import.tests.bulk_sites import build_site, fixture_jpeg  # noqa: E402

def serve(conn, members: int, pages: int, per_page: int) -> None:
    """Child process: start the fixture servers, report their URLs, serve until told."""
    from member_import.tests.fixture_server import FixtureServer

    images = {"photo.jpg": fixture_jpeg(900, 600), "wide.jpg": fixture_jpeg(1920, 1080)}
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
