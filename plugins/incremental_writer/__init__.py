"""Pelican plugin: a writer that renders only pages whose inputs changed.

- Every page written through the writer gets a key (fingerprint.py). A page
  whose key matches the last build's and whose file is still there is neither
  rendered nor written.
- Rendered output is written only when its bytes differ from the file's.
- Pages of the kinds listed in ``INCREMENTAL_TEMPLATES`` are rendered on all
  cores (forked workers beside this process) when many of them changed (cold
  builds); this process alone writes the files.
- Files the last build wrote and this one did not are deleted, so an
  incremental build equals a cold one after an article is removed or renamed.

State lives in ``CACHE_PATH/incremental-writer-<output>.json``. See README.md.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.writers import Writer
from sitekit import CODE_DIR as SITEKIT_DIR
from sitekit.files import write_if_changed
from sitekit.pelican_seam import output_join, page_context
from sitekit.plugins import listed

from .fingerprint import Fingerprinter, tree_digest
from .templates import use_bytecode_cache

log = logging.getLogger(__name__)
STATE_FILE = "incremental-writer-{output}.json"


def state_name(output_path: str) -> str:
    """One state file per output folder (public and members trees share a cache)."""
    tag = hashlib.blake2b(os.path.abspath(output_path).encode(), digest_size=4).hexdigest()
    return STATE_FILE.format(output=tag)
#: Templates whose pages may be skipped: their inputs are the values passed to
#: write_file plus the site-wide keys. Other pages (home, static pages) always render.
INCREMENTAL_TEMPLATES = ("article.html", "column.html", "column_year.html", "member.html")
PARALLEL_MIN_PAGES = 200
RENDER_CHUNK = 100  # pages a worker renders per task

Job = tuple[str, Any, dict[str, Any], dict[str, Any]]  # name, template, context, values
_batch: tuple[Any, list[Job]] | None = None


def _render_range(start: int, stop: int) -> list[bytes]:
    """Worker: the bytes of deferred pages ``start`` to ``stop``."""
    assert _batch is not None
    writer, jobs = _batch
    return [writer.render(*job) for job in jobs[start:stop]]


class IncrementalWriter(Writer):
    """Pelican's Writer with page keys, byte comparison, pruning and parallel rendering."""

    def __init__(self, output_path: str, settings: dict[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.state_path = Path(self.settings["CACHE_PATH"]) / state_name(output_path)
        self.fingerprints = Fingerprinter(tree_digest([Path(self.settings["THEME"]), *self._plugin_dirs(), SITEKIT_DIR]))
        self.previous_static: set[str] = set()
        self.previous = self._load_state()
        self.current: dict[str, str] = {}
        self.deferred: list[Job] = []
        self.workers = int(self.settings.get("INCREMENTAL_WORKERS") or os.cpu_count() or 1)
        self.stats = {"skipped": 0, "rendered": 0, "unchanged_bytes": 0}
        self._present: set[str] | None = None  # output files found when first asked
        self._folders: set[str] = set()  # output folders known to exist

    def _plugin_dirs(self) -> list[Path]:
        """Folders of the local plugins in use: their code shapes the output."""
        found = []
        for name in self.settings.get("PLUGINS") or []:
            for base in self.settings.get("PLUGIN_PATHS", []):
                folder = Path(base) / str(name).split(".")[0]
                if folder.is_dir():
                    found.append(folder)
        return found

    def _load_state(self) -> dict[str, str]:
        try:
            state = json.loads(self.state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if state.get("output") != os.path.abspath(self.output_path):
            return {}
        self.previous_static = set(state.get("static", []))
        return state.get("pages", {})

    def write_file(self, name: str, template: Any, context: dict[str, Any], relative_urls: bool = False,
                   paginated: Any = None, template_name: str | None = None, override_output: bool = False,
                   url: str | None = None, **kwargs: Any) -> None:
        """Render ``name`` unless its key is unchanged; see Writer.write_file."""
        if not name:
            return
        if relative_urls or template_name in self.settings.get("PAGINATED_TEMPLATES", {}):
            super().write_file(name, template, context, relative_urls, paginated, template_name,
                               override_output, url, **kwargs)
            return
        if self.fingerprints.site_key is None:
            self.fingerprints.set_site(self.settings, context)
        incremental = template.name in INCREMENTAL_TEMPLATES
        key = self.fingerprints.page_key(name, template.name, kwargs) if incremental else ""
        self.current[name] = key
        if incremental and self.previous.get(name) == key and self._exists(name):
            self.stats["skipped"] += 1
            return
        if incremental:
            # Only references are kept: a context copy per page would cost ~10 KB × pages.
            self.deferred.append((name, template, context, kwargs))
        else:
            self.render_to(name, template, context, kwargs)

    def _exists(self, name: str) -> bool:
        """Whether the output file ``name`` is there (one scan of the output
        folder instead of a stat per skipped page)."""
        return name in self._present_files() or os.path.exists(output_join(self.output_path, name))

    def _present_files(self) -> set[str]:
        if self._present is None:
            self._present = set(_files_under(self.output_path))
        return self._present

    def render_to(self, name: str, template: Any, context: dict[str, Any], values: dict[str, Any]) -> None:
        """Render and write one page, leaving the file alone when its bytes are the same."""
        self.store(name, self.render(name, template, context, values))

    @staticmethod
    def render(name: str, template: Any, context: dict[str, Any], values: dict[str, Any]) -> bytes:
        return template.render(page_context(context, name, values)).encode("utf-8")

    def store(self, name: str, data: bytes) -> None:
        """Write ``data`` to the output file ``name`` unless it already holds them."""
        path = output_join(self.output_path, name)
        compare = name in self._present_files()  # else new: nothing to compare (cold builds)
        if not write_if_changed(path, data, compare=compare, known_dirs=self._folders):
            self.stats["unchanged_bytes"] += 1

    def flush(self) -> None:
        """Render the deferred pages. When there are many, forked workers render
        chunks from the front of the queue while this process renders chunks
        from the back; this process writes every file: file creation from
        several processes at once contends in the kernel (measured here: 20,000
        files in 2 s from one process, 5-7 s from two)."""
        global _batch  # noqa: PLW0603 (read by forked workers)
        jobs, self.deferred = self.deferred, []
        self.stats["rendered"] += len(jobs)
        if len(jobs) < PARALLEL_MIN_PAGES or self.workers < 2:
            for job in jobs:
                self.render_to(*job)
            return
        _batch = (self, jobs)
        self._present_files()  # scanned once, before the workers fork
        gc.freeze()  # keep the children's garbage collector off the shared pages
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(self.workers - 1, mp_context=context) as pool:
                self._share_out(jobs, pool)
        finally:
            gc.unfreeze()
            _batch = None

    def _share_out(self, jobs: list[Job], pool: ProcessPoolExecutor) -> None:
        chunks = deque((i, min(i + RENDER_CHUNK, len(jobs))) for i in range(0, len(jobs), RENDER_CHUNK))
        window = 2 * (self.workers - 1)  # finished chunks waiting to be written stay few
        pending: deque[tuple[int, Future[list[bytes]]]] = deque()
        while chunks or pending:
            while chunks and len(pending) < window:
                start, stop = chunks.popleft()
                pending.append((start, pool.submit(_render_range, start, stop)))
            if pending and (pending[0][1].done() or not chunks):
                start, future = pending.popleft()
                for index, data in enumerate(future.result(), start):
                    self.store(jobs[index][0], data)
            else:
                start, stop = chunks.pop()
                for job in jobs[start:stop]:
                    self.render_to(*job)

    def finish(self, static: list[str]) -> None:
        """Flush, delete what the last build wrote (pages and static copies) and
        this one did not, save state. ``static``: this build's static copies."""
        self.flush()
        for name in (set(self.previous) - set(self.current)) | (self.previous_static - set(static)):
            path = output_join(self.output_path, name)
            if os.path.isfile(path) or os.path.islink(path):
                os.remove(path)
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        state = {"output": os.path.abspath(self.output_path), "pages": self.current,
                 "static": sorted(static)}
        self.state_path.write_text(json.dumps(state, sort_keys=True), encoding="utf-8")
        log.info("incremental_writer: %(rendered)d rendered, %(skipped)d skipped, "
                 "%(unchanged_bytes)d unchanged", self.stats)


def _files_under(root: str, prefix: str = "") -> list[str]:
    """Paths (relative, with slashes) of the files under ``root``."""
    found: list[str] = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return found
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            found.extend(_files_under(entry.path, f"{prefix}{entry.name}/"))
        else:
            found.append(prefix + entry.name)
    return found


class FinishGenerator(Generator):
    """Runs last among the generators that write pages: completes the writer's work."""

    def generate_context(self) -> None:
        return None

    def generate_output(self, writer: Writer) -> None:
        if isinstance(writer, IncrementalWriter):
            writer.finish([s.save_as for s in self.context.get("staticfiles", []) if s.save_as])


def get_writer(pelican: Any) -> type[Writer] | None:
    return IncrementalWriter if listed(pelican.settings, __name__) else None


def get_generators(pelican: Any) -> type[Generator] | None:
    return FinishGenerator if listed(pelican.settings, __name__) else None


def register() -> None:
    signals.get_writer.connect(get_writer)
    signals.get_generators.connect(get_generators)
    signals.generator_init.connect(use_bytecode_cache)
