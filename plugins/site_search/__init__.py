"""Pelican plugin: build a Pagefind full-text search index after the site is written.

Runs the Pagefind *extended* binary shipped inside the ``pagefind-bin-extended``
wheel (only the extended build segments Chinese) over the output directory once
Pelican has finished writing. Pagefind indexes only pages that carry
``data-pagefind-body``; the theme puts it on published, public articles only, so
drafts, member-only items (``Access: members``) of the public build, menus and footers never enter the
index.

Settings:

``SEARCH_INDEX``            bool, default ``True``; ``False`` skips indexing (fast test builds).
``SEARCH_BUNDLE_DIR``       output subfolder of the bundle, default ``"pagefind"``.
``SEARCH_EXCLUDE_SELECTORS`` list of CSS selectors Pagefind should ignore, default ``[]``.
``SEARCH_SHARD_PAGES``      most article pages one Pagefind run indexes, default 1000.

Pagefind holds a whole index in memory (about 5 GB at 20,000 synthetic
articles). Above ``SEARCH_SHARD_PAGES`` article pages the site is indexed in
shards of article folders, one Pagefind run each, and a build re-indexes only
the shards whose pages changed (shards.py): the first shard is the main
bundle, the others ``<bundle>-1/``, ``<bundle>-2/``…, listed in
``<bundle>/shards.json``; the search page merges them (Pagefind's
``mergeIndex``), so results, filters and excerpts span every shard.

``scripts/build.py`` defers the indexing (``SITE_SEARCH_DEFER``): the build
process, which holds every article in memory, replaces itself with a small
process that runs Pagefind, so their memory is never added together.

The environment variable ``SITE_SEARCH_INDEX=0`` also turns indexing off, and the
members-area build (``MEMBERS_ONLY_MODE = "members"``, membersconf.py) gets its own
index of its member-only items, inside its own (protected) output tree.
"""

from __future__ import annotations

import importlib.metadata
import hashlib
import json
import logging
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from pelican import signals
from sitekit.pelican_seam import retain_output
from sitekit.plugins import listed

from .settings import DEFAULT_BUNDLE_DIR, DEFAULT_SHARD_PAGES, load as load_settings
from .shards import STATE_FILE, index_shards

log = logging.getLogger(__name__)

#: When set (by scripts/build.py), the finalized handler writes its job to this
#: file instead of indexing: the build process then hands over to a small one,
#: so Pagefind's memory is not added to the build's (issue 14: peak ≤ 1 GB).
DEFER_ENV = "SITE_SEARCH_DEFER"
from .shards import SHARDS_FILE  # noqa: E402  (listed bundles, read by search.js)


class SearchIndexError(RuntimeError):
    """Pagefind failed or is not installed."""


def pagefind_executable() -> Path:
    """The extended Pagefind binary from the ``pagefind-bin-extended`` wheel."""
    try:
        import pagefind_bin_extended
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SearchIndexError(
            "site_search: the Pagefind binary is missing; install it with "
            "`pip install 'pagefind[extended]'` (see requirements.txt) "
            "or set SEARCH_INDEX = False"
        ) from exc
    return Path(pagefind_bin_extended.get_executable())


def enabled(settings: dict[str, Any]) -> bool:
    if os.environ.get("SITE_SEARCH_INDEX", "").strip() in {"0", "false", "no", "off"}:
        return False
    return load_settings(settings).index


def has_marked_page(output: Path) -> bool:
    """True when some written page carries ``data-pagefind-body``."""
    return any(b"data-pagefind-body" in p.read_bytes() for p in Path(output).rglob("*.html"))


def build_index(output: Path, bundle_dir: str = DEFAULT_BUNDLE_DIR,
                exclude_selectors: list[str] | None = None,
                shard_pages: int = DEFAULT_SHARD_PAGES, state_path: Path | None = None) -> dict[str, Any]:
    """Index ``output`` with Pagefind, re-running it only for the shards whose
    pages changed (shards.py); return what it reported (pages indexed in this
    build, seconds, shards, shards re-indexed).

    When no page carries ``data-pagefind-body`` Pagefind would index every page
    whole (menus, member-only pages and all), so nothing is indexed then.
    """
    output = Path(output)
    if not has_marked_page(output):
        for stale in [output / bundle_dir, *output.glob(f"{bundle_dir}-[0-9]*")]:
            if stale.is_dir():
                shutil.rmtree(stale)
        log.warning("site_search: no page has data-pagefind-body; no search index built")
        return {"seconds": 0.0, "stdout": "", "pages": 0, "shards": 0, "reindexed": 0}
    selectors = exclude_selectors or []
    key = json.dumps([pagefind_version(), bundle_dir, selectors, shard_pages])
    return index_shards(output, bundle_dir, shard_pages, key,
                        lambda name, glob: _run_pagefind(output, name, selectors, glob), state_path)


