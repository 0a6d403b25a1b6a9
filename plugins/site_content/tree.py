"""Checks of the content tree itself: no symbolic links, only Markdown sources.

A symbolic link in ``content/`` can make a public path show a member-only
file or folder, and Pelican follows links when it walks. A ``.rst`` or
``.html`` file would be read by another reader that knows none of this site's
checks (or copied as it is). Both stop the build, named by path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterable

from .problems import Problem

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
#: Source formats of Pelican's other readers (turned off in pelicanconf.py).
OTHER_SOURCE_SUFFIXES = (".rst", ".rest", ".html", ".htm")


@dataclass
class Listing:
    """Every file under the content root (links not followed), and every link."""

    files: dict[str, os.stat_result] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # path → where it points


def walk_tree(root: str) -> Listing:
    """One walk of ``root``: files with their stat (hidden names skipped), links."""
    listing = Listing()
    stack = [("", root)]
    while stack:
        prefix, folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = prefix + entry.name
            if entry.is_symlink():
                listing.links[rel] = os.readlink(entry.path)
            elif entry.is_dir(follow_symlinks=False):
                stack.append((rel + "/", entry.path))
            else:
                listing.files[rel] = entry.stat(follow_symlinks=False)
    return listing


def tree_problems(listing: Listing, static_dirs: Iterable[str]) -> list[Problem]:
    """Links, other source formats and odd suffixes; ``static_dirs`` (``files``,
    ``images``…) hold attachments, where any format is fine."""
    attachments_only = {d.strip("/") for d in static_dirs if d.strip("/")}
    problems = [Problem.of(rel, None, "symlink", target=target) for rel, target in sorted(listing.links.items())]
    for rel in listing.files:
        if rel.split("/", 1)[0] in attachments_only:
            continue
        suffix = os.path.splitext(rel)[1]
        lower = suffix.lower()
        if lower in OTHER_SOURCE_SUFFIXES:
            problems.append(Problem.of(rel, None, "other_format", suffix=suffix))
        elif lower in MARKDOWN_SUFFIXES and suffix != lower:
            problems.append(Problem.of(rel, None, "odd_suffix", suffix=suffix))
    return problems


def scan_tree(root: str, static_dirs: Iterable[str]) -> list[Problem]:
    """The problems of the tree under ``root`` (see ``tree_problems``)."""
    return tree_problems(walk_tree(root), static_dirs)
