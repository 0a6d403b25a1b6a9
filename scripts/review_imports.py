#!/usr/bin/env python3
"""Review imported items of sources with ``review: true`` (``make review``).

    make review                               # list the items waiting, with their source links
    make review APPROVE="campus/scu/2024/scu-0123456789.md ..."   # publish them
    make review REJECT="..."                  # keep them unpublished for good

Approved or rejected files are committed (only them) unless ``--no-commit``;
the next ``make update`` (or ``make deploy``) puts approved items on the site.
See plugins/member_import/review.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "scripts"))

from member_import.review import ReviewError, approve, pending_items, reject  # noqa: E402
from updatelib import gitops  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="List, approve or reject imported items waiting for review.")
    parser.add_argument("--content", type=Path, default=Path("content"), help="content folder")
    parser.add_argument("--approve", nargs="+", default=[], metavar="PATH", help="publish these items")
    parser.add_argument("--reject", nargs="+", default=[], metavar="PATH", help="never publish these items")
    parser.add_argument("--no-commit", action="store_true", help="change the files but do not commit them")
    args = parser.parse_args(argv)
    root = Path.cwd()
    if args.approve or args.reject:
        try:
            done = approve(args.content, args.approve) if args.approve else []
            dropped = reject(args.content, args.reject) if args.reject else []
        except ReviewError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return 2
        for path in done:
            print(f"已通过：{path.relative_to(args.content.resolve())}")
        for path in dropped:
            print(f"不予发布：{path.relative_to(args.content.resolve())}")
        files = done + dropped
        if not args.no_commit and gitops.is_repo(root):
            message = (f"Review: approve {len(done)}, reject {len(dropped)} imported item(s)\n\n"
                       + "\n".join(f"{'approve' if p in done else 'reject'}: {p.relative_to(root.resolve())}"
                                   for p in files))
            try:
                sha = gitops.commit_paths(root, files, message, identity=None)
            except gitops.GitError as exc:
                print(f"文件已修改，但提交失败：{exc}\n请自行提交这些文件（git add、git commit）。", file=sys.stderr)
                return 1
            print(f"已提交 {sha[:10]}（仅这些文件）。")
        print("下次 `make update` 或 `make deploy` 时，通过的稿件会出现在网站上。")
        return 0
    items = pending_items(args.content)
    if not items:
        print("没有待审核的稿件。")
        return 0
    print(f"待审核稿件 {len(items)} 篇（通过：make review APPROVE=\"路径 …\"；不予发布：make review REJECT=\"路径 …\"）：\n")
    for item in items:
        print(f"{item.date[:16]}  {item.source}（{item.member}）  {item.title}\n"
              f"    文件：{item.path}\n    原文：{item.source_url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
