"""Digests of a folder's file names, sizes and mtimes (what "nothing changed" compares).

``tree_digest`` walks a folder in name order and hashes ``path|size|mtime_ns``
of every file (``__pycache__`` skipped). ``EarlyDigest`` starts that walk in a
forked child at once, so a script can import its libraries and read its
settings on one core while the other stats tens of thousands of files; the
answer is used only for the folder it was started for.
"""

from __future__ import annotations

import hashlib
import operator
import os
BY_NAME = operator.attrgetter("name")


def tree_digest(root: str | os.PathLike[str]) -> str:
    """Hash of (path, size, mtime) of every file under ``root``."""
    lines: list[str] = []
    _stat_lines(os.fspath(root), "", lines)
    return hashlib.blake2b("".join(lines).encode(), digest_size=20).hexdigest()


def _stat_lines(folder: str, prefix: str, lines: list[str]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=BY_NAME)
    except (NotADirectoryError, FileNotFoundError):
        return
    folders = []
    for entry in entries:
        if entry.is_dir():
            if entry.name != "__pycache__":
                folders.append(entry)
        else:
            try:
                stat = entry.stat()
            except FileNotFoundError:  # removed while walking: as if it was not there
                continue
            lines.append(f"{prefix}{entry.name}|{stat.st_size}|{stat.st_mtime_ns}\n")
    for entry in folders:
        _stat_lines(entry.path, f"{prefix}{entry.name}/", lines)


class EarlyDigest:
    """``tree_digest(folder)`` computed by a forked child from the moment it is made."""

    def __init__(self, folder: str) -> None:
        self.folder = os.path.abspath(folder) if folder else ""
        self._pid: int | None = None
        self._read = -1
        self._answer: str | None = None
        if not folder or not hasattr(os, "fork") or not os.path.isdir(self.folder):
            return  # nothing given: digest() walks in this process
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: walk, answer, leave without running anything else
            code = 1
            try:
                os.close(read)
                os.write(write, tree_digest(self.folder).encode())
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._read = pid, read

    def digest(self, folder: str) -> str:
        """``tree_digest(folder)``: the child's answer when it walked that folder."""
        if self._pid is not None:
            self._answer = self._collect()
        if self._answer is not None and os.path.abspath(folder) == self.folder:
            return self._answer
        return tree_digest(folder)

    def _collect(self) -> str | None:
        assert self._pid is not None
        chunks = []
        while chunk := os.read(self._read, 4096):
            chunks.append(chunk)
        os.close(self._read)
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        return b"".join(chunks).decode() if os.waitstatus_to_exitcode(status) == 0 and chunks else None
