#!/usr/bin/env python3
"""`make check`: every problem of the content at once, without a build.

One line per problem, ``content/news/2024/x.md:3: 日期“2024年3月1日”无法识别 —
请写成 2024-03-01 10:00``, in Chinese for editors (``--lang en`` for developers),
each saying how to fix it; then what is scheduled. Exit status 1 when there is
an error, 0 when there are only warnings (or nothing). ``make html`` and
``make devserver`` run the same check first and print the same lines.

    .venv/bin/python scripts/check_content.py                 # the whole site
    .venv/bin/python scripts/check_content.py content/news/2024/x.md   # report these files only
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from pelican.settings import read_settings  # noqa: E402

from content_check import Report, run_check  # noqa: E402
from site_content.messages import LANGUAGES  # noqa: E402


def display_prefix(content: str) -> str:
    """The content folder as the editor typed it: ``content/``."""
    rel = os.path.relpath(content)
    return "" if rel == "." else rel.replace(os.sep, "/") + "/"


def print_report(report: Report, prefix: str, lang: str, only: set[str] | None = None,
                 out=sys.stdout) -> None:
    """The report's lines, errors and warnings first, then notes; a summary line."""
    shown = [p for p in report.problems if only is None or p.path in only]
    for problem in shown:
        print(problem.text(lang, prefix), file=out)
    for note in report.notes:
        if only is None or note.path in only:
            print(note.text(lang, prefix), file=out)
    errors = sum(1 for p in shown if p.severity == "error")
    warnings = len(shown) - errors
    if lang == "en":
        print(f"check: {report.files} file(s), {errors} error(s), {warnings} warning(s)", file=out)
    else:
        print(f"检查了 {report.files} 个文件：{errors} 个错误，{warnings} 个警告。", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="report only these files (as pre-commit passes them)")
    parser.add_argument("-s", "--settings", default=str(ROOT / "pelicanconf.py"), help="Pelican settings file")
    parser.add_argument("--content", help="content folder (default: PATH of the settings)")
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help="zh (editors, default) or en")
    parser.add_argument("--cache", help="CACHE_PATH (default: from the settings)")
    args = parser.parse_args(argv)
    lang = args.lang or os.environ.get("SITE_MESSAGES_LANG", "zh")
    os.environ["SITE_MESSAGES_LANG"] = lang
    override = {"PATH": os.path.abspath(args.content)} if args.content else {}
    if args.cache:
        override["CACHE_PATH"] = os.path.abspath(args.cache)
    settings = read_settings(args.settings, override=override or None)
    content = settings["PATH"]
    only = None
    if args.files:
        only = {os.path.relpath(os.path.abspath(f), content).replace(os.sep, "/") for f in args.files}
    report = run_check(settings)
    print_report(report, display_prefix(content), lang, only)
    return 1 if any(p.severity == "error" and (only is None or p.path in only) for p in report.problems) else 0


if __name__ == "__main__":
    sys.exit(main())
