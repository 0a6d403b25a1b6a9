#!/usr/bin/env python3
"""Lighthouse scores of the built site at mobile settings, printed and saved.

Runs the pinned Lighthouse (tools/lighthouse, `make lighthouse-deps`) with
Debian's Chromium over the home, column, article, search and 年度统计 pages and
prints performance / accessibility / best practices / SEO for each. Reports
(HTML and JSON), the final screenshot of each page and scores.json go to
test-artifacts/lighthouse/. Exits 1 when a score is below --min (default 95).

Performance scores vary from run to run, the more so on a busy machine
(Lighthouse's own advice: take the median of several runs). A page with a
score below --min in its first run is run --reruns (default 2) more times and
each category's median counts; every run is kept in scores.json.

    .venv/bin/python scripts/lighthouse_scores.py              # builds the sample site, serves it
    .venv/bin/python scripts/lighthouse_scores.py --site output
    .venv/bin/python scripts/lighthouse_scores.py --url http://127.0.0.1:8000

Chromium runs headless with no sandbox and resolves no host but 127.0.0.1, so
nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "tools/lighthouse/node_modules/lighthouse/cli/index.js"
OUT = ROOT / "test-artifacts/lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PAGES = {
    "home": "/",
    "column": "/news/",
    "article": "/news/2022/food-safety-remote-training.html",
    "search": "/search/?q=%E9%A3%9F%E5%93%81%E5%AE%89%E5%85%A8",  # ?q=食品安全
    "stats": "/stats/",
}
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync "
                '--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"')


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".wasm": "application/wasm", ".pagefind": "application/octet-stream"}

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (ephemeral port); yield its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def build_sample(output: Path) -> Path:
    """The sample site with its search index (a real Pelican build)."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from pelican import Pelican
    from pelican.settings import read_settings

    os.environ.pop("SITE_SEARCH_INDEX", None)
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(ROOT / "content"), "OUTPUT_PATH": str(output), "CACHE_PATH": str(output.parent / "cache"),
        "SEARCH_INDEX": True})
    Pelican(settings).run()
    return output


def run_lighthouse(url: str, name: str, out: Path, timeout: int = 300) -> dict[str, int]:
    """One Lighthouse run (mobile, simulated throttling); scores 0-100 by category."""
    if not LIGHTHOUSE.is_file():
        raise SystemExit(f"lighthouse is not installed: run `make lighthouse-deps` ({LIGHTHOUSE} missing)")
    out.mkdir(parents=True, exist_ok=True)
    base = out / name
    cmd = ["node", str(LIGHTHOUSE), url, "--quiet", "--form-factor=mobile",
           f"--only-categories={','.join(CATEGORIES)}", "--output=json", "--output=html",
           f"--output-path={base}", f"--chrome-flags={CHROME_FLAGS}", "--max-wait-for-load=60000"]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env, check=False)
    report = base.with_name(f"{name}.report.json")
    if proc.returncode != 0 or not report.is_file():
        raise RuntimeError(f"lighthouse failed on {url} (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("runtimeError"):
        raise RuntimeError(f"lighthouse could not test {url}: {data['runtimeError']}")
    shot = data.get("audits", {}).get("final-screenshot", {}).get("details", {}).get("data", "")
    if shot.startswith("data:image/"):
        out.joinpath(f"{name}.jpg").write_bytes(base64.b64decode(shot.split(",", 1)[1]))
    return {key: round(100 * (data["categories"][key]["score"] or 0)) for key in CATEGORIES}


def measure(base_url: str, out: Path = OUT, pages: dict[str, str] = PAGES, minimum: int = 95,
            reruns: int = 2) -> dict[str, dict[str, int]]:
    """Scores of every page (medians where a first run fell short); also in ``out/scores.json``."""
    out.mkdir(parents=True, exist_ok=True)
    scores: dict[str, dict[str, int]] = {}
    runs: dict[str, list[dict[str, int]]] = {}
    for name, path in pages.items():
        url = base_url.rstrip("/") + path
        runs[name] = [run_lighthouse(url, name, out)]
        if min(runs[name][0].values()) < minimum:
            runs[name] += [run_lighthouse(url, name, out) for _ in range(reruns)]
        scores[name] = {c: round(statistics.median(r[c] for r in runs[name])) for c in CATEGORIES}
    report = {"scores": scores, "runs": runs, "minimum": minimum}
    out.joinpath("scores.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return scores


def table(scores: dict[str, dict[str, int]]) -> str:
    """The scores as a text table, one line per page."""
    lines = [f"{'page':<10}" + "".join(f"{c:>16}" for c in CATEGORIES)]
    lines += [f"{name:<10}" + "".join(f"{s[c]:>16}" for c in CATEGORIES) for name, s in scores.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--site", type=Path, help="a built output folder to serve (default: build the sample site)")
    where.add_argument("--url", help="base URL of a site already served on this machine")
    parser.add_argument("--out", type=Path, default=OUT, help="reports folder (default: %(default)s)")
    parser.add_argument("--min", type=int, default=95, help="lowest acceptable score (default: %(default)s)")
    parser.add_argument("--reruns", type=int, default=2,
                        help="extra runs of a page that falls short, median counts (default: %(default)s)")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        url = args.url
        if url is None:
            site = args.site
            if site is None:
                site = build_sample(Path(stack.enter_context(tempfile.TemporaryDirectory())) / "output")
            url = stack.enter_context(serve(site))
        scores = measure(url, args.out, minimum=args.min, reruns=args.reruns)
    print(table(scores))
    print(f"reports and screenshots: {args.out}")
    low = [(name, c, s[c]) for name, s in scores.items() for c in CATEGORIES if s[c] < args.min]
    for name, category, score in low:
        print(f"below {args.min}: {name} {category} {score}", file=sys.stderr)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
