"""Attachments: ``path | title`` entries, commas inside titles, numbering."""

from __future__ import annotations

import pytest

from site_content.attachments import parse_entries, split_paths


@pytest.mark.parametrize("value, expected", [
    ("files/a.pdf, files/b.docx", [("files/a.pdf", ""), ("files/b.docx", "")]),
    ("/files/a.pdf；files/b.docx", [("files/a.pdf", ""), ("files/b.docx", "")]),
    ("files/2021/brief.pdf | 《规范》简介\nfiles/2021/notes.docx ｜ 《规范》学习提纲",
     [("files/2021/brief.pdf", "《规范》简介"), ("files/2021/notes.docx", "《规范》学习提纲")]),
    # A comma inside a title stays there; one followed by a path starts the next entry.
    ("files/a.pdf | 通知，含附表, files/b.xlsx | 附表",
     [("files/a.pdf", "通知，含附表"), ("files/b.xlsx", "附表")]),
    ("files/a.pdf | 标题一, 二, files/b.pdf", [("files/a.pdf", "标题一, 二"), ("files/b.pdf", "")]),
    # Editors who number titles themselves: the page numbers them.
    ("files/a.pdf | 附件1：《规范》简介", [("files/a.pdf", "《规范》简介")]),
    ("files/通知.pdf|通知", [("files/通知.pdf", "通知")]),
    ("", []),
])
def test_entries(value: str, expected: list[tuple[str, str]]) -> None:
    assert parse_entries(value) == expected
    assert split_paths(value) == [path for path, _ in expected]
