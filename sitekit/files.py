"""Writing output files only when their bytes change.

An unchanged file keeps its mtime, so rsync, object-storage deploys and the
browser's caches see no change; every plugin that writes its own files
(feeds, sitemap, stats CSVs, status page, web editor, incremental writer)
goes through ``write_if_changed``.
"""

from __future__ import annotations

import os


def write_if_changed(path: str | os.PathLike[str], data: bytes, *, compare: bool = True,
                     known_dirs: set[str] | None = None) -> bool:
    """Write ``data`` to ``path`` unless the file already holds exactly these
    bytes; True when written. ``compare=False`` skips reading the old file (the
    caller knows there is none); ``known_dirs`` remembers the folders already
    made, sparing a ``makedirs`` per file when thousands are written."""
    path = os.fspath(path)
    if compare:
        try:
            with open(path, "rb") as existing:
                if existing.read() == data:
                    return False
        except FileNotFoundError:
            pass
    folder = os.path.dirname(path)
    if known_dirs is None or folder not in known_dirs:
        if folder:
            os.makedirs(folder, exist_ok=True)
        if known_dirs is not None:
            known_dirs.add(folder)
    with open(path, "wb") as out:
        out.write(data)
    return True
