"""Member-only material fails closed: each editor slip of issue 10 either stops the
build with the file and line, or keeps the material out of the public tree; and
the leak check, planted with each slip while the build's exclusion is off, finds it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import COLUMNS_MINI, ROOT, run_build, write_files
from site_content.problems import ContentError

sys.path.insert(0, str(ROOT / "scripts"))
import check_leaks  # noqa: E402

FAST = {"SEARCH_INDEX": False}
SECRET = "银杏叶九十九号会员内部口令"
BASE = {
    **COLUMNS_MINI,
    "documents/_index.md": "Title: 后勤管理文件\nSection: 会员专区\nOrder: 90\nAccess: members\n\n会员专享。\n",
    "news/2024/open.md": "Title: 协会召开年度工作会议\nDate: 2024-03-01\n\n公开新闻的正文，所有读者都能看到。\n",
    "pages/about.md": "Title: 关于\nSlug: about\n\n关于协会。\n",
}


def secret_item(header: str) -> str:
    return f"Title: 内部招标详情\nDate: 2024-03-02\n{header}\n\n招标详情只对会员单位开放：{SECRET}。\n"


def make(tmp_path: Path, files: dict[str, str | bytes], name: str = "content") -> Path:
    root = tmp_path / name
    write_files(root, {**BASE, **files})
    return root


def build(content: Path, output: Path, **settings) -> Path:
    return run_build(content, output, **{**FAST, **settings})


def error_of(content: Path, tmp_path: Path) -> str:
    with pytest.raises(ContentError) as caught:
        build(content, tmp_path / "out")
    return str(caught.value)


def leaks(content: Path, output: Path, *extra: str) -> list[str]:
    """Findings of the leak check, run as `make publish` runs it."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts/check_leaks.py"), "--content", str(content), "--output", str(output),
         "--settings", str(ROOT / "publishconf.py"), *extra],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode in (0, 1), proc.stderr
    found = [line for line in proc.stdout.splitlines() if line.startswith("LEAK ")]
    assert (proc.returncode == 1) == bool(found), proc.stdout
    return found


