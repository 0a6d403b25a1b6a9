#!/usr/bin/env python3
"""Editors' benchmark: `make check` time and save-to-reload time of `make devserver`.

For each N it takes the benchmark corpus (bench/benchlib, the same as
`make bench`), builds it once, then measures:

* `make check` (scripts/check_content.py) from cold (no check cache) and warm
  (nothing changed since the last check), wall seconds;
* save → reloaded page: a real devserver (scripts/devserver.py) on 127.0.0.1
  with the article open in headless Chromium; one article's title is edited
  and saved; the clock stops when the open page shows the new title. Median of
  ``--runs`` edits.

    .venv/bin/python bench/bench_editing.py --articles 5000 20000
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SCRIPTS = REPO / "scripts"  # the tools measured (build, check, devserver)
sys.path.insert(0, str(BENCH))

from benchlib import corpus as C  # noqa: E402

PY = str(REPO / ".venv/bin/python") if (REPO / ".venv/bin/python").exists() else sys.executable
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, env=env)
    return time.perf_counter() - started, done


def check_times(content: Path, cache: Path) -> tuple[float, float, str]:
    (cache / "content-check.pickle").unlink(missing_ok=True)
    command = [PY, str(SCRIPTS / "check_content.py"), "--content", str(content), "-s", str(REPO / "pelicanconf.py")]
    cold, done = timed(command + ["--cache", str(cache)])
    warm, _ = timed(command + ["--cache", str(cache)])
    summary = (done.stdout.strip().splitlines() or ["?"])[-1]
    return cold, warm, summary


def save_to_reload(content: Path, output: Path, cache: Path, article: str, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = subprocess.Popen(
        [PY, str(SCRIPTS / "devserver.py"), str(content), "-o", str(output), "-s", str(REPO / "pelicanconf.py"),
         "--port", str(port), "--cache", str(cache)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        source = content / article
        url = f"http://127.0.0.1:{port}/" + article.split("/", 1)[0] + "/" + "/".join(_url_tail(source))
        times = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page()
            page.set_default_timeout(120_000)
            page.goto(url)
            page.wait_for_function("() => performance.getEntriesByType('resource')"
                                   ".some(r => r.name.includes('__devserver'))")
            original = source.read_text(encoding="utf-8")
            for run in range(runs):
                marker = f"（修改{time.time_ns() % 10**9}）"  # new every time: never already on the page
                text = source.read_text(encoding="utf-8")
                started = time.perf_counter()
                source.write_text(text.replace("Title: ", f"Title: {marker}", 1), encoding="utf-8")
                page.wait_for_function(f"() => document.querySelector('h1').textContent.includes('{marker}')")
                times.append(time.perf_counter() - started)
                page.wait_for_timeout(500)
            browser.close()
            source.write_text(original, encoding="utf-8")
        return times
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _url_tail(source: Path) -> list[str]:
    date = next(line for line in source.read_text(encoding="utf-8").splitlines() if line.startswith("Date:"))
    return [date.split()[1][:4], source.stem + ".html"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--runs", type=int, default=3, help="edits timed per size (median reported)")
    parser.add_argument("--workdir", type=Path, help="keep corpora here (default: a temporary folder)")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-editing-"))
    rows = []
    for n in args.articles:
        info, _ = C.load_or_generate(workdir / f"corpus-{n}", n, repo_content=REPO / "content")
        content, output, cache = Path(info.root) / "content", workdir / f"out-{n}", workdir / f"cache-{n}"
        built, done = timed([PY, str(SCRIPTS / "build.py"), str(content), "-o", str(output), "-s",
                             str(REPO / "pelicanconf.py"), "-e", f'CACHE_PATH="{cache}"'],
                            {**os.environ, "SITE_SEARCH_INDEX": "0"})
        if done.returncode:
            print(done.stdout[-2000:], done.stderr[-4000:])
            return 1
        cold, warm, summary = check_times(content, cache)
        reloads = save_to_reload(content, output, cache, info.edit_target, args.runs)
        rows.append((n, built, cold, warm, summary, reloads))
        print(f"{n} articles: first build {built:.1f} s; make check {cold:.2f} s cold, {warm:.2f} s warm "
              f"({summary}); save → reloaded page {statistics.median(reloads):.2f} s median "
              f"(runs: {', '.join(f'{t:.2f}' for t in reloads)})", flush=True)
    print("\n| articles | make check, cold | make check, warm | save → reloaded page (median) | target |")
    print("|---|---|---|---|---|")
    for n, _, cold, warm, _, reloads in rows:
        target = "< 2 s" if n <= 5000 else "< 5 s"
        print(f"| {n:,} | {cold:.2f} s | {warm:.2f} s | {statistics.median(reloads):.2f} s | {target} (check < 5 s) |")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
