"""Header parsing keeps Pelican's format and records line numbers; slips are found."""

import pytest

from site_content.header import header_slips, parse_header
from site_content.keys import ALL_KEYS


def test_fields_lines_and_body() -> None:
    header = parse_header("Title: 标题\nTags: 甲, 乙\nSummary: 第一行\n    第二行\n\n正文\n第二段")
    assert header.get("title") == "标题"
    assert header.line("tags") == 2
    assert header.fields["summary"].values == ("第一行", "第二行")
    assert header.body == "正文\n第二段" and header.body_line == 6


def test_fence_and_no_header() -> None:
    assert parse_header("---\nTitle: 甲\n---\n正文").get("title") == "甲"
    plain = parse_header("# 标题\n\n正文")
    assert plain.fields == {} and plain.body.startswith("# 标题")


def slips(text: str) -> list[tuple[int, str, str, str]]:
    return [(s.line, s.kind, s.key, s.fixed) for s in header_slips(parse_header(text), ALL_KEYS)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Title: 甲\nAccess：members\n\n正文", [(2, "header_fullwidth_colon", "access", "Access: members")]),
        ("Title: 甲\nAccess : members\n\n正文", [(2, "header_spaced_colon", "access", "Access: members")]),
        ("Title: 甲\nＡｃｃｅｓｓ: members\n\n正文", [(2, "header_fullwidth_colon", "access", "Access: members")]),
        ("Title: 甲\n\nAccess: members\n\n正文", [(3, "header_after_blank", "access", "Access: members")]),
        ("Title: 甲\n\n\nAccess: members\n正文", [(4, "header_after_blank", "access", "Access: members")]),
        ("Title: 甲\n    Access: members\n\n正文", [(2, "header_indented_key", "access", "Access: members")]),
        ("Title: 甲\n\n正文第一段。\nAccess: members\n", [(4, "header_in_body", "access", "Access: members")]),
        ("\nTitle: 甲\nDate: 2024-01-01\n\n正文", [(2, "header_after_blank", "title", "Title: 甲"),
                                                 (3, "header_after_blank", "date", "Date: 2024-01-01")]),
        ("Title: 甲\nDate：2024-01-01\nAccess: members\n\n正文",
         [(2, "header_fullwidth_colon", "date", "Date: 2024-01-01")]),
        ("Title: 甲\nStatus ：draft\n\n正文", [(2, "header_fullwidth_colon", "status", "Status: draft")]),
    ],
)
def test_slips_are_found_with_their_line_and_fix(text: str, expected: list) -> None:
    assert slips(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Title: 甲\nDate: 2024-01-01\nAccess: members\n\n正文",
        "Title: 甲\n\n注意：会议时间调整。\nNote: see below\n",
        "Title: 甲\nSummary: 会议：通知\n\n正文\n\n第二段\n\nDate: 写在很后面的文字\n",
        "Title: 甲\n\n正文第一段。\n\nTags: 正文中的普通文字\n",
    ],
)
def test_well_formed_headers_and_ordinary_body_text_are_not_slips(text: str) -> None:
    assert slips(text) == []
