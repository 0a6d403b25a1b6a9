"""The site's Markdown reader: checked metadata, one reused Markdown instance.

It replaces Pelican's MarkdownReader for ``.md`` files. It parses the header
itself (so every problem carries a line number), checks it (checks.py), and
converts the body with a single ``Markdown`` object reset between files instead
of a new one per file. A file with problems is skipped quietly and its problems
are kept on the reader; the plugin raises them all together once reading is done.
"""

from __future__ import annotations

import os
import re
from html import escape, unescape
from pathlib import Path

from markdown import Markdown
from pelican.readers import MarkdownReader

from .attachments import describe, split_paths
from .checks import check_file
from .columns import Column, load_columns
from .header import parse_header
from .problems import Problem

_LIST_SEPARATORS = str.maketrans({"，": ",", "、": ",", "；": ";"})
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
EXCERPT_CHARS = 120


def excerpt(html: str, limit: int = EXCERPT_CHARS) -> str:
    """Plain-text summary: the first ``limit`` characters of the body text."""
    text = _SPACE.sub(" ", unescape(_TAG.sub(" ", html))).strip()
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return escape(text, quote=False)


class SiteMarkdownReader(MarkdownReader):
    """Markdown reader that validates headers and reuses its Markdown instance."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.problems: list[Problem] = []
        self._content_root = Path(self.settings["PATH"]).resolve()
        self._columns: dict[str, Column] | None = None
        config = dict(self.settings["MARKDOWN"])
        config["extensions"] = [
            ext for ext in config.get("extensions", []) if ext != "markdown.extensions.meta"
        ]
        self._md = Markdown(**config)

    @property
    def columns(self) -> dict[str, Column]:
        if self._columns is None:
            self._columns, problems = load_columns(self._content_root)
            self.problems.extend(problems)
        return self._columns

    def convert(self, text: str) -> str:
        """Markdown → HTML with the shared instance."""
        self._md.reset()
        return self._md.convert(text)

    def _is_page(self, rel_path: str) -> bool:
        return any(
            rel_path == base or rel_path.startswith(base.rstrip("/") + "/")
            for base in self.settings["PAGE_PATHS"]
        )

    def read(self, source_path: str) -> tuple[str | None, dict[str, object]]:
        """Return (HTML, metadata), or a quiet skip when the file has problems."""
        self._source_path = source_path
        rel_path = Path(os.path.relpath(source_path, self._content_root)).as_posix()
        try:
            text = Path(source_path).read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as error:
            self.problems.append(
                Problem(rel_path, None, f"not UTF-8 ({error.reason}); save the file as UTF-8")
            )
            return None, {"status": "skip"}
        header = parse_header(text.replace("\r\n", "\n"))
        problems = check_file(
            header,
            rel_path,
            is_page=self._is_page(rel_path),
            columns=self.columns,
            content_root=self._content_root,
        )
        if problems:
            self.problems.extend(problems)
            return None, {"status": "skip"}
        html = self.convert(header.body)
        metadata = self._metadata(header)
        metadata.setdefault("summary", excerpt(html))
        return html, metadata

    def _metadata(self, header: object) -> dict[str, object]:
        formatted = self.settings["FORMATTED_FIELDS"]
        metadata: dict[str, object] = {}
        for name, field in header.fields.items():
            value = field.value
            if name in ("tags", "authors"):
                value = value.translate(_LIST_SEPARATORS).replace("\n", ",")
            if name == "attachments":
                metadata[name] = [describe(self._content_root, p) for p in split_paths(value)]
                continue
            if name in ("status", "access"):
                value = value.strip().lower()
            if name in formatted:
                metadata[name] = self.process_metadata(name, self.convert(value))
            else:
                metadata[name] = self.process_metadata(name, value)
        return metadata