def pagefind_version() -> str:
    try:
        return importlib.metadata.version("pagefind_bin_extended")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _run_pagefind(output: Path, bundle_dir: str, exclude_selectors: list[str], glob: str | None) -> dict[str, Any]:
    cmd = [str(pagefind_executable()), "--site", str(output), "--output-subdir", bundle_dir]
    if glob:
        cmd += ["--glob", glob]
    for selector in exclude_selectors:
        cmd += ["--exclude-selectors", selector]
    started = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SearchIndexError(
            f"site_search: pagefind exited with {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
        )
    if not (output / bundle_dir / "pagefind.js").is_file():
        raise SearchIndexError(f"site_search: pagefind wrote no bundle in {output / bundle_dir}:\n{proc.stdout}")
    return {"seconds": seconds, "stdout": proc.stdout, "pages": _count(proc.stdout, "pages")}


def _count(stdout: str, what: str) -> int | None:
    # Pagefind prints lines such as "Indexed 14 pages" / "Indexed 1 page".
    for line in stdout.splitlines():
        words = line.strip().split()
        if len(words) >= 3 and words[0] == "Indexed" and words[2].rstrip("s") == what.rstrip("s"):
            try:
                return int(words[1])
            except ValueError:
                return None
    return None


def keep_bundles(pelican: Any) -> None:
    """A publish build (``DELETE_OUTPUT_DIRECTORY``) empties the output first;
    the search bundles are kept through it (Pelican's output retention) so only
    shards whose pages' bytes changed are indexed again (shards.py compares)."""
    settings = pelican.settings
    if not (listed(settings, __name__) and enabled(settings)) or not os.path.isdir(pelican.output_path):
        return
    bundle = load_settings(settings).bundle_dir
    kept = sorted(e.name for e in os.scandir(pelican.output_path)
                  if e.is_dir(follow_symlinks=False) and (e.name == bundle or _is_shard(e.name, bundle)))
    retain_output(pelican, kept)


def _is_shard(name: str, bundle: str) -> bool:
    return name.startswith(f"{bundle}-") and name[len(bundle) + 1:].isdigit()


def on_finalized(pelican: Any) -> None:
    settings = pelican.settings
    if not listed(settings, __name__):
        return
    if not enabled(settings):
        log.debug("site_search: SEARCH_INDEX is off, no search index built")
        return
    tag = hashlib.blake2b(os.path.abspath(pelican.output_path).encode(), digest_size=4).hexdigest()
    options = load_settings(settings)
    job = {
        "output": os.path.abspath(pelican.output_path),
        "bundle_dir": options.bundle_dir,
        "exclude_selectors": list(options.exclude_selectors),
        "shard_pages": options.shard_pages,
        "state_path": os.path.abspath(Path(settings["CACHE_PATH"]) / STATE_FILE.format(output=tag)),
    }
    deferred = os.environ.get(DEFER_ENV)
    if deferred:  # scripts/build.py indexes once this (large) process has exited
        Path(deferred).write_text(json.dumps(job), encoding="utf-8")
        return
    run_job(job)


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """Index as ``on_finalized`` describes it (``job``: its JSON-able arguments) and log the summary."""
    report = build_index(Path(job["output"]), job["bundle_dir"], job["exclude_selectors"],
                         job["shard_pages"], Path(job["state_path"]))
    log.info("site_search: indexed %s pages in %.2f s (%s of %s shard(s) re-indexed)",
             report["pages"], report["seconds"], report["reindexed"], report["shards"])
    return report


def register() -> None:
    signals.initialized.connect(keep_bundles)
    signals.finalized.connect(on_finalized)
