#!/usr/bin/env python3
"""`make new`: start an article from its column's template.

    make new COLUMN=news TITLE="协会召开2024年工作会议" [NAME=annual-meeting-2024] [DATE="2024-03-01 10:00"]

Writes ``content/<column>/<yyyy>/<name>.md`` from ``archetypes/default.yml``
and ``archetypes/<column>.yml`` (e.g. tenders asks for 项目编号, 预算, 截止时间),
dated now in Asia/Shanghai, as a draft; prints the file and its preview
address. Missing arguments are asked for. ``NAME`` (the URL) is checked:
lower-case letters, digits and hyphens, free in the column and year, never a
published URL; without it the name is ``yyyymmdd-N``.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from pelican.settings import read_settings  # noqa: E402

from site_content.archetypes import load_archetypes, new_file_text  # noqa: E402
from site_content.columns import Column, load_columns  # noqa: E402
from sitekit.dates import minute, parse_date, site_now, site_zone, aware, is_future  # noqa: E402
from url_lock import LockSettings  # noqa: E402
from url_lock.lock import read_lock, read_redirects  # noqa: E402

NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RESERVED = {"index", "page"}


class NewArticleError(ValueError):
    """What the editor has to change (in Chinese)."""


def ask(prompt: str) -> str:
    try:
        return input(prompt).strip()
    except EOFError:
        raise NewArticleError("没有输入。请在命令里写明，例如 make new COLUMN=news TITLE=\"标题\"") from None


def choose_column(columns: dict[str, Column], given: str | None) -> Column:
    if not given:
        print("请选择栏目：")
        for number, column in enumerate(columns.values(), 1):
            print(f"  {number}. {column.slug}（{column.title}）")
        given = ask("栏目编号或英文名：")
    listed = list(columns.values())
    if given.isdigit() and 1 <= int(given) <= len(listed):
        return listed[int(given) - 1]
    for column in listed:
        if given in (column.slug, column.title):
            return column
    known = "、".join(f"{c.slug}（{c.title}）" for c in listed)
    raise NewArticleError(f"没有“{given}”这个栏目。现有栏目：{known}")


def taken_names(content: Path, column: str, year: int, settings: dict) -> set[str]:
    """File names already used in the column for this year, and published URLs there."""
    taken: set[str] = set()
    for path in (content / column).rglob("*.md"):
        if path.name == "_index.md":
            continue
        folder_years = [p for p in path.relative_to(content).parts[:-1] if re.fullmatch(r"\d{4}", p)]
        if folder_years and folder_years[-1] == f"{year:04d}":
            taken.add(path.stem)
    options = LockSettings.of(settings)
    prefix = f"/{column}/{year:04d}/"
    urls = set(read_lock(content / options.lock)) | set(read_redirects(content / options.redirects, "")[0])
    taken |= {u[len(prefix):-len(".html")] for u in urls if u.startswith(prefix) and u.endswith(".html")}
    return taken


def check_name(name: str, taken: set[str], column: str, year: int) -> str:
    if not NAME.match(name) or name in RESERVED:
        raise NewArticleError(
            f"文件名“{name}”不能用：文件名就是网址，只能用小写英文字母、数字和连字符“-”，"
            f"以字母或数字开头（不能叫 index 或 page），例如 food-safety-training-2024")
    if name in taken:
        raise NewArticleError(f"文件名“{name}”在 {column} 栏目 {year} 年已经用过（或曾经发布过）；请换一个名字")
    return name


def default_name(date: datetime, taken: set[str]) -> str:
    number = 1
    while f"{date:%Y%m%d}-{number}" in taken:
        number += 1
    return f"{date:%Y%m%d}-{number}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--column", help="栏目英文名（文件夹名），例如 news")
    parser.add_argument("--title", help="文章标题")
    parser.add_argument("--name", help="文件名（网址），小写英文字母、数字和“-”")
    parser.add_argument("--date", help="日期，例如 2024-03-01 10:00（默认：现在，北京时间）")
    parser.add_argument("--field", action="append", default=[], metavar="KEY=VALUE",
                        help="a field of the column's template, e.g. Budget=120万元 (repeatable)")
    parser.add_argument("-s", "--settings", default=str(ROOT / "pelicanconf.py"))
    parser.add_argument("--content", help="content folder (default: PATH of the settings)")
    args = parser.parse_args(argv)
    settings = read_settings(args.settings, override={"PATH": os.path.abspath(args.content)} if args.content else None)
    content = Path(settings["PATH"])
    try:
        columns, problems = load_columns(content)
        if problems:
            raise NewArticleError("栏目设置有问题，请先运行 make check：" + "；".join(str(p) for p in problems))
        column = choose_column(columns, args.column)
        title = (args.title or "").strip() or ask("标题：")
        if not title:
            raise NewArticleError("标题不能为空")
        now = site_now(settings)
        if args.date:
            parsed = parse_date(args.date)
            if parsed is None:
                raise NewArticleError(f"日期“{args.date}”无法识别，请写成 2024-03-01 10:00")
            date = aware(parsed, site_zone(settings))
        else:
            date = now
        interactive = not (args.column and args.title)
        taken = taken_names(content, column.slug, date.year, settings)
        name = args.name if args.name is not None else (ask("文件名（英文，直接回车则自动命名）：") or None
                                                          if interactive else None)
        name = check_name(name, taken, column.slug, date.year) if name else default_name(date, taken)
        archetypes = load_archetypes(settings.get("ARCHETYPES_PATH"))
        archetype = archetypes.for_column(column.slug)
        values = dict(item.split("=", 1) for item in args.field if "=" in item)
        if interactive and column.slug in archetypes.columns:
            for item in archetypes.columns[column.slug].fields:  # the column's own fields
                hint = f"（{item.hint}）" if item.hint else ""
                values.setdefault(item.key, ask(f"{item.label}{hint}，可留空："))
    except NewArticleError as error:
        print(f"make new：{error}", file=sys.stderr)
        return 2
    path = content / column.slug / f"{date.year:04d}" / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as out:  # never overwrite
        out.write(new_file_text(archetype, title, minute(date), values))
    shown = os.path.relpath(path)
    host = f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
    print(f"已新建：{shown}")
    if column.access == "members":
        print(f"这是会员专区栏目：运行 make members 后在 output-members/drafts/{column.slug}/{name}.html 预览")
    else:
        print(f"预览（先运行 make devserver）：{host}/drafts/{column.slug}/{name}.html")
    print("写好后删去“Status: draft”一行即可发布；要定时发布，改成“Status: scheduled”并写好 Date。")
    if is_future(date, now):
        print("注意：日期在将来。发布时请改成“Status: scheduled”，到时间后自动发布。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
