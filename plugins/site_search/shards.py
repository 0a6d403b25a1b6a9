"""Search index in shards, re-indexed only where pages changed.

Pagefind has no incremental mode: one run reads every page it is given and
holds the whole index in memory. So a large site is indexed in shards, one
Pagefind run each, and a build re-runs Pagefind only for the shards whose
pages changed since the last build; the other bundles stay as they are.

- A *unit* is an article folder ``<column>/<yyyy>/`` of the output (every
  article page lives in one). Up to ``SEARCH_SHARD_PAGES`` pages in all, the
  site is one shard with no glob (Pagefind picks every marked page).
- A *shard* is a set of units, indexed with ``--glob "{news/2022,news/2023}/*.html"``.
  The first plan packs each column's units, oldest year first, into shards
  of at most ``limit`` pages (columns never share a shard). The plan is kept in the state file and reused: a new
  unit (a new year) joins its column's newest shard while it has room, else
  starts a new shard, so
  adding articles never moves existing units; a shard grown past 1.5 × the
  limit is split (only it is re-indexed).
- A shard is re-indexed when its units or the bytes of any page in it
  changed (the whole-site shard: any HTML file), when its bundle is missing,
  or when the Pagefind version, the bundle folder or the excluded selectors
  changed. Pages are read only when their names, sizes or modification times
  changed: the development writer rewrites a page only when its bytes change,
  a publish build (``DELETE_OUTPUT_DIRECTORY``) rewrites every file, and the
  bundles survive it (``OUTPUT_RETENTION``, see ``__init__.py``).

The first shard is the main bundle (``pagefind/``), the others
``pagefind-<n>/``; ``pagefind/shards.json`` lists them for the search page,
which merges them with Pagefind's ``mergeIndex``. State:
``CACHE_PATH/site-search-<output>.json``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

STATE_FILE = "site-search-{output}.json"
SHARDS_FILE = "shards.json"
SPLIT_FACTOR = 1.5
#: Runs Pagefind: (bundle folder, glob or None) -> report with "pages", "seconds", "stdout".
Runner = Callable[[str, "str | None"], dict[str, Any]]


def units(output: Path) -> dict[str, list[str]]:
    """Every article folder ``<column>/<yyyy>`` holding articles, and its HTML
    files (the year's index page included: a shard's run reads it too)."""
    found: dict[str, list[str]] = {}
    for column in sorted(os.scandir(output), key=lambda e: e.name):
        if not column.is_dir() or column.name.startswith("."):
            continue
        for year in sorted(os.scandir(column.path), key=lambda e: e.name):
            if not (year.is_dir() and len(year.name) == 4 and year.name.isdigit()):
                continue
            pages = sorted(entry.name for entry in os.scandir(year.path)
                           if entry.name.endswith(".html") and entry.is_file())
            if any(name != "index.html" for name in pages):
                found[f"{column.name}/{year.name}"] = pages
    return found


def _order(unit: str) -> tuple[str, str]:
    """Units of one column stay together, oldest first: an editor's edit (a
    recent news item) re-indexes its column's shard, not the imported items'."""
    column, year = unit.split("/")
    return column, year


def first_plan(sizes: dict[str, int], limit: int) -> list[list[str]]:
    """Units packed in (column, year) order into shards of at most ``limit``
    pages, a column never sharing a shard with another (a unit above the limit
    is a shard of its own)."""
    shards: list[list[str]] = []
    size = 0
    for unit in sorted(sizes, key=_order):
        column = unit.split("/")[0]
        if not shards or (shards[-1] and (size + sizes[unit] > limit or shards[-1][-1].split("/")[0] != column)):
            shards.append([])
            size = 0
        shards[-1].append(unit)
        size += sizes[unit]
    return shards


def update_plan(plan: list[list[str]], sizes: dict[str, int], limit: int) -> list[list[str]]:
    """The kept plan with vanished units dropped, new units placed and overgrown
    shards split; existing units stay in their shards."""
    known = {unit for shard in plan for unit in shard}
    shards = [[unit for unit in shard if unit in sizes] for shard in plan]
    for unit in sorted((u for u in sizes if u not in known), key=_order):
        column = unit.split("/")[0]
        home = next((shard for shard in reversed(shards)
                     if shard and shard[-1].split("/")[0] == column), None)  # its column's newest shard
        if home is not None and sum(sizes[u] for u in home) + sizes[unit] <= limit:
            home.append(unit)
        else:
            shards.append([unit])
    result: list[list[str]] = []
    for shard in shards:
        if len(shard) > 1 and sum(sizes[u] for u in shard) > SPLIT_FACTOR * limit:
            result.extend(first_plan({u: sizes[u] for u in shard}, limit))
        elif shard:
            result.append(shard)
    return result


@dataclass
class ShardState:
    """What the last build indexed: settings, and per shard its units and digest."""

    settings: str = ""
    shards: list[dict[str, Any]] = field(default_factory=list)  # {"units": [...], "digest": "..."}

    @classmethod
    def load(cls, path: Path | None) -> "ShardState":
        try:
            data = json.loads(path.read_text(encoding="utf-8")) if path else {}
            return cls(settings=str(data["settings"]), shards=list(data["shards"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def save(self, path: Path | None) -> None:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({"settings": self.settings, "shards": self.shards}), encoding="utf-8")


def bundle_names(bundle_dir: str, count: int) -> list[str]:
    return [bundle_dir] + [f"{bundle_dir}-{n}" for n in range(1, count)]


def glob_for(shard: list[str]) -> str | None:
    """Pagefind's --glob for a shard's units; None for the whole site."""
    if not shard:
        return None
    return f"{{{','.join(shard)}}}/*.html" if len(shard) > 1 else f"{shard[0]}/*.html"


def index_shards(output: Path, bundle_dir: str, limit: int, settings_key: str, run: Runner,
                 state_path: Path | None = None) -> dict[str, Any]:
    """Bring the shard bundles of ``output`` up to date; return a report
    (pages and seconds of the runs made, shards, shards re-indexed)."""
    listed = units(output)
    sizes = {unit: sum(name != "index.html" for name in pages) for unit, pages in listed.items()}
    state = ShardState.load(state_path)
    same = state.settings == settings_key and state.shards
    if sum(sizes.values()) <= limit and (not same or len(state.shards) <= 1):
        plan: list[list[str]] = [[]]  # one shard, the whole site
    elif same and state.shards[0]["units"]:
        plan = update_plan([s["units"] for s in state.shards], sizes, limit)
    else:
        plan = first_plan(sizes, limit)
    names = bundle_names(bundle_dir, len(plan))
    previous = {json.dumps(s["units"]): s for s in state.shards if "stamps" in s} if same else {}
    report: dict[str, Any] = {"seconds": 0.0, "stdout": "", "pages": 0, "shards": len(plan), "reindexed": 0}
    new_state = ShardState(settings=settings_key)
    for name, shard in zip(names, plan):
        pages = [f"{unit}/{name}" for unit in shard for name in listed.get(unit, ())] if shard \
            else _site_pages(output, bundle_dir)
        stamps = _stamps(output, pages)
        old = previous.get(json.dumps(shard))
        kept = old is not None and old["bundle"] == name and (output / name / "pagefind-entry.json").is_file()
        if kept and old["stamps"] == stamps:
            digest = old["digest"]  # no file touched: the common case, no page read
        else:
            digest = _content_digest(output, pages)
            kept = kept and old["digest"] == digest  # rewritten with the same bytes (a publish build)
        entry = {"units": shard, "digest": digest, "stamps": stamps, "bundle": name}
        if not kept:
            shutil.rmtree(output / name, ignore_errors=True)
            new_state.shards.append({**entry, "digest": "", "stamps": ""})
            new_state.save(state_path)  # an interrupted run re-indexes this shard next time
            part = run(name, glob_for(shard))
            report["seconds"] += part["seconds"]
            report["stdout"] += part["stdout"]
            report["pages"] += part.get("pages") or 0
            report["reindexed"] += 1
            new_state.shards[-1] = entry
        else:
            new_state.shards.append(entry)
    for stale in output.glob(f"{bundle_dir}-[0-9]*"):
        if stale.is_dir() and stale.name not in names:
            shutil.rmtree(stale)
    (output / bundle_dir / SHARDS_FILE).write_text(json.dumps([f"../{name}/" for name in names[1:]]), encoding="utf-8")
    new_state.save(state_path)
    return report


def _site_pages(output: Path, bundle_dir: str) -> list[str]:
    """Every HTML file outside the bundles (relative paths, sorted): what the
    whole-site shard's run reads (any page may carry data-pagefind-body)."""
    found: list[str] = []
    for root, subfolders, files in os.walk(output):
        if root == str(output):
            subfolders[:] = [f for f in subfolders if not (f == bundle_dir or f.startswith(f"{bundle_dir}-"))]
        rel = os.path.relpath(root, output)
        found += [f"{rel}/{name}" for name in files if name.endswith(".html")]
    return sorted(found)


def _stamps(output: Path, pages: list[str]) -> str:
    """Names, sizes and modification times of the pages: unchanged means no page was touched."""
    digest = hashlib.blake2b(digest_size=16)
    for page in pages:
        stat = os.stat(output / page)
        digest.update(f"{page}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _content_digest(output: Path, pages: list[str]) -> str:
    """Names and bytes of the pages. A publish build (DELETE_OUTPUT_DIRECTORY)
    writes every file anew with new times; the bytes say whether a page
    really changed, so the kept bundles are reused."""
    digest = hashlib.blake2b(digest_size=16)
    for page in pages:
        digest.update(f"{page}|".encode())
        digest.update(hashlib.blake2b((output / page).read_bytes(), digest_size=16).digest())
    return digest.hexdigest()
