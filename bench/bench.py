#!/usr/bin/env python3
"""Build benchmark: stock Pelican 4.12 vs the project's build (issue 6).

For each N it generates a deterministic synthetic corpus shaped like the site,
then runs, alternating and each in a fresh subprocess: a cold build, a rebuild
with nothing changed, a rebuild after editing one article, a rebuild after
adding one article. It prints wall/CPU seconds, peak memory and files written
per build, the ratios ours/stock and issue 6's targets with PASS/FAIL. Each
build starts after ``sync``, so none pays for the previous one's disk writes.

    .venv/bin/python bench/bench.py                      # N = 5,000 and 20,000
    .venv/bin/python bench/bench.py --articles 300 --only stock
    make bench BENCH_ARGS="--articles 5000 --json bench.json"
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from benchlib import corpus as C  # noqa: E402
from benchlib import report as R  # noqa: E402
from benchlib.measure import Measure, diff, run_measured, snapshot  # noqa: E402
from benchlib.stock import (  # noqa: E402
    CACHE_NOTES,
    STOCK_NOTES,
    stock_settings,
    strip_unknown_templates,
    write_settings_file,
)

PROCESSED = re.compile(r"Processed\s+(\d+)\s+articles?")
PATHS = re.compile(r"rendering paths: (\d+) rendered by Python-Markdown \(([\d.]+) s CPU, (\d+) in workers\), "
                   r"(\d+) from the render cache, (\d+) restored from snapshots")
SEARCH = re.compile(r"site_search: indexed (\d+) pages in ([\d.]+) s \((\d+) of (\d+) shard")


def rendering_paths(log_file: Path) -> dict[str, Any]:
    """What a build of ours reported: rendering paths and search shards."""
    text = log_file.read_text(encoding="utf-8", errors="replace")
    found: dict[str, Any] = {}
    paths = PATHS.findall(text)  # one line per reader (articles, pages): summed
    if paths:
        found.update(rendered=sum(int(p[0]) for p in paths), render_cpu=round(sum(float(p[1]) for p in paths), 2),
                     in_workers=sum(int(p[2]) for p in paths), cached=sum(int(p[3]) for p in paths),
                     restored=sum(int(p[4]) for p in paths))
    search = SEARCH.findall(text)
    if search:
        pages, seconds, reindexed, shards = search[-1]
        found.update(search_pages=int(pages), search_seconds=float(seconds),
                     shards_reindexed=int(reindexed), shards=int(shards))
    return found


def python_bin() -> str:
    venv = REPO / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def pelican_info(py: str) -> tuple[Path, str]:
    """Package directory and version of the Pelican the builds run."""
    out = subprocess.run(
        [py, "-c", "import os, pelican; print(os.path.dirname(pelican.__file__)); "
                   "print(pelican.__version__)"],
        capture_output=True, text=True, check=True).stdout.split("\n")
    return Path(out[0]), out[1]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["COLUMNS"] = "400"  # keep Pelican's rich log lines unwrapped and parseable
    env.pop("PYTHONPATH", None)
    return env


class Builder:
    """One side of the comparison with its private corpus copy, output and cache."""

    def __init__(self, name: str, work: Path, py: str) -> None:
        self.name, self.work, self.py = name, work, py
        self.search = False  # build with the search index (ours only)
        self.content = work / "content"
        self.output = work / "output"
        self.cache = work / "cache"
        self.logs = work / "logs"
        self.runs: dict[str, Measure] = {}
        self.processed: dict[str, int | None] = {}

    def prepare(self, pristine: Path) -> None:
        if self.work.exists():
            shutil.rmtree(self.work)
        self.work.mkdir(parents=True)
        shutil.copytree(pristine, self.content)

    def command(self, cached: bool) -> tuple[list[str], Path]:
        raise NotImplementedError

    def env(self) -> dict[str, str]:
        return child_env()

    def build(self, step: str, cached: bool = True) -> Measure:
        cmd, cwd = self.command(cached)
        # Start every build with the disk idle: the previous build's dirty pages
        # (20,000 files) would otherwise be written back during this one.
        os.sync()
        before = snapshot(self.output)
        m = run_measured(cmd, cwd, self.logs / f"{step}.log", env=self.env())
        after = snapshot(self.output)
        m.written, m.deleted = diff(before, after)
        m.total_files = len(after)
        text = Path(m.log).read_text(encoding="utf-8", errors="replace")
        found = PROCESSED.findall(text)
        self.processed[step] = int(found[-1]) if found else None
        errors = [ln for ln in text.splitlines() if "ERROR" in ln or "CRITICAL" in ln]
        self.runs[step] = m
        state = "ok" if m.ok else f"FAILED exit {m.returncode}"
        log(f"    {self.name:<5} {step:<9} {m.wall:8.2f} s wall {m.cpu:8.2f} s CPU "
            f"{m.peak_mb:7.0f} MB {m.written:7,d} written  {state}"
            + (f", {len(errors)} error lines in {m.log}" if errors else ""))
        if not m.ok or errors:
            for line in (errors or text.splitlines())[-15:]:
                log(f"        | {line[:300]}")
        return m


class StockBuilder(Builder):
    def command(self, cached: bool) -> tuple[list[str], Path]:
        conf = self.work / ("stock_cached.py" if cached else "stock_cold.py")
        write_settings_file(conf, stock_settings(self.content, self.output, self.cache, cached))
        return [self.py, "-m", "pelican", str(self.content), "-o", str(self.output),
                "-s", str(conf)], self.work

    def prepare(self, pristine: Path) -> None:
        super().prepare(pristine)
        theme = pelican_info(self.py)[0] / "themes" / "notmyidea" / "templates"
        names = {p.stem for p in theme.glob("*.html")}
        changed = strip_unknown_templates(self.content / "pages", names)
        if changed:
            log(f"    stock: dropped site-theme Template: lines from {', '.join(changed)}")


class OursBuilder(Builder):
    def __init__(self, name: str, work: Path, py: str, conf: Path) -> None:
        super().__init__(name, work, py)
        self.conf = conf

    def command(self, cached: bool) -> tuple[list[str], Path]:
        # The steps compared with stock run with search off (its setting and its
        # environment variable); the *-search steps run as `make html` does by
        # default, with the sharded Pagefind index (site_search/shards.py).
        # scripts/build.py is what `make html` runs: Pelican behind an up-to-date check.
        return [self.py, str(REPO / "scripts" / "build.py"), str(self.content), "-o", str(self.output),
                "-s", str(self.conf), "-e", f"CACHE_PATH={json.dumps(str(self.cache))}",
                f"SEARCH_INDEX={'true' if self.search else 'false'}"], REPO

    def env(self) -> dict[str, str]:
        return {**child_env(), "SITE_SEARCH_INDEX": "1" if self.search else "0"}


def pagefind_available(py: str) -> bool:
    probe = subprocess.run([py, "-c", "import pagefind_bin_extended"], capture_output=True)
    return probe.returncode == 0


def run_search(py: str, site: Path, name: str, logdir: Path) -> dict[str, Any]:
    m = run_measured([py, "-m", "pagefind_bin_extended", "--site", str(site)], REPO,
                     logdir / "pagefind.log", env=child_env())
    log(f"    search on {name}: {m.wall:.2f} s wall, {m.cpu:.2f} s CPU, {m.peak_mb:.0f} MB"
        + ("" if m.ok else f" FAILED exit {m.returncode} ({m.log})"))
    row = R.aggregate([m]) or {}
    row["site"] = name
    return row


def bench_n(n: int, args: argparse.Namespace, base: Path, py: str,
            ours_conf: Path | None) -> dict[str, Any]:
    corpus_dir = base / f"corpus-n{n}"
    info, reused = C.load_or_generate(corpus_dir, n, args.seed, REPO / "content")
    log(f"== N={n:,}: corpus {'reused' if reused else f'generated in {info.seconds:.1f} s'} "
        f"at {corpus_dir} ({info.chars / n:.0f} body chars/article; "
        f"site parts copied: {', '.join(info.copied) or 'none yet'})")
    sides = {"stock": [], "ours": []} if args.only is None else {args.only: []}
    if ours_conf is None:
        sides.pop("ours", None)
    collected: dict[str, dict[str, list[Measure]]] = {s: {} for s in ("stock", "ours")}
    processed: dict[str, dict[str, int | None]] = {}
    last: dict[str, Builder] = {}
    for run in range(args.runs):
        work = base / f"builds-n{n}" / f"run{run + 1}"
        builders: dict[str, Builder] = {}
        if "stock" in sides:
            builders["stock"] = StockBuilder("stock", work / "stock", py)
        if "ours" in sides and ours_conf is not None:
            builders["ours"] = OursBuilder("ours", work / "ours", py, ours_conf)
        for b in builders.values():
            b.prepare(info.content)
        log(f"  run {run + 1}/{args.runs}")
        alive = dict(builders)

        def step(name: str, change=None, cached: bool = True, only: str | None = None) -> None:
            for side, b in list(alive.items()):
                if only and side != only:
                    continue
                if change:
                    change(b.content)
                if not b.build(name, cached=cached).ok and name == "cold":
                    log(f"    {side}: cold build failed; skipping its other steps")
                    alive.pop(side)

        step("cold", cached=False)
        step("prime", only="stock")
        step("no-change")
        step("edit-one", change=lambda content: C.edit_article(content, info.edit_target))
        step("add-one", change=lambda content: C.add_article(content, info))
        if "ours" in alive and not args.skip_search:
            alive["ours"].search = True  # as `make html`: search on
            step("search-all", only="ours")  # the first indexed build: every shard
            step("edit-search", only="ours", change=lambda content: C.edit_article(content, info.edit_target))
        for side, b in builders.items():
            for s, m in b.runs.items():
                collected[side].setdefault(s, []).append(m)
            processed[side] = b.processed
            last[side] = b
    result: dict[str, Any] = {
        "corpus": {k: v for k, v in info.__dict__.items() if k != "members"},
        "corpus_reused": reused,
        "kept": bool(args.keep),
        "cpus": os.cpu_count(),
        "stock": {s: R.aggregate(ms) for s, ms in collected["stock"].items()},
        "ours": {s: R.aggregate(ms) for s, ms in collected["ours"].items()},
        "articles_processed": processed,
        "notes": [],
    }
    if "stock" in sides:
        result["notes"] += [STOCK_NOTES, CACHE_NOTES]
    if "ours" in sides:
        result["notes"].append(
            f"ours = {py} scripts/build.py <corpus>/content -o <out> -s {ours_conf} "
            "-e CACHE_PATH=<fresh dir> SEARCH_INDEX=false, env SITE_SEARCH_INDEX=0 "
            "(cwd = repo root); cold = empty output and cache; search-all / edit-search: the same "
            "with SEARCH_INDEX=true (as `make html`): the first indexed build, then one more edit")
    elif ours_conf is None:
        result["notes"].append(f"ours: {REPO / 'pelicanconf.py'} does not exist yet; stock only")
    result["notes"].append(f"edit-one edits {info.edit_target} (title + body); "
                           f"add-one adds a campus article dated after {info.newest}")
    if args.runs > 1:
        result["notes"].append(f"figures are medians of {args.runs} runs")
    result["paths"] = {step: rendering_paths(Path(m.log)) for step, m in last["ours"].runs.items()} \
        if "ours" in last else {}
    result["corpus_mix"] = info.mix
    if args.skip_search or "ours" in last:
        result["search"] = None
    elif not pagefind_available(py):
        result["search"] = {"skipped": "pagefind not installed, skipped"}
    else:
        result["search"] = run_search(py, last["stock"].output, "stock", last["stock"].logs)
    result["targets"] = R.targets(result)
    return result


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, nargs="+", default=[5000, 20000],
                   help="corpus sizes (default: 5000 20000)")
    p.add_argument("--runs", type=int, default=1, help="repeat each sequence; medians reported")
    p.add_argument("--keep", type=Path, help="keep (and reuse) corpora and builds in DIR")
    p.add_argument("--only", choices=("stock", "ours"), help="run one side only")
    p.add_argument("--skip-search", action="store_true", help="do not time Pagefind")
    p.add_argument("--seed", type=int, default=C.DEFAULT_SEED, help="corpus seed")
    p.add_argument("--json", type=Path, help="also write every figure as JSON to FILE")
    args = p.parse_args(argv)
    if any(n < 1 for n in args.articles) or args.runs < 1:
        p.error("--articles and --runs must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    py = python_bin()
    ours_conf: Path | None = REPO / "pelicanconf.py"
    if not ours_conf.exists():
        ours_conf = None
        if args.only == "ours":
            print(f"ours: {REPO / 'pelicanconf.py'} does not exist yet; nothing to run.")
            return 2
        print(f"NOTE: {REPO / 'pelicanconf.py'} does not exist yet: the project build is "
              "not there to measure; running stock Pelican only.", flush=True)
    tmp = None
    if args.keep:
        base = args.keep.resolve()
        base.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="pelican-bench-")
        base = Path(tmp)
    results: dict[int, dict[str, Any]] = {}
    t0 = time.perf_counter()
    try:
        for n in sorted(set(args.articles)):
            results[n] = bench_n(n, args, base, py, ours_conf)
            print(R.format_table(n, results[n]) + "\n", flush=True)
            if tmp:  # outputs of 20,000 articles are big: drop them between sizes
                shutil.rmtree(base / f"builds-n{n}", ignore_errors=True)
        grow = R.growth(results)
        if grow:
            print("growth of cold-build time (issue 6: at most 1.1 x the article ratio):")
            print("\n".join(R.format_targets(grow)))
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        doc = {
            "meta": {
                "argv": sys.argv, "python": py, "pelican": pelican_info(py)[1],
                "machine": platform.platform(), "cpus": os.cpu_count(),
                "seed": args.seed, "runs": args.runs, "seconds": time.perf_counter() - t0,
                "step_targets": R.STEP_TARGETS, "peak_target": R.PEAK_TARGET,
            },
            "results": {str(n): r for n, r in results.items()},
            "growth": R.growth(results),
        }
        args.json.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"JSON written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
