"""What is already imported, and the fetch state between runs.

* :class:`Store` scans every ``.md`` file under the output directory for its
  ``Source_url:`` header, wherever an editor may have moved it, so an item is
  never fetched or written twice. Files are only ever *created* (exclusive
  create through a hidden temporary file and a hard link): an existing file,
  edited or not, is never modified, overwritten or deleted.
* :class:`State` keeps, per list page, the ETag/Last-Modified and the items seen
  (so a 304 still lets earlier failures be retried) and, per source, the last
  good item count (a drop to zero is a probable layout change). JSON, written
  atomically; default ``cache/fetch_state.json``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from .canonical import dedup_key
from .parse import ListItem

_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o666 & ~_UMASK  # mkstemp makes 0600 files; articles are ordinary files
HEADER_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_ -]*):\s*(.*)$")
STATE_VERSION = 1


def read_header(path: Path, max_lines: int = 60) -> dict[str, str]:
    """Pelican metadata header of a Markdown file (keys lower-cased)."""
    meta: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            for index, line in enumerate(handle):
                if index >= max_lines or not line.strip():
                    break
                match = HEADER_KEY.match(line.rstrip("\n"))
                if not match:
                    break
                meta[match.group(1).strip().lower()] = match.group(2).strip()
    except OSError:
        pass
    return meta


class Store:
    """Imported items under ``out_dir``; creates files, never changes existing ones."""

    def __init__(self, out_dir: Path, dry_run: bool = False) -> None:
        self.out_dir = Path(out_dir)
        self.dry_run = dry_run
        self.known: dict[str, Path] = {}
        self._claimed: set[str] = set()
        self._lock = threading.Lock()
        self.files_written = 0
        self.created: list[Path] = []  # every file this run created (articles and images)

    def scan(self) -> int:
        """Index existing articles by the dedup key of their ``Source_url``."""
        if not self.out_dir.is_dir():
            return 0
        for root, dirs, files in os.walk(self.out_dir):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in files:
                if not name.endswith((".md", ".markdown")) or name.startswith("."):
                    continue
                path = Path(root) / name
                url = read_header(path).get("source_url")
                if url:
                    self.known.setdefault(dedup_key(url), path)
        return len(self.known)

    def claim(self, key: str) -> bool:
        """Reserve an item for this run; False when already imported or being imported."""
        with self._lock:
            if key in self.known or key in self._claimed:
                return False
            self._claimed.add(key)
            return True

    def is_known(self, key: str) -> bool:
        with self._lock:
            return key in self.known

    def release(self, key: str) -> None:
        """Give back a claim after a failure, so a later source may try again."""
        with self._lock:
            self._claimed.discard(key)

    def article_path(self, column: str, member_id: str, when: datetime, stem: str) -> Path:
        return self.out_dir / column / member_id / f"{when:%Y}" / f"{stem}.md"

    def create(self, path: Path, data: bytes) -> bool:
        """Create ``path`` with ``data``; False (and nothing touched) if it exists."""
        if self.dry_run:
            return not path.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            return False
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            os.fchmod(fd, FILE_MODE)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            try:
                os.link(tmp, path)  # atomic, and refuses to replace an existing file
            except FileExistsError:
                return False
        finally:
            os.unlink(tmp)
        with self._lock:
            self.files_written += 1
            self.created.append(path)
        return True

    def sync(self) -> None:
        """Flush written files to disk once at the end of a run (cheaper than per file)."""
        if self.files_written and not self.dry_run and hasattr(os, "sync"):
            os.sync()

    def remember(self, key: str, path: Path) -> None:
        with self._lock:
            self.known[key] = path
            self._claimed.discard(key)


def _item_to_json(item: ListItem) -> dict[str, Any]:
    return {"url": item.url, "title": item.title,
            "date": item.date.isoformat() if item.date else None}


def _item_from_json(data: dict[str, Any]) -> ListItem:
    from .canonical import canonical_url

    date = datetime.fromisoformat(data["date"]) if data.get("date") else None
    return ListItem(url=data["url"], canon=canonical_url(data["url"]), title=data["title"],
                    date=date)


class State:
    """ETag/Last-Modified and items per list URL; last good count per source."""

    def __init__(self, path: Path, data: dict[str, Any] | None = None) -> None:
        self.path = Path(path)
        self.data = data or {"version": STATE_VERSION, "lists": {}, "sources": {}}
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: Path) -> "State":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
                data = None
        except (OSError, ValueError):
            data = None
        state = cls(path, data)
        state.data.setdefault("lists", {})
        state.data.setdefault("sources", {})
        return state

    def list_entry(self, url: str) -> dict[str, Any] | None:
        with self._lock:
            return self.data["lists"].get(url)

    def cached_items(self, url: str) -> tuple[list[ListItem], str | None] | None:
        entry = self.list_entry(url)
        if not entry or "items" not in entry:
            return None
        return [_item_from_json(i) for i in entry["items"]], entry.get("next_url")

    def set_list(self, url: str, etag: str | None, last_modified: str | None,
                 items: list[ListItem], next_url: str | None, preset: str | None = None) -> None:
        with self._lock:
            self.data["lists"][url] = {
                "etag": etag, "last_modified": last_modified, "next_url": next_url,
                "preset": preset,
                "items": [_item_to_json(i) for i in items],
            }

    def forget_list(self, url: str) -> None:
        with self._lock:
            self.data["lists"].pop(url, None)

    def source(self, key: str) -> dict[str, Any]:
        with self._lock:
            return dict(self.data["sources"].get(key, {}))

    def set_source(self, key: str, **values: Any) -> None:
        with self._lock:
            self.data["sources"].setdefault(key, {}).update(values)

    def remember_skip(self, key: str, why: str, when: datetime) -> None:
        """Remember an item skipped for a lasting reason (no date, 系统提示, no content)."""
        with self._lock:
            self.data.setdefault("skipped", {})[key] = {"why": why, "at": when.isoformat()}

    def recent_skip(self, key: str, now: datetime, days: int = 7) -> dict[str, str] | None:
        """The remembered skip of ``key`` if younger than ``days``; such items are not re-fetched."""
        with self._lock:
            entry = self.data.get("skipped", {}).get(key)
        if not entry:
            return None
        try:
            age = now - datetime.fromisoformat(entry["at"])
        except (KeyError, ValueError, TypeError):
            return None
        return entry if age.total_seconds() < days * 86400 else None

    def save(self) -> None:
        """Write atomically (temporary file + rename)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            text = json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, self.path)
