"""Bad content stops the build with the file, the line and what to do (in Chinese)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from site_content.problems import ContentError

GOOD = "Title: 正常文章\nDate: 2023-03-01\n\n正文。\n"
ROOT = Path(__file__).resolve().parent.parent


def build_error(mini_site, files: dict[str, str | bytes]) -> str:
    with pytest.raises(ContentError) as caught:
        mini_site({"news/2023/good.md": GOOD, **files})
    return str(caught.value)


def test_missing_title(mini_site) -> None:
    message = build_error(mini_site, {"news/2023/no-title.md": "Date: 2023-03-01\n\n正文\n"})
    assert "news/2023/no-title.md:1: 缺少标题 — 请在第一行写 `Title: 文章标题`" in message


def test_missing_date(mini_site) -> None:
    message = build_error(mini_site, {"news/2023/no-date.md": "Title: 无日期\n\n正文\n"})
    assert "news/2023/no-date.md:1: 缺少日期 — 请加一行 `Date: 2024-03-01 10:00`" in message


def test_unparseable_date_names_the_line(mini_site) -> None:
    bad = "Title: 日期错误\nTags: 培训\nDate: 2023年13月45日\n\n正文\n"
    message = build_error(mini_site, {"news/2023/bad-date.md": bad})
    assert "news/2023/bad-date.md:3: 日期“2023年13月45日”无法识别 — 请写成 2024-03-01 10:00" in message


def test_unknown_column(mini_site) -> None:
    message = build_error(mini_site, {"newz/2023/typo.md": GOOD})
    assert ("newz/2023/typo.md:1: “newz”不是栏目（现有栏目：news, notices, party）— "
            "请把文件移到栏目文件夹中，或新建 newz/_index.md 增加栏目") in message


def test_file_outside_any_column_is_told_to_move(mini_site) -> None:
    message = build_error(mini_site, {"stray.md": GOOD})
    assert "stray.md:1: 文章不在任何栏目文件夹中 — 请移到栏目的年份文件夹，例如 content/news/" in message
    assert "stray.md/_index.md" not in message


def test_two_files_claiming_one_url(mini_site) -> None:
    message = build_error(
        mini_site,
        {"news/2023/dup.md": GOOD, "news/2023/sub/dup.md": GOOD.replace("正常", "另一篇")},
    )
    first, second = sorted(["news/2023/dup.md", "news/2023/sub/dup.md"], key=message.index)
    assert (f"{first}: 它的网址 /news/2023/dup.html 与 {second} 相同 — "
            "请给其中一个文件改名，或写不同的 `Slug:`") in message


def test_missing_attachment(mini_site) -> None:
    bad = "Title: 附件\nDate: 2023-03-01\nAttachments: files/2023/none.pdf\n\n正文\n"
    message = build_error(mini_site, {"news/2023/attach.md": bad})
    assert "news/2023/attach.md:3: 附件“files/2023/none.pdf”不存在 — 请把文件放到 content/files/ 下" in message


def test_non_ascii_file_name(mini_site) -> None:
    message = build_error(mini_site, {"news/2023/食品安全.md": GOOD})
    assert "news/2023/食品安全.md:1: 文件名“食品安全”就是网址 — 请只用小写英文字母、数字" in message


def test_gbk_file_is_named_with_the_line_of_the_first_bad_byte(mini_site) -> None:
    text = "Title: 编码\nDate: 2023-03-01\n\n第一段。\n第二段：食堂。\n"
    raw = text.encode("utf-8").replace("第二段：食堂。".encode("utf-8"), "第二段：食堂。".encode("gbk"))
    message = build_error(mini_site, {"news/2023/gbk.md": raw})
    assert "news/2023/gbk.md:5: 文件不是 UTF-8 编码（第 5 行起有无法识别的字节）— 请用编辑器“另存为 UTF-8”" in message


def test_unknown_key_gets_a_suggestion(mini_site) -> None:
    bad = "Title: 拼写\nDate: 2023-03-01\nSummray: 摘要\n\n正文\n"
    message = build_error(mini_site, {"news/2023/typo-key.md": bad})
    assert "news/2023/typo-key.md:3: 未知的信息项“Summray”，是否想写“Summary” — 请改正或删去这一行" in message


def test_all_problems_reported_together(mini_site) -> None:
    message = build_error(
        mini_site,
        {"news/2023/a.md": "Date: 2023-01-01\n\nx\n", "news/2023/b.md": "Title: b\nDate: soon\n\nx\n"},
    )
    assert "构建已停止：发现 2 个内容问题" in message


def test_messages_in_english_for_developers(mini_site, monkeypatch) -> None:
    monkeypatch.setenv("SITE_MESSAGES_LANG", "en")
    message = build_error(mini_site, {"news/2023/no-title.md": "Date: 2023-03-01\n\n正文\n"})
    assert "The build stopped: 1 content problem(s)" in message
    assert "news/2023/no-title.md:1: no Title; add a first line `Title: 文章标题`" in message


def test_cli_build_exits_non_zero_with_the_message(tmp_path) -> None:
    content = tmp_path / "content"
    (content / "news/2023").mkdir(parents=True)
    (content / "news/_index.md").write_text("Title: 协会动态\n\n说明\n", encoding="utf-8")
    (content / "news/2023/x.md").write_text("Title: 无日期\n\n正文\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-o", str(tmp_path / "out"), "-s", "pelicanconf.py"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode != 0
    assert "news/2023/x.md" in result.stdout + result.stderr
