"""The editors' toolkit: `make new`, `make check` (each check with its exact
message), the build printing the same lines once, scheduled items, the
pre-commit hook and the editor guide."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from conftest import COLUMNS_MINI, ROOT, write_files

PY = sys.executable
GOOD = "Title: 正常文章\nDate: 2023-03-01\n\n正文。\n"


def site(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A small site: the mini columns, a page, and ``files``."""
    content = tmp_path / "content"
    write_files(content, {**COLUMNS_MINI, "pages/about.md": "Title: 关于\nSlug: about\n\n关于。\n",
                          "news/2023/good.md": GOOD, **files})
    return content


def check(content: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([PY, str(ROOT / "scripts/check_content.py"), "--content", str(content), *args],
                          capture_output=True, text=True, cwd=content.parent, env={**os.environ, **(env or {})})


def lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("content/")]


# --- make new ------------------------------------------------------------------


def new(content: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([PY, str(ROOT / "scripts/new_article.py"), "--content", str(content), *args],
                          input=stdin, capture_output=True, text=True, cwd=content.parent)


def test_new_writes_the_column_template_with_todays_date(tmp_path: Path) -> None:
    content = site(tmp_path, {"tenders/_index.md": "Title: 招投标信息\nOrder: 80\n\n招标。\n"})
    done = new(content, "--column", "tenders", "--title", "某高校食堂承包招标公告", "--name", "canteen-2024",
               "--date", "2024-05-01 09:30", "--field", "Budget=120 万元")
    assert done.returncode == 0, done.stderr
    assert "已新建：content/tenders/2024/canteen-2024.md" in done.stdout
    assert "预览（先运行 make devserver）：http://127.0.0.1:8000/drafts/tenders/canteen-2024.html" in done.stdout
    text = (content / "tenders/2024/canteen-2024.md").read_text(encoding="utf-8")
    assert text.startswith("Title: 某高校食堂承包招标公告\nDate: 2024-05-01 09:30\nStatus: draft\nTags:\nSummary:\n"
                           "Project_no:\nBudget: 120 万元\nDeadline:\n\n## 项目概况\n")
    assert check(content).returncode == 0


def test_new_asks_for_what_is_missing(tmp_path: Path) -> None:
    content = site(tmp_path, {"tenders/_index.md": "Title: 招投标信息\nOrder: 80\n\n招标。\n"})
    done = new(content, "--date", "2024-05-01 09:30",
               stdin="tenders\n食堂招标\n\nSCU-ZB-2024-018\n120 万元\n2024-05-20 17:00\n")
    assert done.returncode == 0, done.stderr
    assert "请选择栏目：" in done.stdout and "项目编号（招标文件上的编号" in done.stdout
    text = (content / "tenders/2024/20240501-1.md").read_text(encoding="utf-8")
    assert "Project_no: SCU-ZB-2024-018\nBudget: 120 万元\nDeadline: 2024-05-20 17:00\n" in text


def test_new_names_without_name_are_numbered_by_day(tmp_path: Path) -> None:
    content = site(tmp_path, {})
    for _ in range(2):
        assert new(content, "--column", "news", "--title", "新闻", "--date", "2024-05-01 09:30").returncode == 0
    assert sorted(p.name for p in (content / "news/2024").iterdir()) == ["20240501-1.md", "20240501-2.md"]


@pytest.mark.parametrize("name, message", [
    ("Food-Safety", "文件名“Food-Safety”不能用：文件名就是网址，只能用小写英文字母、数字和连字符“-”"),
    ("食品安全", "文件名“食品安全”不能用"),
    ("index", "文件名“index”不能用"),
    ("good", "文件名“good”在 news 栏目 2023 年已经用过（或曾经发布过）；请换一个名字"),
    ("locked", "文件名“locked”在 news 栏目 2023 年已经用过（或曾经发布过）"),
])
def test_new_refuses_bad_or_taken_names(name: str, message: str, tmp_path: Path) -> None:
    content = site(tmp_path, {"data/published.lock": "/news/2023/locked.html\ttag:x\tnews/2023/locked.md\n",
                              "data/redirects.yml": "/news/2023/locked.html: gone\n"})
    done = new(content, "--column", "news", "--title", "标题", "--name", name, "--date", "2023-06-01 10:00")
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert not (content / f"news/2023/{name}.md").exists() or name == "good"


def test_new_refuses_an_unknown_column(tmp_path: Path) -> None:
    done = new(site(tmp_path, {}), "--column", "newz", "--title", "标题")
    assert done.returncode == 2
    assert "没有“newz”这个栏目。现有栏目：news（协会动态）、notices（通知公告）、party（协会党建动态）" in done.stderr


# --- make check ------------------------------------------------------------------


def png(width: int, height: int = 10) -> bytes:
    from io import BytesIO

    buffer = BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


CHECKS = {
    "unknown key": ("Title: 拼写\nDate: 2023-03-01\nSummray: 摘要\n\n正文\n",
                    "content/news/2023/x.md:3: 未知的信息项“Summray”，是否想写“Summary” — 请改正或删去这一行"),
    "bad date": ("Title: 日期\nDate: 2024年3月1日\n\n正文\n",
                 "content/news/2023/x.md:2: 日期“2024年3月1日”无法识别 — 请写成 2024-03-01 10:00"),
    "future date": ("Title: 未来\nDate: 2023-12-31 10:00\n\n正文\n",
                    "content/news/2023/x.md:2: 日期 2023-12-31 10:00 还没到，文章会立即出现在网站上 — "
                    "如果要定时发布，请加一行 `Status: scheduled`；否则请改正日期"),
    "folder year": ("Title: 年份\nDate: 2022-03-01\n\n正文\n",
                    "content/news/2023/x.md:2: 文件在 2023 年的文件夹里，但日期是 2022 年，网址会变成 /news/2022/… — "
                    "请把文件移到 content/news/2022/，或改正日期"),
    "missing static": ("Title: 图片\nDate: 2023-03-01\n\n第一段。\n\n![图]({static}/images/2023/none.png)\n",
                       "content/news/2023/x.md:6: 链接“{static}/images/2023/none.png”指向的文件不存在"),
    "missing filename": ("Title: 链接\nDate: 2023-03-01\n\n见[旧文]({filename}/news/2023/none.md)。\n",
                         "content/news/2023/x.md:4: 链接“{filename}/news/2023/none.md”指向的文件不存在"),
    "broken link": ("Title: 链接\nDate: 2023-03-01\n\n见[旧文](/news/2023/none.html)。\n",
                    "content/news/2023/x.md:4: 链接“/news/2023/none.html”指向的网页或文件不存在 — 请检查网址"),
    "missing attachment": ("Title: 附件\nDate: 2023-03-01\nAttachments: files/2023/none.pdf\n\n正文\n",
                           "content/news/2023/x.md:3: 附件“files/2023/none.pdf”不存在"),
    "full-width colon": ("Title: 冒号\nDate：2023-03-01\n\n正文\n",
                         "content/news/2023/x.md:2: “Date：2023-03-01”用了全角冒号“：”，这一行不会被当作Date信息 — "
                         "请改成半角冒号：`Date: 2023-03-01`"),
    "spaced colon": ("Title: 冒号\nDate: 2023-03-01\nTags : 培训\n\n正文\n",
                     "content/news/2023/x.md:3: “Tags : 培训”的冒号前有空格，这一行不会被当作Tags信息 — 请改成 `Tags: 培训`"),
}


@pytest.mark.parametrize("case", CHECKS, ids=list(CHECKS))
def test_each_check_names_file_line_and_fix(case: str, tmp_path: Path) -> None:
    text, message = CHECKS[case]
    content = site(tmp_path, {"news/2023/x.md": text})
    result = check(content, env={"SITE_NOW": "2023-06-01T12:00:00"})
    assert message in result.stdout, result.stdout
    assert result.returncode == 1


def test_gbk_file_is_reported_with_the_line_of_its_first_bad_byte(tmp_path: Path) -> None:
    raw = "Title: 编码\nDate: 2023-03-01\n\n第一段。\n".encode("utf-8") + "第二段：食堂。\n".encode("gbk")
    result = check(site(tmp_path, {"news/2023/gbk.md": raw}))
    assert "content/news/2023/gbk.md:5: 文件不是 UTF-8 编码（第 5 行起有无法识别的字节）— 请用编辑器“另存为 UTF-8”" \
        in result.stdout


def test_warnings_only_exit_zero(tmp_path: Path) -> None:
    content = site(tmp_path, {
        "images/2023/wide.png": png(2400),
        "images/2023/heavy.png": os.urandom(1200 * 1024),
        "news/2023/a.md": "Title: 协会召开年度会议\nDate: 2023-05-06 09:00\n\n正文。\n",
        "news/2023/b.md": "Title: 协会召开年度会议\nDate: 2023-05-06 15:00\n\n同一篇。\n",
    })
    result = check(content)
    assert result.returncode == 0, result.stdout
    assert ("content/images/2023/wide.png: 警告：图片宽 2400 像素，超过 2000 像素 — "
            "请缩小：make shrink IMG=content/images/2023/wide.png") in result.stdout
    assert "content/images/2023/heavy.png: 警告：图片有 1.2 MB，手机上打开很慢 — 请压缩：make shrink IMG=" in result.stdout
    assert ("content/news/2023/a.md:1: 警告：与 news/2023/b.md 同一栏目、同一天、标题相同，可能是重复导入 — "
            "如果是重复的，请删去其中一篇") in result.stdout
    assert "检查了 4 个文件：0 个错误，4 个警告。" in result.stdout


def test_shrink_makes_a_wide_image_fit(tmp_path: Path) -> None:
    image = tmp_path / "wide.png"
    image.write_bytes(png(2400, 1200))
    assert subprocess.run([PY, str(ROOT / "scripts/shrink_image.py"), str(image)], check=True).returncode == 0
    with Image.open(image) as shrunk:
        assert shrunk.size == (2000, 1000)


def test_every_problem_at_once_in_english_for_developers(tmp_path: Path) -> None:
    content = site(tmp_path, {"news/2023/a.md": "Date: 2023-01-01\n\nx\n", "news/2023/b.md": "Title: b\nDate: soon\n\nx\n"})
    result = check(content, "--lang", "en")
    assert "content/news/2023/a.md:1: no Title; add a first line `Title: 文章标题`" in result.stdout
    assert "content/news/2023/b.md:2: Date 'soon' is not a date; write it as 2024-03-01 10:00" in result.stdout
    assert "check: 4 file(s), 2 error(s), 0 warning(s)" in result.stdout


def test_scheduled_items_are_listed_and_held_back(tmp_path: Path) -> None:
    content = site(tmp_path, {"news/2023/later.md": "Title: 定时发布\nDate: 2023-07-01 09:00\nStatus: scheduled\n\n正文\n"})
    result = check(content, env={"SITE_NOW": "2023-06-01T12:00:00"})
    assert result.returncode == 0
    assert "content/news/2023/later.md:2: 提示：已排期，将于 2023-07-01 09:00 发布" in result.stdout


def test_build_prints_the_same_lines_once_without_traceback(tmp_path: Path) -> None:
    content = site(tmp_path, {name: text for name, (text, _) in
                              [("news/2023/x.md", CHECKS["unknown key"]), ("news/2023/y.md", CHECKS["broken link"])]})
    checked = lines(check(content))
    built = subprocess.run([PY, str(ROOT / "scripts/build.py"), "content", "-o", str(tmp_path / "out"), "-s",
                            str(ROOT / "pelicanconf.py"), "-e", f'CACHE_PATH="{tmp_path / "cache"}"'],
                           capture_output=True, text=True, cwd=tmp_path)
    assert built.returncode == 1
    assert [line for line in built.stderr.splitlines() if line.startswith("content/")] == checked
    assert len(checked) == 2 and "Traceback" not in built.stderr + built.stdout


def test_scheduled_item_is_published_by_the_first_build_after_its_time(tmp_path: Path) -> None:
    content = site(tmp_path, {"news/2023/later.md": "Title: 定时发布的通知\nDate: 2023-07-01 09:00\nStatus: scheduled\n\n正文\n"})
    command = [PY, str(ROOT / "scripts/build.py"), "content", "-o", str(tmp_path / "out"), "-s",
               str(ROOT / "pelicanconf.py"), "-e", f'CACHE_PATH="{tmp_path / "cache"}"', "SEARCH_INDEX=false"]

    def build(now: str) -> subprocess.CompletedProcess:
        return subprocess.run(command, capture_output=True, text=True, cwd=tmp_path,
                              env={**os.environ, "SITE_NOW": now})

    assert build("2023-06-01T12:00:00").returncode == 0
    page = tmp_path / "out/news/2023/later.html"
    assert not page.exists()
    assert "定时发布的通知" not in (tmp_path / "out/feeds/all.atom.xml").read_text(encoding="utf-8")
    assert "Nothing changed" in build("2023-06-30T12:00:00").stdout
    assert build("2023-07-01T09:00:00").returncode == 0
    assert page.is_file()
    assert "定时发布的通知" in (tmp_path / "out/feeds/all.atom.xml").read_text(encoding="utf-8")


def test_pre_commit_hook_checks_staged_content_files(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    for part in ("scripts", "plugins", "archetypes", "theme"):
        shutil.copytree(ROOT / part, repo / part, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pelicanconf.py", ".pre-commit-config.yaml"):
        shutil.copy(ROOT / part, repo / part)
    (repo / ".venv").symlink_to(ROOT / ".venv")
    write_files(repo / "content", {**COLUMNS_MINI, "news/2023/good.md": GOOD,
                                   "news/2023/bad.md": "Title: 坏\nDate：2023-03-01\n\n正文\n"})
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    run = lambda *a: subprocess.run(a, cwd=repo, env=env, capture_output=True, text=True)  # noqa: E731
    run("git", "init", "-q")
    run("git", "add", "content/news/2023/good.md")
    ok = run(str(ROOT / ".venv/bin/pre-commit"), "run", "--files", "content/news/2023/good.md")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    run("git", "add", "content/news/2023/bad.md")
    bad = run(str(ROOT / ".venv/bin/pre-commit"), "run", "--files", "content/news/2023/bad.md")
    assert bad.returncode == 1
    assert "content/news/2023/bad.md:2: “Date：2023-03-01”用了全角冒号" in bad.stdout, bad.stdout


def test_editor_guide_explains_every_message() -> None:
    from site_content.messages import CATALOG

    guide = (ROOT / "docs/editor-guide.md").read_text(encoding="utf-8")
    import re

    for code, (zh, _) in CATALOG.items():
        literal = max(re.split(r"\{[^}]*\}", zh.replace("{{", "{").replace("}}", "}")), key=len)
        fixed = literal.strip("“”：—，、（） ")
        assert len(fixed) >= 4 and fixed in guide, (code, fixed)
    assert "docs/editor-guide.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_footnotes_are_not_taken_for_links(tmp_path: Path) -> None:
    """`[^1]: 说明文字` defines a footnote (Markdown extra), not a link to check."""
    text = "Title: 脚注\nDate: 2023-03-01\n\n正文有一个脚注。[^1]\n\n[^1]: 入夏以来，饮食服务中心加强采购。\n"
    result = check(site(tmp_path, {"news/2023/x.md": text}))
    assert result.returncode == 0 and "个文件：0 个错误" in result.stdout, result.stdout
