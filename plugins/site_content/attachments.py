"""Attachments (附件) listed in an article's ``Attachments:`` field.

Paths are relative to the content root (``files/2022/通知.pdf`` or
``/files/...``), separated by commas or given one per line. Each may carry the
title readers see after a ``|`` (full-width ``｜`` too)::

    Attachments: files/2021/brief.pdf | 《四川省学校物业服务和管理规范》简介,
        files/2021/notes.docx | 《四川省学校物业服务和管理规范》学习提纲

A comma inside a title stays in the title unless what follows looks like a
file path (no spaces, ends in an extension). The files are copied by Pelican's
static generator (``files`` is in STATIC_PATHS); their output path equals their
content path.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

#: File type label shown to readers, by extension.
TYPE_LABELS = {
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".xls": "Excel",
    ".xlsx": "Excel",
    ".ppt": "PPT",
    ".pptx": "PPT",
    ".zip": "ZIP",
    ".rar": "RAR",
    ".txt": "文本",
    ".jpg": "图片",
    ".jpeg": "图片",
    ".png": "图片",
}
EXTRA_MIME = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".rar": "application/vnd.rar",
}
_SEPARATORS = re.compile(r"([,，;；])")
_TITLE_MARK = re.compile(r"[|｜]")
_LOOKS_LIKE_PATH = re.compile(r"^/?[^\s|｜]+\.[A-Za-z0-9]{1,5}$")
#: Editors sometimes number titles themselves; the page numbers them.
_OWN_NUMBER = re.compile(r"^附件\s*\d+\s*[:：.、]\s*")


@dataclass(frozen=True)
class Attachment:
    """One attached file: output path (= content path), display name, size, type."""

    path: str
    name: str
    size: int
    mime: str
    label: str
    title: str = ""  # what readers see; the file name when empty

    @property
    def human_size(self) -> str:
        """Size for readers: 812 B, 12.3 KB, 1.5 MB."""
        if self.size < 1024:
            return f"{self.size} B"
        if self.size < 1024 * 1024:
            return f"{self.size / 1024:.1f} KB"
        return f"{self.size / 1024 / 1024:.1f} MB"


def parse_entries(value: str) -> list[tuple[str, str]]:
    """(path, title) pairs of an ``Attachments:`` value; title "" when none is given."""
    entries: list[list[str]] = []  # [path, title]
    for line in value.splitlines():
        pieces = _SEPARATORS.split(line)
        for index in range(0, len(pieces), 2):
            token = pieces[index].strip()
            separator = pieces[index - 1] if index else ""
            if not token:
                continue
            titled = entries and entries[-1][1]
            if titled and not _TITLE_MARK.search(token) and not _LOOKS_LIKE_PATH.match(token):
                entries[-1][1] += separator + pieces[index].rstrip()  # a comma inside the title
                continue
            path, _, title = _TITLE_MARK.sub("|", token).partition("|")
            entries.append([path.strip().lstrip("/"), title.strip()])
    return [(path, _OWN_NUMBER.sub("", title).strip()) for path, title in entries if path]


def split_paths(value: str) -> list[str]:
    """The attachment paths of an ``Attachments:`` value, leading ``/`` removed."""
    return [path for path, _ in parse_entries(value)]


def describe(content_root: Path, rel_path: str, title: str = "") -> Attachment:
    """Describe an existing attachment file (``rel_path`` relative to the content root)."""
    path = content_root / rel_path
    suffix = path.suffix.lower()
    mime = EXTRA_MIME.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return Attachment(
        path=rel_path,
        name=path.name,
        size=path.stat().st_size,
        mime=mime,
        label=TYPE_LABELS.get(suffix, suffix.lstrip(".").upper() or "文件"),
        title=title,
    )
