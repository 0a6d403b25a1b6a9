#!/usr/bin/env python3
"""Search benchmark (issue 4): Pagefind index time and peak memory, bytes per query.

For the sample site and for synthetic corpora of N articles (the same
deterministic generator as bench/bench.py) it builds the site with Pelican
(search indexing off), then runs the extended Pagefind binary over the output on
its own, measuring wall time and the peak resident memory of that process
(``wait4`` rusage). It then serves the output on 127.0.0.1, opens the search page
in headless Debian Chromium with ``?q=`` set and counts the bytes the browser
downloads, split into the page itself and the Pagefind runtime, index, filter
and fragment files. Not part of the test run.

    .venv/bin/python bench/bench_search.py                    # sample, 5,000, 20,000
    .venv/bin/python bench/bench_search.py --sizes sample,2000 --json bench-search.json
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(REPO / "plugins"))

from benchlib import corpus as C  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
QUERIES = ("食品安全", "后勤")


def python_bin() -> str:
    venv = REPO / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def build_site(content: Path, output: Path) -> float:
    """Pelican build with the project's settings, search indexing off; returns seconds."""
    if output.exists():
        shutil.rmtree(output)
    env = {**os.environ, "SITE_SEARCH_INDEX": "0"}
    started = time.perf_counter()
    subprocess.run([python_bin(), "-m", "pelican", str(content), "-o", str(output),
                    "-s", str(REPO / "pelicanconf.py"), "-q"],
                   cwd=REPO, env=env, check=True)
    return time.perf_counter() - started


def index_site(output: Path) -> dict[str, Any]:
    """Index as the build does (site_search.build_index, sharded when large) in a
    child process; wall seconds, peak RSS of the largest Pagefind run, bundle size."""
    script = ("import json, sys; from pathlib import Path; sys.path.insert(0, 'plugins'); "
              "from site_search import build_index; r = build_index(Path(sys.argv[1])); "
              "print(r['stdout']); print('SHARDS', r['shards'])")
    started = time.perf_counter()
    proc = subprocess.Popen([python_bin(), "-c", script, str(output)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, rusage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"pagefind failed:\n{out}")
    files = [p for bundle in output.glob("pagefind*") for p in bundle.rglob("*") if p.is_file()]

    def total(kind: str) -> int:
        return sum(int(line.split()[1]) for line in out.splitlines()
                   if line.strip().startswith("Indexed") and line.split()[2].startswith(kind)
                   and line.split()[1].isdigit())

    shards = next((int(line.split()[1]) for line in out.splitlines() if line.startswith("SHARDS")), 1)
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(rusage.ru_maxrss / 1024, 1),  # Linux: KiB, largest process of the tree
        "shards": shards,
        "pages": total("page"),
        "words": total("word"),
        "bundle_files": len(files),
        "bundle_mb": round(sum(p.stat().st_size for p in files) / 1e6, 2),
    }


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


_Quiet.extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                         ".js": "text/javascript", ".wasm": "application/wasm"}


def _kind(path: str) -> str:
    if not re.match(r"^/pagefind(-\d+)?/", path):  # the main bundle and its shards
        return "page"
    for suffix, kind in ((".pf_fragment", "fragments"), (".pf_index", "index"),
                         (".pf_filter", "filters")):
        if path.endswith(suffix):
            return kind
    return "runtime"  # pagefind.js, the wasm, entry json, pf_meta


def query_bytes(output: Path, queries: tuple[str, ...]) -> dict[str, Any]:
    """Bytes Chromium downloads to show the results of each query (fresh cache each)."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    results: dict[str, Any] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for q in queries:
                context = browser.new_context()
                page = context.new_page()
                sizes: dict[str, int] = {}
                page.on("response", lambda r: sizes.__setitem__(
                    unquote(urlsplit(r.url).path), len(r.body()) if r.ok else 0))
                started = time.perf_counter()
                page.goto(f"{base}/search/?q={quote(q)}")
                page.wait_for_function(
                    "/找到|没有找到|不可用/.test(document.getElementById('search-status').textContent)",
                    timeout=120_000)
                page.wait_for_load_state("networkidle")
                seconds = time.perf_counter() - started
                status = page.locator("#search-status").inner_text()
                by_kind: dict[str, int] = {}
                for path, n in sizes.items():
                    by_kind[_kind(path)] = by_kind.get(_kind(path), 0) + n
                results[q] = {"status": status, "seconds_to_results": round(seconds, 2),
                              "requests": len(sizes), "bytes": sum(sizes.values()),
                              "search_bytes": sum(v for k, v in by_kind.items() if k != "page"),
                              **{f"{k}_bytes": v for k, v in sorted(by_kind.items())}}
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def run(size: str, workdir: Path, reuse: bool) -> dict[str, Any]:
    if size == "sample":
        content, n = REPO / "content", None
    else:
        n = int(size)
        info, _ = C.load_or_generate(workdir / f"corpus-{n}", n, repo_content=REPO / "content")
        content = info.content
    output = workdir / f"output-{size}"
    marker = output / ".bench-built"
    if reuse and marker.exists():
        build_seconds = json.loads(marker.read_text())["seconds"]
    else:
        build_seconds = build_site(content, output)
        marker.write_text(json.dumps({"seconds": build_seconds}))
    html_pages = sum(1 for _ in output.rglob("*.html"))
    row = {"size": size, "articles": n, "html_pages": html_pages,
           "build_seconds": round(build_seconds, 1), "index": index_site(output)}
    row["query"] = query_bytes(output, QUERIES)
    return row


def fmt(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| site | html pages | indexed pages | shards | index time | peak memory | bundle | query | bytes (total) | search bytes | of which index / fragments |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ix = r["index"]
        for q, qr in r["query"].items():
            lines.append(
                f"| {r['size']} | {r['html_pages']} | {ix['pages']} | {ix['shards']} | {ix['seconds']} s | "
                f"{ix['peak_rss_mb']} MB | {ix['bundle_mb']} MB / {ix['bundle_files']} files | {q} | "
                f"{qr['bytes'] / 1024:.0f} KB | {qr['search_bytes'] / 1024:.0f} KB | "
                f"{qr.get('index_bytes', 0) / 1024:.0f} KB / {qr.get('fragments_bytes', 0) / 1024:.0f} KB |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="sample,5000,20000",
                    help="comma-separated: 'sample' and/or article counts (default: %(default)s)")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/bench-search"),
                    help="corpora and outputs (default: %(default)s)")
    ap.add_argument("--reuse", action="store_true", help="reuse a site built by an earlier run")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    rows = []
    for size in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        print(f"[bench_search] {size}: building and indexing …", file=sys.stderr, flush=True)
        rows.append(run(size, args.workdir, args.reuse))
        print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    print(f"Machine: {platform.platform()}, {os.cpu_count()} CPUs; Pagefind extended 1.5.2\n")
    print(fmt(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
