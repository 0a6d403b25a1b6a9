#!/usr/bin/env python3
"""Run the site by itself: import → commit → check → build → leak check → members → deploy.

    make update   [TARGET=name] [UPDATE_ARGS=...]   # = update_site.py update
    make deploy   TARGET=name                       # = update_site.py deploy (no import, no commit)
    make rollback TARGET=name                       # = update_site.py rollback (server targets)

Steps, record (reports/<date>.json), exit codes, targets: deploy/README.md.
Exit status: 0 every step passed; 10 preflight, 11 sync, 12 import, 13 commit,
14 push, 15 check, 16 build, 17 leaks, 18 members, 19 deploy (the run stopped
there: nothing was deployed, or for 19 the deploy did not finish); 2 usage;
75 another run holds the lock; 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "scripts"))

from updatelib.context import EXIT_BUSY, Options  # noqa: E402
from updatelib.deploy import rollback  # noqa: E402
from updatelib.pipeline import Busy, execute, project_lock  # noqa: E402
from updatelib.steps import fetch_args  # noqa: E402
from updatelib.targets import TargetError, load_target  # noqa: E402


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="update_site.py", description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", choices=("update", "deploy", "rollback"), default="update")
    parser.add_argument("--target", default=os.environ.get("DEPLOY_TARGET") or None,
                        help="deploy target in deploy/targets.yml (default: its 'default', or $DEPLOY_TARGET)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    parser.add_argument("--targets", type=Path, default=Path("deploy/targets.yml"))
    parser.add_argument("--members", type=Path, default=Path("content/data/members.yml"))
    parser.add_argument("--fetch-args", default=os.environ.get("FETCH_ARGS", ""),
                        help="extra flags for scripts/fetch_members.py, e.g. \"--delay 2\"")
    parser.add_argument("--no-commit", action="store_true", help="import without committing")
    parser.add_argument("--pull", action="store_true", help="git pull --ff-only before importing")
    parser.add_argument("--push", action="store_true", help="git push after committing")
    parser.add_argument("--allow-dirty", action="store_true",
                        help="build even with uncommitted changes (test runs only)")
    parser.add_argument("--bot-name", default=os.environ.get("UPDATE_GIT_NAME", "SCGXHQ update bot"))
    parser.add_argument("--bot-email", default=os.environ.get("UPDATE_GIT_EMAIL", "update-bot@scgxhq.org.cn"))
    parser.add_argument("--verbose", action="store_true", help="show the output of every command")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    root = args.root.resolve()
    if args.mode == "rollback":
        try:
            with project_lock(root):
                target = load_target(root / args.targets, args.target)
                for line in rollback(target):
                    print(line)
        except Busy as exc:
            print(f"rollback: {exc}", file=sys.stderr)
            return EXIT_BUSY
        except TargetError as exc:
            print(f"rollback: {exc}", file=sys.stderr)
            return 2
        except RuntimeError as exc:
            print(f"rollback failed: {exc}", file=sys.stderr)
            return 19
        return 0
    options = Options(root=root, mode=args.mode, target=args.target, targets_file=args.targets,
                      members_file=args.members, fetch_args=fetch_args(args.fetch_args),
                      commit=not args.no_commit, pull=args.pull, push=args.push,
                      allow_dirty=args.allow_dirty, bot_name=args.bot_name, bot_email=args.bot_email,
                      verbose=args.verbose)
    return execute(options)


if __name__ == "__main__":
    sys.exit(main())
