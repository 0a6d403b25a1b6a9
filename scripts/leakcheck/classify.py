"""Which content files are member-only, read from the raw files as strictly as possible.

The build reads one header format; this reads every format and every way of
writing the access key, so a slip that fools the build cannot fool the check:

* a column is member-only when its ``_index.md`` says so in any spelling;
* an item is member-only when it lies in such a column, or when any line of
  it says ``Access`` … ``member`` with any colon (``:``, ``：``, ``=``), width,
  case, spacing or indent, as a reStructuredText field (``:access: member``) or
  an HTML ``<meta name="access" content="members ">``;
* a symbolic link is classified by where it lies and by its target: either
  being member-only makes it member-only.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

SOURCE_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown", ".rst", ".rest", ".html", ".htm"}
#: Folders of attachments and data, never read as items.
NOT_ITEMS = {"files", "images", "data", "extra"}
_ACCESS_LINE = re.compile(r"^[\s>*\-:#]*access[\s:=]*[\"']?\s*member", re.MULTILINE)
_META = re.compile(
    r"<meta\b(?=[^>]*\bname\s*=\s*[\"']?\s*access\b)(?=[^>]*\bcontent\s*=\s*[\"']?\s*member)[^>]*>"
)


def read_text(path: Path) -> str:
    """A file's text: UTF-8 (BOM allowed), else GB18030 (GBK files), never failing."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def says_members(text: str) -> bool:
    """Whether ``text`` marks itself member-only in any spelling (see the module docstring)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _ACCESS_LINE.search(folded) is not None or _META.search(folded) is not None


@dataclass(frozen=True)
class Source:
    """One content file that is an item (article or page), in any source format."""

    rel: str  # where it lies, relative to the content root
    path: Path  # the file read (the target, for a symbolic link)
    text: str
    member: bool
    linked: bool  # a symbolic link

    @property
    def column(self) -> str:
        return self.rel.split("/", 1)[0]


def member_columns(content: Path) -> set[str]:
    """Top-level folders whose index file marks them member-only."""
    found = set()
    for folder in content.iterdir():
        if not folder.is_dir():
            continue
        for name in os.listdir(folder):
            if name.casefold().startswith("_index.") and says_members(read_text(folder / name)):
                found.add(folder.name)
    return found


def _relative(path: Path, content: Path) -> str | None:
    try:
        return path.relative_to(content).as_posix()
    except ValueError:
        return None


def walk(content: Path) -> list[tuple[str, Path, bool]]:
    """Every file under ``content``: (path where it lies, real path, is a link).
    Links to folders are followed once, with the link's own path as prefix."""
    content = content.resolve()
    found: list[tuple[str, Path, bool]] = []
    seen: set[Path] = set()

    def visit(folder: Path, prefix: str, via_link: bool) -> None:
        real = folder.resolve()
        if real in seen:
            return
        seen.add(real)
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            rel = prefix + entry.name
            link = via_link or entry.is_symlink()
            if entry.is_dir():
                visit(Path(entry.path), rel + "/", link)
            elif entry.is_file():
                found.append((rel, Path(entry.path).resolve(), link))

    visit(content, "", False)
    return found


def classify(content: Path) -> tuple[list[Source], set[str], dict[str, str]]:
    """Items of ``content`` with their member-only status, the member-only
    columns, and for each path where a file lies the content path it really is
    (they differ for links)."""
    content = content.resolve()
    columns = member_columns(content)
    items: list[Source] = []
    real_paths: dict[str, str] = {}
    for rel, real, linked in walk(content):
        target = _relative(real, content)
        real_paths[rel] = target or rel
        name = PurePosixPath(rel).name
        if PurePosixPath(rel).suffix.lower() not in SOURCE_SUFFIXES or name.casefold().startswith("_index."):
            continue
        if rel.split("/", 1)[0] in NOT_ITEMS or (target or "").split("/", 1)[0] in NOT_ITEMS:
            continue
        text = read_text(real)
        member = (
            says_members(text)
            or rel.split("/", 1)[0] in columns
            or (target is not None and target.split("/", 1)[0] in columns)
            or (linked and target is None)  # a link out of the content tree: trust nothing
        )
        items.append(Source(rel, real, text, member, linked))
    return items, columns, real_paths
