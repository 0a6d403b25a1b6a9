"""Content hashes of a built tree, and what changed between two of them.

A manifest maps every file (path relative to the tree, with slashes) to the
MD5 of its bytes: the same hash S3-compatible stores give as the ETag of an
object uploaded in one part. Hashes are cached by (size, mtime) so an
unchanged tree is not read again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

Manifest = dict[str, str]


def file_md5(path: str | os.PathLike[str]) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_manifest(tree: Path, cache_file: Path | None = None) -> Manifest:
    """``{relative path: md5}`` of every regular file under ``tree`` (symlinks followed)."""
    tree = Path(tree)
    cache: dict[str, list] = {}
    if cache_file is not None:
        try:
            cache = json.loads(cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cache = {}
    fresh: dict[str, list] = {}
    manifest: Manifest = {}
    for root, dirs, files in os.walk(tree, followlinks=True):
        dirs.sort()
        base = Path(root)
        for name in sorted(files):
            path = base / name
            rel = path.relative_to(tree).as_posix()
            stat = path.stat()
            known = cache.get(rel)
            if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
                md5 = known[2]
            else:
                md5 = file_md5(path)
            fresh[rel] = [stat.st_size, stat.st_mtime_ns, md5]
            manifest[rel] = md5
    if cache_file is not None:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".hashes.", dir=cache_file.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(fresh, handle)
        os.replace(tmp, cache_file)
    return manifest


def manifest_digest(manifest: Manifest) -> str:
    digest = hashlib.sha256()
    for rel in sorted(manifest):
        digest.update(f"{manifest[rel]}  {rel}\n".encode())
    return digest.hexdigest()


def to_text(manifest: Manifest) -> str:
    return "".join(f"{manifest[rel]}  {rel}\n" for rel in sorted(manifest))


def from_text(text: str) -> Manifest:
    result: Manifest = {}
    for line in text.splitlines():
        md5, sep, rel = line.partition("  ")
        if sep and len(md5) == 32:
            result[rel] = md5
    return result


@dataclass
class Changes:
    """Files to upload (new or changed) and to delete."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def upload(self) -> list[str]:
        return sorted(self.added + self.changed)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.deleted)

    def to_json(self) -> dict[str, object]:
        return {"added": len(self.added), "changed": len(self.changed), "deleted": len(self.deleted),
                "files": self.upload[:200], "deleted_files": sorted(self.deleted)[:200]}


def diff(local: Manifest, remote: Manifest) -> Changes:
    changes = Changes()
    for rel, md5 in local.items():
        if rel not in remote:
            changes.added.append(rel)
        elif remote[rel] != md5:
            changes.changed.append(rel)
    changes.deleted = sorted(rel for rel in remote if rel not in local)
    changes.added.sort()
    changes.changed.sort()
    return changes
