"""The editor's JavaScript against the Python it mirrors, run in Node.js.

- the header serializer (pelican-format.js) writes byte for byte what
  ``new_file_text`` (``make new``) writes, for every column's template;
- it reads back what it wrote, and keeps every field of the sample articles;
- its ``Attachments`` parser agrees with site_content's;
- the Chinese line joining (cjk-join.js) agrees with plugins/cjk_markdown on
  20,000 random HTML strings (sync the two when the rules change);
- the file name rules give make new's own messages; the site clock is Beijing time.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from cjk_markdown.extension import join_cjk_lines
from site_admin.config import collection, template_keys
from site_content.archetypes import load_archetypes, new_file_text
from site_content.attachments import parse_entries
from site_content.columns import load_columns
from sitekit.dates import minute, parse_date
from site_content.header import parse_header

ROOT = Path(__file__).resolve().parent.parent.parent
HARNESS = Path(__file__).resolve().parent / "node_harness.mjs"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is missing: run scripts/install_test_deps.sh")

COLUMNS, _ = load_columns(ROOT / "content")
ARCHETYPES = load_archetypes(ROOT / "archetypes")
KEYS, LISTS = template_keys(ARCHETYPES)
SITE = {"keys": KEYS, "lists": LISTS}


def node(request: dict) -> object:
    done = subprocess.run([NODE, str(HARNESS)], input=json.dumps(request, ensure_ascii=False),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def sorted_keys(column: str) -> list[str]:
    return [f["name"] for f in collection(COLUMNS[column], ARCHETYPES.for_column(column))["fields"]]


TITLES = ["关于举办2024年食品安全培训的通知", "  前后有空格的标题\u3000", "含有：冒号和 English 的标题"]
VALUES = ["", "单位  名称\n第二行", "食品安全，培训", " 120 万元 ", "SCU-ZB-2024-018"]
ATTACHMENTS = [[], [("files/2024/notice.pdf", "培训报名表")],
               [("files/members/2024/a.pdf", ""), ("files/2024/b.docx", "  报名 表, 第二份 ")]]
BODIES = [None, "", "\n\n正文第一段。\n\n![图片]({static}/images/2024/photo.png)\n\n\n", "食品安全\n远程培训"]


def editor_cases(count: int = 240) -> list[tuple[str, dict, str]]:
    """(column, the form's data, what make new writes) for random combinations."""
    rng = random.Random(16)
    cases = []
    for index in range(count):
        column = list(COLUMNS)[index % len(COLUMNS)]
        archetype = ARCHETYPES.for_column(column)
        title, body = rng.choice(TITLES), rng.choice(BODIES)
        status = rng.choice(["draft", "scheduled", "published"])
        access = COLUMNS[column].access != "members" and rng.random() < 0.3
        attachments = rng.choice(ATTACHMENTS)
        python_values, form_values = {}, {}
        for item in archetype.fields:
            value = rng.choice(VALUES)
            name = item.key.lower()
            if name in LISTS:
                parts = [p for p in value.replace("，", ",").split(",") if p.strip()]
                python_values[item.key] = ", ".join(parts)
                form_values[name] = parts
            else:
                python_values[item.key] = value
                form_values[name] = value
        expected = new_file_text(archetype, title, "2024-03-01 10:00", python_values, status,
                                 access="members" if access else "public", attachments=attachments, body=body)
        data = {"title": title, "date": "2024-03-01 10:00", "status": status, "access": access, **form_values,
                "attachments": [{"file": f, "title": t} for f, t in attachments],
                "body": archetype.body if body is None else body, "kind": "article", "folder": "2024",
                "name": "food-safety-training-2024"}
        cases.append((column, data, expected))
    return cases


def test_the_serializer_writes_what_make_new_writes() -> None:
    cases = editor_cases()
    written = node({"op": "toFile", "site": SITE,
                    "cases": [{"data": data, "sortedKeys": sorted_keys(column)} for column, data, _ in cases]})
    for (column, data, expected), text in zip(cases, written):
        assert text == expected, (column, data)
    assert any("Access: members" in text for text in written)
    assert any("\nStatus:" not in text for text in written)  # published: no Status line
    assert any("Project_no:" in text for text in written)  # the tenders template


def test_what_the_editor_writes_reads_back_unchanged() -> None:
    cases = editor_cases(120)
    again = node({"op": "roundTrip", "site": SITE,
                  "cases": [{"text": text, "sortedKeys": sorted_keys(column)} for column, _, text in cases]})
    assert again == [text for _, _, text in cases]


def _fields(text: str) -> tuple[dict[str, object], str]:
    """The fields as the build reads them (attachments as (path, title) pairs: one per
    continuation line or comma-separated on one line is the same list)."""
    from site_content.attachments import parse_entries

    header = parse_header(text)
    fields: dict[str, object] = {k: v.value for k, v in header.fields.items() if v.value.strip()}
    if "attachments" in fields:
        fields["attachments"] = parse_entries(str(fields["attachments"]))
    return fields, header.body.strip()


def test_saving_a_sample_article_keeps_every_field() -> None:
    files = [p for p in sorted((ROOT / "content").glob("*/**/*.md")) if p.name != "_index.md"
             and p.relative_to(ROOT / "content").parts[0] in COLUMNS]
    assert len(files) > 10
    texts = [p.read_text(encoding="utf-8") for p in files]
    again = node({"op": "roundTrip", "site": SITE, "cases": [
        {"text": text, "sortedKeys": sorted_keys(p.relative_to(ROOT / "content").parts[0])}
        for p, text in zip(files, texts)]})
    for path, text, saved in zip(files, texts, again):
        assert _fields(saved) == _fields(text), path
    data = node({"op": "fromFile", "site": SITE, "texts": texts + ["Title: 学校后勤动态\nSection: 后勤动态\nOrder: 70\n\n说明。\n"]})
    assert {d["kind"] for d in data[:-1]} == {"article"} and data[-1]["kind"] == "column"
    assert all(d["status"] in ("published", "draft", "scheduled") for d in data)


def test_unknown_keys_keep_their_lines() -> None:
    text = ("Title: 转载\nDate: 2024-03-01 10:00\nSource: 四川大学\nSource_url: https://example.edu.cn/a\n"
            "Guid: tag:x,2024:/a\nTags: a, b\n\n正文\n")
    [saved] = node({"op": "roundTrip", "site": SITE, "cases": [{"text": text, "sortedKeys": sorted_keys("news")}]})
    assert saved == ("Title: 转载\nDate: 2024-03-01 10:00\nTags: a, b\nSummary:\nSource: 四川大学\n"
                     "Source_url: https://example.edu.cn/a\nGuid: tag:x,2024:/a\n\n正文\n")


def test_attachments_are_read_as_the_build_reads_them() -> None:
    values = ["files/2024/a.pdf | 标题, files/2024/b.docx | 第二个，含逗号, 的标题",
              "/files/2024/a.pdf\n    files/2024/c.xlsx｜表格", "files/2021/x.pdf, files/2021/y.docx",
              "files/2024/a.pdf | 通知, 附件说明, files/2024/b.pdf"]
    js = node({"op": "attachments", "texts": values})
    assert js == [[list(e) for e in parse_entries(v)] for v in values]
    assert node({"op": "attachments", "texts": ["files/2024/a.pdf | 附件1：标题"]}) == [[["files/2024/a.pdf", "附件1：标题"]]]


def reference_cases() -> list[str]:
    pieces = ["中", "文", "。", "，", "（", "）", "“", "”", "…", "A", "b", "1", " ", "\t", "\n", "\n\n", "\u3000",
              "<b>", "</b>", "<a href=\"x\">", "</a>", "<a\ntitle=\"t\">", "<p>", "</p>", "<br>", "<a title=\"<\">",
              "<pre>", "</pre>", "<code>", "</code>", ">", "<", "𠀀", "𪚥", "<B>", "<code中>", "</PRE >", "<strong>",
              # the rules of cjk_markdown/rules.py: ambiguous punctuation, CJK symbols, full-width letters
              "‘", "’", "—", "·", "℃", "Ａ", "ㄅ", "①", "word", "42",
              # what the joiner looks through: entities, images, footnote marks, code spans
              "&amp;", "&#8220;", "&ldquo;", "&#x4e2d;", "&#133;", "&unknown;", "<img src=\"a.png\">", "<em>",
              '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>', "<CODE>", "</Code>", "</code >"]
    rng = random.Random(14)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 25))) for _ in range(20000)]


