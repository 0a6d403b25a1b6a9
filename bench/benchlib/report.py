"""Aggregate measured runs, check issue 6's targets and print the tables."""

from __future__ import annotations

import statistics
from dataclasses import asdict
from typing import Any

from .measure import Measure

STEPS = ("cold", "no-change", "edit-one", "add-one")
SEARCH_STEPS = ("search-all", "edit-search")  # ours only, search on as `make html` by default
# ours/stock wall-time ceilings from issue 6.
STEP_TARGETS = {"cold": 0.30, "no-change": 0.05, "edit-one": 0.10, "add-one": 0.10}
PEAK_TARGET = 1.20
SEARCH_PEAK_MB = 1024.0
EDIT_SEARCH_TARGET = 0.10  # one edit with search on / stock's one edit
GROWTH_SLACK = 1.10  # time(N2)/time(N1) <= 1.1 * N2/N1 (4.4 for 5,000 -> 20,000)
FIELDS = ("wall", "cpu", "peak_mb", "maxrss_mb", "tree_peak_mb", "written", "deleted",
          "total_files", "max_procs", "load1")


def aggregate(runs: list[Measure]) -> dict[str, Any] | None:
    """Median of every field over the repeated runs; None when any run failed."""
    if not runs:
        return None
    out: dict[str, Any] = {"runs": len(runs), "ok": all(m.ok for m in runs)}
    for f in FIELDS:
        out[f] = statistics.median(getattr(m, f) for m in runs)
    out["returncodes"] = [m.returncode for m in runs]
    out["logs"] = [m.log for m in runs]
    out["raw"] = [asdict(m) for m in runs]
    return out


def _cell(row: dict[str, Any] | None) -> str:
    if row is None:
        return f"{'-':>7} {'-':>7} {'-':>8} {'-':>8}"
    if not row["ok"]:
        return f"{'FAILED (exit ' + ','.join(map(str, row['returncodes'])) + ')':>33}"
    return (f"{row['wall']:7.2f} {row['cpu']:7.2f} {row['peak_mb']:8.0f} "
            f"{int(row['written']):8,d}")


def _ratio(a: dict[str, Any] | None, b: dict[str, Any] | None, key: str) -> float | None:
    if not a or not b or not a["ok"] or not b["ok"] or not b[key]:
        return None
    return a[key] / b[key]


