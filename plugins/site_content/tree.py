"""Checks of the content tree itself: no symbolic links, only Markdown sources.

A symbolic link in ``content/`` can make a public path show a member-only
file or folder, and Pelican follows links when it walks. A ``.rst`` or
``.html`` file would be read by another reader that knows none of this site's
checks (or copied as it is). Both stop the build, named by path.
"""

from __future__ import annotations

import os
from pathlib import PurePosixPath
from typing import Iterable

from .problems import Problem

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
#: Source formats of Pelican's other readers (turned off in pelicanconf.py).
OTHER_SOURCE_SUFFIXES = (".rst", ".rest", ".html", ".htm")


def scan_tree(root: str, static_dirs: Iterable[str]) -> list[Problem]:
    """Problems of the files under ``root``; ``static_dirs`` (``files``,
    ``images``…) hold attachments, where any format is fine."""
    problems: list[Problem] = []
    attachments_only = {d.strip("/") for d in static_dirs if d.strip("/")}
    _scan(root, "", attachments_only, problems)
    return problems


def _scan(folder: str, prefix: str, attachments_only: set[str], problems: list[Problem]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        rel = prefix + entry.name
        if entry.is_symlink():
            problems.append(Problem.of(rel, None, "symlink", target=os.readlink(entry.path)))
        elif entry.is_dir(follow_symlinks=False):
            _scan(entry.path, rel + "/", attachments_only, problems)
        elif rel.split("/", 1)[0] not in attachments_only:
            suffix = PurePosixPath(entry.name).suffix
            if suffix.lower() in OTHER_SOURCE_SUFFIXES:
                problems.append(Problem.of(rel, None, "other_format", suffix=suffix))
            elif suffix.lower() in MARKDOWN_SUFFIXES and suffix != suffix.lower():
                problems.append(Problem.of(rel, None, "odd_suffix", suffix=suffix))
