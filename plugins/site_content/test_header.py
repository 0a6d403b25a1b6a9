"""Header parsing keeps Pelican's format and records line numbers."""

from site_content.header import parse_header


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
