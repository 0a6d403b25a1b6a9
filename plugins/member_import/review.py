"""Review of imported items: sources with ``review: true`` land new items as drafts.

Such an item's header ends with ``Status: draft`` and ``Review: pending``: the
site keeps it out of lists, feeds and the published build until an editor
approves it (``make review APPROVE=path...``: both lines are removed, so the
item is published by the next build) or rejects it (``make review REJECT=...``:
``Review: rejected``; the file stays as a draft so the importer, which never
imports a ``Source_url`` twice, does not bring it back).

Only files the importer wrote are touched (``Source_url:`` and ``Member:`` in
the header); a file is rewritten atomically (temporary file + rename).
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .store import read_header

REVIEW_HEADER = ("Status: draft", "Review: pending")
_STATUS_LINE = re.compile(r"^status:\s*draft\s*$", re.I)
_REVIEW_LINE = re.compile(r"^review:\s*(\S+)\s*$", re.I)
IMPORT_COLUMNS = ("campus", "tenders")


class ReviewError(ValueError):
    """A path given for approval is not a pending imported item (message in Chinese)."""


@dataclass(frozen=True)
class PendingItem:
    """An imported item waiting for an editor."""

    path: str  # relative to the content folder, with slashes
    title: str
    date: str
    member: str
    source: str
    source_url: str


def _is_pending(meta: dict[str, str]) -> bool:
    return (meta.get("status", "").lower() == "draft" and meta.get("review", "").lower() == "pending"
            and bool(meta.get("source_url")) and bool(meta.get("member")))


def pending_items(content: Path) -> list[PendingItem]:
    """Imported items waiting for review, newest first."""
    found: list[PendingItem] = []
    for column in IMPORT_COLUMNS:
        base = Path(content) / column
        if not base.is_dir():
            continue
        for root, dirs, files in os.walk(base):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.endswith(".md") or name.startswith("."):
                    continue
                path = Path(root) / name
                meta = read_header(path)
                if _is_pending(meta):
                    found.append(PendingItem(
                        path=path.relative_to(content).as_posix(), title=meta.get("title", ""),
                        date=meta.get("date", ""), member=meta.get("member", ""),
                        source=meta.get("source", ""), source_url=meta.get("source_url", "")))
    found.sort(key=lambda item: (item.date, item.path), reverse=True)
    return found


def resolve_item(content: Path, given: str, root: Path | None = None) -> Path:
    """The file ``given`` names (relative to the content folder, the project or absolute)."""
    content = Path(content).resolve()
    candidates = [Path(given)] if Path(given).is_absolute() else [
        content / given, (root or Path.cwd()) / given]
    for candidate in candidates:
        if candidate.is_file():
            path = candidate.resolve()
            try:
                path.relative_to(content)
            except ValueError:
                break
            return path
    raise ReviewError(f"{given}：不是内容目录 {content} 中的文件。"
                      "请从 `make review` 的列表中复制路径，例如 campus/scu/2024/scu-0123456789.md")


def _rewrite(path: Path, review: str | None) -> None:
    """Drop ``Status: draft`` and set or drop ``Review:`` in the header; atomic."""
    text = path.read_text(encoding="utf-8-sig")
    head, sep, body = text.partition("\n\n")
    lines = []
    for line in head.split("\n"):
        if review is None and _STATUS_LINE.match(line):
            continue
        if _REVIEW_LINE.match(line):
            if review is not None:
                lines.append(f"Review: {review}")
            continue
        lines.append(line)
    data = "\n".join(lines) + sep + body
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, path.stat().st_mode & 0o777)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _pending_file(content: Path, given: str, root: Path | None) -> Path:
    path = resolve_item(content, given, root)
    meta = read_header(path)
    if not (meta.get("source_url") and meta.get("member")):
        raise ReviewError(f"{given}：不是导入的稿件（没有 Source_url 和 Member），审核只处理导入的稿件；"
                          "自己写的草稿请直接删去 `Status: draft` 一行")
    if not _is_pending(meta):
        state = meta.get("review") or ("已发布" if meta.get("status", "").lower() != "draft" else "草稿")
        raise ReviewError(f"{given}：不在待审核状态（当前：{state}），无需再次处理")
    return path


def approve(content: Path, paths: list[str], root: Path | None = None) -> list[Path]:
    """Publish pending items: every path is checked first, then all are rewritten."""
    files = [_pending_file(content, given, root) for given in paths]
    for path in files:
        _rewrite(path, review=None)
    return files


def reject(content: Path, paths: list[str], root: Path | None = None) -> list[Path]:
    """Keep pending items unpublished for good (``Review: rejected``)."""
    files = [_pending_file(content, given, root) for given in paths]
    for path in files:
        _rewrite(path, review="rejected")
    return files