def without_exclusion() -> dict:
    """Settings of a public build with the members_only plugin switched off."""
    from pelican.settings import read_settings

    plugins = [p for p in read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"] if p != "members_only"]
    return {"PLUGINS": plugins}


# --- 1. header slips -------------------------------------------------------------

SLIPS = {
    "full-width colon": ("Access：members", 3, "“Access：members”用了全角冒号“：”，这一行不会被当作Access信息 — "
                                              "请改成半角冒号：`Access: members`"),
    "space before colon": ("Access : members", 3, "“Access : members”的冒号前有空格，这一行不会被当作Access信息 — "
                                                  "请改成 `Access: members`"),
    "blank line before": ("\nAccess: members", 4, "“Access: members”前面有空行，它成了正文而不是Access信息 — "
                                                  "请删去第 3 行的空行"),
}


@pytest.mark.parametrize("slip", SLIPS, ids=list(SLIPS))
def test_header_slip_stops_the_build_with_line_and_fix(slip: str, tmp_path: Path) -> None:
    line, number, message = SLIPS[slip]
    content = make(tmp_path, {"news/2024/bid.md": secret_item(line)})
    assert f"news/2024/bid.md:{number}: {message}" in error_of(content, tmp_path)


@pytest.mark.parametrize("slip", SLIPS, ids=list(SLIPS))
def test_leak_check_reads_a_slipped_access_line_as_member_only(slip: str, tmp_path: Path) -> None:
    # Planted: the item published as the old build did (its Access line read as body text).
    published = make(tmp_path, {"news/2024/bid.md": secret_item("")}, "published")
    output = build(published, tmp_path / "leaky", **without_exclusion())
    assert SECRET in (output / "news/2024/bid.html").read_text(encoding="utf-8")
    slipped = make(tmp_path, {"news/2024/bid.md": secret_item(SLIPS[slip][0])})
    found = leaks(slipped, output)
    assert any("news/2024/bid.html: page of member-only item news/2024/bid.md" in f for f in found), found
    assert any("text of member-only news/2024/bid.md" in f for f in found), found


@pytest.mark.parametrize("value", ["Members ", "MEMBERS", "ｍｅｍｂｅｒｓ", " members"])
def test_access_values_are_compared_trimmed_case_folded_and_half_width(value: str, tmp_path: Path) -> None:
    content = make(tmp_path, {"news/2024/bid.md": secret_item(f"Access: {value}")})
    output = build(content, tmp_path / "out")
    assert not (output / "news/2024/bid.html").exists()
    assert leaks(content, output) == []


@pytest.mark.parametrize("value, message", [
    ("member", "news/2024/bid.md:3: Access“member”无效 — 公开写 `Access: public`，仅会员可见写 `Access: members`"),
    ("", "news/2024/bid.md:3: Access 没有填写 — 公开写 `Access: public`，仅会员可见写 `Access: members`"),
    ("会员", "news/2024/bid.md:3: Access“会员”无效"),
])
def test_unknown_or_empty_access_value_stops_the_build(value: str, message: str, tmp_path: Path) -> None:
    content = make(tmp_path, {"news/2024/bid.md": secret_item(f"Access: {value}")})
    assert message in error_of(content, tmp_path)


def test_misspelt_access_key_stops_the_build(tmp_path: Path) -> None:
    content = make(tmp_path, {"news/2024/bid.md": secret_item("Acess: members")})
    assert "news/2024/bid.md:3: 未知的信息项“Acess”，是否想写“Access” — 请改正或删去这一行" in error_of(content, tmp_path)


def test_slipped_column_index_stops_the_build(tmp_path: Path) -> None:
    content = make(tmp_path, {
        "documents/_index.md": "Title: 后勤管理文件\nAccess：members\n\n会员专享。\n",
        "documents/2024/rules.md": secret_item(""),
    })
    assert "documents/_index.md:2: “Access：members”用了全角冒号" in error_of(content, tmp_path)


# --- 2 and 3. files linked in any form, files beside imported items ---------------

LINKED_FILES: dict[str, str | bytes] = {
    "files/2024/plain.pdf": b"%PDF plain path",
    "files/2024/by-filename.pdf": b"%PDF filename link",
    "files/2024/通知.pdf": b"%PDF percent-encoded name",
    "files/2024/raw-a.pdf": b"%PDF raw a href",
    "images/2024/raw-img.png": b"\x89PNG raw img src",
    "images/2024/shared.png": b"\x89PNG shared with a public item",
    "tenders/_index.md": "Title: 招投标信息\nSection: 招投标\nOrder: 80\n\n招标。\n",
    "tenders/scu/2024/tender.md": (
        "Title: 食堂承包招标详情\nDate: 2024-03-03\nAccess: members\n\n"
        f"正文{SECRET}。\n\n![现场]({{static}}site.png) ![图二](photo-2.png)\n"
    ),
    "tenders/scu/2024/site.png": b"\x89PNG beside a member-only imported item",
    "tenders/scu/2024/photo-2.png": b"\x89PNG beside it, relative link",
    "tenders/scu/2024/unlinked.png": b"\x89PNG beside it, linked by nobody",
    "news/2024/members-links.md": (
        "Title: 会员附件汇总\nDate: 2024-03-04\nAccess: members\n\n"
        f"{SECRET}。\n\n"
        "[附件](/files/2024/plain.pdf) [附件二]({filename}/files/2024/by-filename.pdf) "
        "[通知](/files/2024/%E9%80%9A%E7%9F%A5.pdf)\n\n"
        '<a href="/files/2024/raw-a.pdf">原始链接</a> <img src="../../images/2024/raw-img.png" alt="图">\n\n'
        "![共用](/images/2024/shared.png)\n"
    ),
    "news/2024/public-photo.md": "Title: 公开图片新闻\nDate: 2024-03-05\n\n![共用]({static}/images/2024/shared.png)\n",
}
MEMBER_ONLY_FILES = ["files/2024/plain.pdf", "files/2024/by-filename.pdf", "files/2024/通知.pdf",
                     "files/2024/raw-a.pdf", "images/2024/raw-img.png", "tenders/scu/2024/site.png",
                     "tenders/scu/2024/photo-2.png"]


def test_only_files_public_items_link_are_copied(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = make(tmp_path, LINKED_FILES)
    output = build(content, tmp_path / "out")
    for rel in [*MEMBER_ONLY_FILES, "tenders/scu/2024/unlinked.png"]:
        assert not (output / rel).exists(), rel
    assert (output / "images/2024/shared.png").is_file()
    assert ("images/2024/shared.png is linked by member-only news/2024/members-links.md and by public "
            "news/2024/public-photo.md: copied publicly") in caplog.text
    assert leaks(content, output) == []


def test_leak_check_finds_files_linked_in_any_form_when_exclusion_is_off(tmp_path: Path) -> None:
    content = make(tmp_path, LINKED_FILES)
    output = build(content, tmp_path / "leaky", **without_exclusion())
    found = "\n".join(leaks(content, output))
    for rel in MEMBER_ONLY_FILES:
        assert f"{rel}: member-only file content/{rel} copied at its path" in found, (rel, found)
    assert "images/2024/shared.png" not in found  # a public item links it too


# --- 4. symbolic links -----------------------------------------------------------


def symlinked(tmp_path: Path) -> Path:
    content = make(tmp_path, {
        "documents/2024/rules.md": secret_item(""),
        "files/members/2024/secret.pdf": b"%PDF member-only " + SECRET.encode(),
    })
    os.symlink("../../documents/2024/rules.md", content / "news/2024/rules-link.md")
    (content / "files/2024").mkdir(parents=True)
    os.symlink("../members/2024/secret.pdf", content / "files/2024/public.pdf")
    (content / "images").mkdir()
    os.symlink("../files/members", content / "images/members-dir")
    return content


def test_symbolic_links_in_content_stop_the_build(tmp_path: Path) -> None:
    message = error_of(symlinked(tmp_path), tmp_path)
    for rel, target in [("news/2024/rules-link.md", "../../documents/2024/rules.md"),
                        ("files/2024/public.pdf", "../members/2024/secret.pdf"),
                        ("images/members-dir", "../files/members")]:
        assert f"{rel}: 这是一个符号链接（指向 {target}），content/ 中不允许符号链接" in message, message


def test_leak_check_classifies_symbolic_links_by_their_target(tmp_path: Path) -> None:
    content = symlinked(tmp_path)
    clean = make(tmp_path, {}, "clean")
    output = build(clean, tmp_path / "leaky")
    # Planted as a build following the links would publish them.
    shutil.copy(content / "files/members/2024/secret.pdf", output / "files-public.pdf")
    (output / "news/2024/rules-link.html").write_text(f"<p>招标详情只对会员单位开放：{SECRET}。</p>", encoding="utf-8")
    found = "\n".join(leaks(content, output))
    assert "files-public.pdf: copy of member-only file content/" in found, found
    assert "news/2024/rules-link.html: page of member-only item news/2024/rules-link.md" in found, found


# --- 5. other source formats ------------------------------------------------------

OTHER_FORMATS = {
    "news/2024/bid.rst": f"内部招标\n########\n\n:date: 2024-03-02\n:access: member\n\n{SECRET}。\n",
    "news/2024/bid2.html": ('<html><head><title>内部通知</title><meta name="date" content="2024-03-02">'
                            f'<meta name="access" content="members "></head><body><p>{SECRET}二号。</p></body></html>'),
}


def test_rst_and_html_sources_stop_the_build(tmp_path: Path) -> None:
    message = error_of(make(tmp_path, OTHER_FORMATS), tmp_path)
    assert "news/2024/bid.rst: 网站只读取 Markdown（.md）文件，“.rst”格式不会被检查也不会发布 — 请改写成 .md 文件" in message
    assert "news/2024/bid2.html: 网站只读取 Markdown（.md）文件，“.html”格式" in message


def test_leak_check_reads_rst_and_html_sources(tmp_path: Path) -> None:
    content = make(tmp_path, OTHER_FORMATS)
    output = build(make(tmp_path, {}, "clean"), tmp_path / "leaky")
    (output / "news/2024/bid.html").write_text(f"<p>{SECRET}。</p>", encoding="utf-8")
    (output / "news/2024/bid2.html").write_text(f"<p>{SECRET}二号。</p>", encoding="utf-8")
    found = "\n".join(leaks(content, output))
    assert "news/2024/bid.html: page of member-only item news/2024/bid.rst" in found, found
    assert "news/2024/bid2.html: page of member-only item news/2024/bid2.html" in found, found


# --- 6. switched to members-only between two builds -------------------------------


def test_item_switched_to_members_only_leaves_nothing_in_the_output(tmp_path: Path) -> None:
    item = "Title: 招标文件\nDate: 2024-03-02\nAttachments: files/2024/bid.pdf\n{access}\n正文{secret}。\n"
    content = make(tmp_path, {"news/2024/bid.md": item.format(access="", secret=SECRET),
                              "files/2024/bid.pdf": b"%PDF bid"})
    output = build(content, tmp_path / "out")
    assert (output / "news/2024/bid.html").is_file() and (output / "files/2024/bid.pdf").is_file()
    (content / "news/2024/bid.md").write_text(item.format(access="Access: members\n", secret=SECRET),
                                              encoding="utf-8")
    build(content, output)
    assert not (output / "news/2024/bid.html").exists()
    assert not (output / "files/2024/bid.pdf").exists()
    assert leaks(content, output) == []


def test_leak_check_finds_what_an_item_switched_to_members_only_left_behind(tmp_path: Path) -> None:
    item = "Title: 招标文件\nDate: 2024-03-02\nAttachments: files/2024/bid.pdf\n{access}\n正文{secret}。\n"
    content = make(tmp_path, {"news/2024/bid.md": item.format(access="", secret=SECRET),
                              "files/2024/bid.pdf": b"%PDF bid"})
    output = build(content, tmp_path / "out")
    (content / "news/2024/bid.md").write_text(item.format(access="Access: members\n", secret=SECRET),
                                              encoding="utf-8")
    found = "\n".join(leaks(content, output))  # planted: the output of the build before the switch
    assert "news/2024/bid.html: page of member-only item news/2024/bid.md" in found, found
    assert "files/2024/bid.pdf: member-only file content/files/2024/bid.pdf copied at its path" in found, found
    assert "feeds/all.atom.xml: text of member-only news/2024/bid.md" in found, found


def test_file_moved_into_the_members_folder_leaves_no_public_copy(tmp_path: Path) -> None:
    item = "Title: 招标文件\nDate: 2024-03-02\n{access}Attachments: files/{folder}2024/bid.pdf\n\n正文。\n"
    content = make(tmp_path, {"news/2024/bid.md": item.format(access="", folder=""),
                              "files/2024/bid.pdf": b"%PDF bid"})
    output = build(content, tmp_path / "out")
    (content / "files/members/2024").mkdir(parents=True)
    (content / "files/2024/bid.pdf").rename(content / "files/members/2024/bid.pdf")
    (content / "news/2024/bid.md").write_text(item.format(access="Access: members\n", folder="members/"),
                                              encoding="utf-8")
    build(content, output)
    assert not (output / "files/2024/bid.pdf").exists()
    assert not (output / "files/members").exists()


# --- 7. {filename} links ----------------------------------------------------------


def test_link_to_a_draft_or_a_missing_file_stops_the_build(tmp_path: Path) -> None:
    content = make(tmp_path, {
        "news/2024/draft.md": "Title: 草稿\nDate: 2024-03-01\nStatus: draft\n\n草稿。\n",
        "news/2024/linker.md": ("Title: 链接\nDate: 2024-03-02\n\n第一段。\n\n"
                                "见[草稿]({filename}/news/2024/draft.md)和[不存在]({filename}missing.md)。\n"),
    })
    message = error_of(content, tmp_path)
    assert ("news/2024/linker.md:6: 链接“{filename}/news/2024/draft.md”指向草稿 news/2024/draft.md，"
            "发布后会失效 — 请先发布那篇文章，或删去链接") in message
    assert "news/2024/linker.md:6: 链接“{filename}missing.md”指向的文件不存在" in message


def test_link_to_a_member_only_item_goes_to_the_members_area(tmp_path: Path) -> None:
    content = make(tmp_path, {
        "documents/2024/rules.md": secret_item(""),
        "news/2024/linker.md": "Title: 链接\nDate: 2024-03-02\n\n见[制度]({filename}/documents/2024/rules.md)。\n",
    })
    output = build(content, tmp_path / "off")
    page = (output / "news/2024/linker.html").read_text(encoding="utf-8")
    assert 'href="/members-area/documents/"' in page and "{filename}" not in page and "rules" not in page
    with_titles = build(content, tmp_path / "on", MEMBERS_ONLY_TEASERS=True)
    page = (with_titles / "news/2024/linker.html").read_text(encoding="utf-8")
    assert 'href="/members-area/documents/2024/rules.html"' in page
    for feed in (output / "feeds").glob("*.xml"):
        assert "{filename}" not in feed.read_text(encoding="utf-8")


def test_leak_check_finds_an_unresolved_link_to_a_member_only_item(tmp_path: Path) -> None:
    content = make(tmp_path, {
        "documents/2024/rules.md": secret_item(""),
        "news/2024/linker.md": "Title: 链接\nDate: 2024-03-02\n\n见[制度]({filename}/documents/2024/rules.md)。\n",
    })
    output = build(content, tmp_path / "out")
    assert leaks(content, output) == []
    page = output / "news/2024/linker.html"  # planted: the link as the old build left it
    page.write_text(page.read_text("utf-8").replace('href="/members-area/documents/"',
                                                    'href="{filename}/documents/2024/rules.md"'), "utf-8")
    assert any("source path of member-only documents/2024/rules.md" in f for f in leaks(content, output))


# --- 8. teasers -------------------------------------------------------------------


def test_teasers_are_off_by_default_and_the_check_follows_the_setting(tmp_path: Path) -> None:
    content = make(tmp_path, {"documents/2024/rules.md": secret_item("")})
    output = build(content, tmp_path / "out")
    assert "内部招标详情" not in "".join(p.read_text("utf-8") for p in output.rglob("*.html"))
    # Planted: a title on a public page. Teasers off → a leak without --forbid-titles.
    (output / "planted.html").write_text("<li>【会员专属】内部招标详情</li>", encoding="utf-8")
    assert any("title of member-only documents/2024/rules.md" in f for f in leaks(content, output))
    settings = tmp_path / "teasersconf.py"
    settings.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
                        f"THEME = {str(ROOT / 'theme')!r}\nMEMBERS_ONLY_TEASERS = True\n", encoding="utf-8")
    assert check_leaks.main(["--content", str(content), "--output", str(output), "--settings", str(settings),
                             "-q"]) == 0
    teased = build(content, tmp_path / "teased", MEMBERS_ONLY_TEASERS=True)
    listed = (teased / "documents/index.html").read_text(encoding="utf-8")
    assert "【会员专属】内部招标详情" in listed and SECRET not in listed
