#!/usr/bin/env python3
"""Benchmark ``make update`` against local fixture member sites and a local S3 server.

A scratch project (scripts/updatelib/localsites.py) with the sample content and
``--members`` fixture member sites (VSB-like and Sudy-like, 2 sources each,
``--items`` items per list) on 127.0.0.1; deploy target: a moto S3 server
(public bucket + private members bucket). Prints, as medians of ``--runs``:

* the first run (everything imported, cold build, everything uploaded), once;
* a full update with nothing new;
* a full update with ``--new`` new items;
* the deploy of one edited article to object storage (files uploaded, seconds).

Usage: bench/bench_update.py [--members 236] [--items 10] [--new 20] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "plugins"))

from updatelib.localsites import MemberSites, S3Server, make_project  # noqa: E402

FILING = 'ICP_NUMBER = "蜀ICP备00000000号-1"\nCONTACT = {**CONTACT, "phone": "028-00000000"}'


def run(project: Path, env: dict[str, str], mode: str = "update") -> tuple[float, dict]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "scripts/update_site.py", mode, "--target", "bench-s3",
                           "--fetch-args", "--delay 0 --retries 1 --quiet"], cwd=project,
                          env={**os.environ, **env}, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    day = sorted((project / "reports").glob("????-??-??.json"))[-1]
    record = json.loads(day.read_text(encoding="utf-8"))["runs"][-1]
    if proc.returncode != 0:
        sys.exit(f"update failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}")
    return seconds, record


def steps(record: dict) -> str:
    return ", ".join(f"{s['name']} {s['seconds']:.1f}" for s in record["steps"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=236)
    parser.add_argument("--items", type=int, default=10, help="items per list (2 lists per member)")
    parser.add_argument("--new", type=int, default=20, help="new items for the second measurement")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    t0 = time.perf_counter()
    sites = MemberSites(args.members, per_page=args.items)
    s3 = S3Server()
    client = s3.client()
    client.create_bucket(Bucket="bench")
    client.create_bucket(Bucket="bench-members")
    env = {"BENCH_S3": s3.endpoint, "BENCH_KEY": "bench", "BENCH_SECRET": "bench"}
    with tempfile.TemporaryDirectory(prefix="bench-update-") as tmp:
        project = make_project(Path(tmp) / "site", members=sites.registry(), settings=FILING)
        targets = project / "deploy" / "targets.yml"
        targets.write_text(targets.read_text(encoding="utf-8") + """  bench-s3:
    kind: s3
    endpoint: ${BENCH_S3}
    bucket: bench
    members_bucket: bench-members
    access_key_env: BENCH_KEY
    secret_key_env: BENCH_SECRET
""", encoding="utf-8")
        subprocess.run(["git", "-C", str(project), "commit", "-qam", "bench target"], check=True)
        print(f"fixture: {args.members} members x 2 sources x {args.items} items on {args.members} local hosts, "
              f"moto S3 on {s3.endpoint} (set up in {time.perf_counter() - t0:.1f} s)")

        seconds, record = run(project, env)
        public = record["deploy"][0]
        print(f"first run (import {record['import']['totals']['new']} items, cold build, upload "
              f"{public['uploaded']} public files): {seconds:.1f} s  [{steps(record)}]")

        quiet = []
        for _ in range(args.runs):
            seconds, record = run(project, env)
            assert record["import"]["totals"]["new"] == 0 and not record["commit"]
            assert [r["uploaded"] for r in record["deploy"]] == [0, 0], record["deploy"]
            quiet.append((seconds, record))
        seconds = statistics.median(s for s, _ in quiet)
        print(f"full update, nothing new: {seconds:.1f} s median of {args.runs} "
              f"(0 commits, 0 uploads)  [{steps(quiet[-1][1])}]")

        fresh = []
        for _ in range(args.runs):
            for n in range(args.new):
                sites.publish(n % args.members)
            seconds, record = run(project, env)
            assert record["import"]["totals"]["new"] == args.new, record["import"]["totals"]
            fresh.append((seconds, record))
        seconds = statistics.median(s for s, _ in fresh)
        uploads = [r["deploy"][0]["uploaded"] for _, r in fresh]
        print(f"full update, {args.new} new items: {seconds:.1f} s median of {args.runs} "
              f"(1 commit, {statistics.median(uploads):.0f} public files uploaded)  [{steps(fresh[-1][1])}]")

        edits = []
        article = next((project / "content" / "campus").rglob("*.md"))
        for n in range(args.runs):
            with article.open("a", encoding="utf-8") as handle:
                handle.write(f"\n更正 {n}：发布时间以原文为准。\n")
            subprocess.run(["git", "-C", str(project), "commit", "-qam", f"edit {n}"], check=True)
            seconds, record = run(project, env, mode="deploy")
            step = next(s for s in record["steps"] if s["name"] == "deploy")
            edits.append((step["seconds"], record["deploy"][0]["uploaded"], seconds))
        print(f"deploy of one edited article to object storage: "
              f"{statistics.median(e[1] for e in edits):.0f} files uploaded in "
              f"{statistics.median(e[0] for e in edits):.2f} s (deploy step, median of {args.runs}); "
              f"whole `make deploy` {statistics.median(e[2] for e in edits):.1f} s")
        files = sum(1 for p in (project / "output").rglob("*") if p.is_file())
        print(f"site: {files} public files")
    s3.stop()
    sites.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
