"""Attachments (附件) listed in an article's ``Attachments:`` field.

Paths are relative to the content root (``files/2022/通知.pdf`` or
``/files/...``), separated by commas or given one per line. The files are
copied by Pelican's static generator (``files`` is in STATIC_PATHS); their
output path equals their content path.
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
_SPLIT = re.compile(r"[\n,，;；]+")


@dataclass(frozen=True)
class Attachment:
    """One attached file: output path (= content path), display name, size, type."""

    path: str
    name: str
    size: int
    mime: str
    label: str

    @property
    def human_size(self) -> str:
        """Size for readers: 812 B, 12.3 KB, 1.5 MB."""
        if self.size < 1024:
            return f"{self.size} B"
        if self.size < 1024 * 1024:
            return f"{self.size / 1024:.1f} KB"
        return f"{self.size / 1024 / 1024:.1f} MB"


def split_paths(value: str) -> list[str]:
    """The attachment paths of an ``Attachments:`` value, leading ``/`` removed."""
    return [part.strip().lstrip("/") for part in _SPLIT.split(value) if part.strip()]


def describe(content_root: Path, rel_path: str) -> Attachment:
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
    )
