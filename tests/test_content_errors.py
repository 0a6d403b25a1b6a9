"""Bad content stops the build with the file, the line and what to do."""

from __future__ import annotations

import pytest

from site_content.problems import ContentError

GOOD = "Title: 正常文章\nDate: 2023-03-01\n\n正文。\n"


def build_error(mini_site, files: dict[str, str]) -> str:
    with pytest.raises(ContentError) as caught:
        mini_site({"news/2023/good.md": GOOD, **files})
    return str(caught.value)


def test_missing_title(mini_site) -> None:
    message = build_error(mini_site, {"news/2023/no-title.md": "Date: 2023-03-01\n\n正文\n"})
    assert "news/2023/no-title.md:1: no Title" in message
    assert "Title: 文章标题" in message


def test_missing_date(mini_site) -> None:
    message = build_error(mini_site, {"news/2023/no-date.md": "Title: 无日期\n\n正文\n"})
    assert "news/2023/no-date.md" in message and "no Date" in message


def test_unparseable_date_names_the_line(mini_site) -> None:
    bad = "Title: 日期错误\nTags: 培训\nDate: 2023年13月45日\n\n正文\n"
    message = build_error(mini_site, {"news/2023/bad-date.md": bad})
    assert "news/2023/bad-date.md:3: Date '2023年13月45日' is not a date" in message
    assert "2023-02-15" in message


def test_unknown_column(mini_site) -> None:
    message = build_error(mini_site, {"newz/2023/typo.md": GOOD})
    assert "newz/2023/typo.md" in message
    assert "'newz' is not a column" in message and "newz/_index.md" in message


def test_two_files_claiming_one_url(mini_site) -> None:
    message = build_error(
        mini_site,
        {"news/2023/dup.md": GOOD, "news/2023/sub/dup.md": GOOD.replace("正常", "另一篇")},
    )
    assert "/news/2023/dup.html is also claimed by" in message
    assert "news/2023/dup.md" in message and "news/2023/sub/dup.md" in message


def test_missing_attachment(mini_site) -> None:
    bad = "Title: 附件\nDate: 2023-03-01\nAttachments: files/2023/none.pdf\n\n正文\n"
    message = build_error(mini_site, {"news/2023/attach.md": bad})
    assert "news/2023/attach.md:3: attachment 'files/2023/none.pdf' does not exist" in message


def test_non_ascii_file_name(mini_site) -> None:
    message = build_error(mini_site, {"news/2023/食品安全.md": GOOD})
    assert "news/2023/食品安全.md" in message and "rename the file" in message


def test_all_problems_reported_together(mini_site) -> None:
    message = build_error(
        mini_site,
        {"news/2023/a.md": "Date: 2023-01-01\n\nx\n", "news/2023/b.md": "Title: b\nDate: soon\n\nx\n"},
    )
    assert "2 content problem(s)" in message


def test_cli_build_exits_non_zero_with_the_message(tmp_path) -> None:
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    content = tmp_path / "content"
    (content / "news/2023").mkdir(parents=True)
    (content / "news/_index.md").write_text("Title: 协会动态\n\n说明\n", encoding="utf-8")
    (content / "news/2023/x.md").write_text("Title: 无日期\n\n正文\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-o", str(tmp_path / "out"), "-s", "pelicanconf.py"],
        cwd=root, capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "news/2023/x.md" in result.stdout + result.stderr