def targets(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Issue 6's per-N targets with measured value, limit and verdict."""
    stock, ours = result["stock"], result["ours"]
    rows = []
    for step in STEPS:
        r = _ratio(ours.get(step), stock.get(step), "wall")
        rows.append({"target": f"{step} wall, ours/stock", "value": r,
                     "limit": STEP_TARGETS[step], "pass": None if r is None else r <= STEP_TARGETS[step]})
    peaks_o = [ours[s]["peak_mb"] for s in STEPS if ours.get(s) and ours[s]["ok"]]
    peaks_s = [stock[s]["peak_mb"] for s in STEPS if stock.get(s) and stock[s]["ok"]]
    r = max(peaks_o) / max(peaks_s) if peaks_o and peaks_s else None
    rows.append({"target": "peak memory, ours max / stock max", "value": r,
                 "limit": PEAK_TARGET, "pass": None if r is None else r <= PEAK_TARGET})
    r = _ratio(ours.get("edit-search"), stock.get("edit-one"), "wall")
    if r is not None:
        rows.append({"target": "edit-one with search on, ours/stock", "value": r,
                     "limit": EDIT_SEARCH_TARGET, "pass": r <= EDIT_SEARCH_TARGET})
    peaks = [ours[s]["peak_mb"] for s in SEARCH_STEPS if ours.get(s) and ours[s]["ok"]]
    if peaks:
        rows.append({"target": "peak MB with search on (all processes)", "value": max(peaks),
                     "limit": SEARCH_PEAK_MB, "pass": max(peaks) <= SEARCH_PEAK_MB})
    return rows


def growth(results: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Cold-build time growth between the smallest and the largest N."""
    ns = sorted(results)
    if len(ns) < 2:
        return []
    n1, n2 = ns[0], ns[-1]
    limit = GROWTH_SLACK * n2 / n1
    rows = []
    for side in ("ours", "stock"):
        a, b = results[n1][side].get("cold"), results[n2][side].get("cold")
        r = _ratio(b, a, "wall")
        rows.append({"target": f"{side} cold wall t({n2:,})/t({n1:,})", "value": r,
                     "limit": limit, "pass": None if r is None else r <= limit,
                     "informational": side == "stock"})
    return rows


def _verdict(row: dict[str, Any]) -> str:
    if row.get("informational"):
        return "(info)"
    return {True: "PASS", False: "FAIL", None: "n/a"}[row["pass"]]


def format_targets(rows: list[dict[str, Any]]) -> list[str]:
    lines = []
    for row in rows:
        value = "-" if row["value"] is None else f"{row['value']:.3f}"
        lines.append(f"  {row['target']:<40} {value:>9}  <= {row['limit']:<7,.6g} {_verdict(row)}")
    return lines


def busy_note(result: dict[str, Any]) -> str | None:
    """A warning when other work loaded the machine during the builds."""
    cpus = result.get("cpus") or 1
    loads = [r["load1"] for side in ("stock", "ours") for r in result[side].values() if r]
    if loads and max(loads) > cpus + 1.5:
        return (f"WARNING: the machine was busy (1-minute load average up to {max(loads):.1f} "
                f"on {cpus} CPUs): wall times are inflated, CPU seconds much less so; "
                "rerun on an idle machine for figures to quote")
    return None


def format_table(n: int, result: dict[str, Any]) -> str:
    """The per-N table."""
    stock, ours = result["stock"], result["ours"]
    info = result["corpus"]
    counts = " · ".join(f"{c} {k:,}" for c, k in sorted(info["counts"].items(), key=lambda x: -x[1]))
    src = "reused" if result["corpus_reused"] else f"generated in {info['seconds']:.1f} s"
    where = info["root"] if result.get("kept") else "a temporary dir (use --keep DIR to keep it)"
    out = [f"== N = {n:,} articles ({counts}); corpus {src} in {where}"]
    head = f"{'wall s':>7} {'CPU s':>7} {'peak MB':>8} {'written':>8}"
    out.append(f"{'':<10} | {'stock':<33} | {'ours':<33} |")
    out.append(f"{'step':<10} | {head} | {head} | ours/stock: wall    CPU")
    out.append("-" * 108)
    for step in STEPS:
        rw = _ratio(ours.get(step), stock.get(step), "wall")
        rc = _ratio(ours.get(step), stock.get(step), "cpu")
        ratios = " ".join("       -" if r is None else f"{r:8.3f}" for r in (rw, rc))
        out.append(f"{step:<10} | {_cell(stock.get(step))} | {_cell(ours.get(step))} |"
                   f"       {ratios}")
    for step in SEARCH_STEPS:
        if ours.get(step):
            rw = _ratio(ours.get(step), stock.get("edit-one"), "wall")
            out.append(f"{step:<10} | {'(search on; ratio vs stock edit-one)':<33} | {_cell(ours.get(step))} |"
                       f"       {'       -' if rw is None else f'{rw:8.3f}'}")
    out.append("-" * 108)
    for step, found in (result.get("paths") or {}).items():
        if found:
            out.append(f"ours {step}: " + ", ".join(f"{k} {v}" for k, v in found.items()))
    if result.get("corpus_mix"):
        out.append("corpus mix (share of articles with): " + ", ".join(
            f"{k} {v:.0%}" for k, v in result["corpus_mix"].items()))
    prime = stock.get("prime")
    if prime and prime["ok"]:
        out.append(f"stock cache prime (fills the content cache; not a target row): "
                   f"{prime['wall']:.2f} s wall, {prime['cpu']:.2f} s CPU, {prime['peak_mb']:.0f} MB")
    totals = []
    for side, rows in (("stock", stock), ("ours", ours)):
        last = next((rows[s] for s in reversed(STEPS) if rows.get(s) and rows[s]["ok"]), None)
        if last:
            totals.append(f"{side} {int(last['total_files']):,}")
    if totals:
        out.append("files in output after the last step: " + " · ".join(totals))
    for side in ("stock", "ours"):
        arts = result.get("articles_processed", {}).get(side)
        if arts:
            out.append(f"{side}: Pelican reported articles processed per step: {arts}")
    for note in result.get("notes", []):
        out.append(note)
    busy = busy_note(result)
    if busy:
        out.append(busy)
    search = result.get("search")
    if search is None:
        out.append("search: skipped (--skip-search)")
    elif search.get("skipped"):
        out.append(f"search: {search['skipped']}")
    elif search.get("ok"):
        out.append(f"search (pagefind_bin_extended on {search['site']} output): "
                   f"{search['wall']:.2f} s wall, {search['cpu']:.2f} s CPU, {search['peak_mb']:.0f} MB peak")
    else:
        out.append(f"search: pagefind FAILED (exit {search.get('returncodes')}), log {search.get('logs')}")
    out.append(f"targets (issue 6; they apply at 20,000 articles; this is N = {n:,}):")
    out.extend(format_targets(result["targets"]))
    return "\n".join(out)