def test_chinese_line_joining_agrees_with_the_build() -> None:
    texts = reference_cases() + ["<p>食品安全\n远程培训</p>", "<p>English words\nwrap here</p>", "<p>《规范》\n发布！</p>"]
    joined = node({"op": "join", "texts": texts})
    for text, js in zip(texts, joined):
        assert js == join_cjk_lines(text), repr(text)
    assert sum(j != t for j, t in zip(joined, texts)) > 2000


def test_file_names_are_checked_as_make_new_checks_them() -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from new_article import NewArticleError, check_name

    taken = {"party-brand-creation"}
    names = ["会议通知", "Food-Safety", "food safety", "-start", "index", "page", "food_safety", "ok-2024",
             "party-brand-creation", "a", "2024-notice"]
    js = node({"op": "name", "cases": [{"name": n, "column": "notices", "year": "2022", "taken": sorted(taken)}
                                       for n in names]})
    for name, message in zip(names, js):
        try:
            check_name(name, taken, "notices", 2022)
            expected = None
        except NewArticleError as error:
            expected = str(error)
        assert message == expected, name
    assert node({"op": "name", "cases": [{"name": "", "column": "notices"}]})[0].startswith("请填写文件名")


def test_dates_and_the_site_clock() -> None:
    texts = ["2024-03-01 10:00", "2024-03-01", "2024/3/1 9:05", "2024-03-01T10:00:00", "2024年3月1日", "", "2024-13-01"]
    js = node({"op": "normalDate", "texts": texts})
    for text, value in zip(texts, js):
        parsed = parse_date(text) if text and "年" not in text else None
        assert value == (minute(parsed) if parsed else None), text
    instants = [0, 1_709_258_400_000, 1_735_660_800_000]  # 1970, 2024-03-01 02:00Z, 2024-12-31 16:00Z
    expected = [datetime.fromtimestamp(ms / 1000, ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M") for ms in instants]
    assert node({"op": "siteNow", "instants": instants}) == expected
    problems = node({"op": "date", "cases": [
        {"value": "2030-01-01 10:00", "status": "published", "now": "2024-05-01 08:00"},
        {"value": "2030-01-01 10:00", "status": "scheduled", "now": "2024-05-01 08:00"},
        {"value": "2023-05-01 10:00", "status": "draft", "folderYear": "2024", "now": "2024-05-01 08:00"},
        {"value": "3月1日", "status": "draft", "now": "2024-05-01 08:00"}]})
    assert "定时发布" in problems[0] and problems[1] is None
    assert "2024 年的文件夹" in problems[2] and "无法识别" in problems[3]
