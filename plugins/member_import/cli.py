"""Command line: ``scripts/fetch_members.py [--members FILE] [--out DIR] ...``.

Exit status: 0 when every source was read, 1 when any failed (what was fetched
from the others is still written), 2 for usage or registry errors.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

from members.registry import RegistryError, load_registry

from .fetch import DEFAULT_USER_AGENT, FetchConfig
from .pipeline import Importer, Options
from .report import format_table


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fetch_members.py",
        description="Import campus news and tender notices from member sites as articles.",
    )
    parser.add_argument("--members", type=Path, default=Path("content/data/members.yml"),
                        help="registry file (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=Path("content"),
                        help="content directory to write into (default: %(default)s)")
    parser.add_argument("--only", nargs="+", action="extend", metavar="ID", default=[],
                        help="import only these member ids")
    parser.add_argument("--report", type=Path, help="also write the report as JSON to FILE")
    parser.add_argument("--dry-run", action="store_true",
                        help="fetch and report, but write no article, image or state")
    parser.add_argument("--state", type=Path, default=Path("cache/fetch_state.json"),
                        help="ETag/Last-Modified and item counts (default: %(default)s)")
    parser.add_argument("--delay", type=float, default=1.0, metavar="SECONDS",
                        help="minimum seconds between requests to one host (default: 1)")
    parser.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS",
                        help="read timeout per request (default: 20)")
    parser.add_argument("--connect-timeout", type=float, default=10.0, metavar="SECONDS",
                        help="connect timeout (default: 10)")
    parser.add_argument("--retries", type=int, default=2,
                        help="retries on 408/429/5xx and network errors (default: 2)")
    parser.add_argument("--backoff", type=float, default=1.0, metavar="SECONDS",
                        help="first retry wait, doubled each time (default: 1)")
    parser.add_argument("--workers", type=int, default=8,
                        help="hosts fetched in parallel (default: 8)")
    parser.add_argument("--no-images", action="store_true", help="do not download images (they are dropped, their alt text kept)")
    parser.add_argument("--user-agent", default=DEFAULT_USER_AGENT, help=argparse.SUPPRESS)
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


class ProgressBar:
    """``[#####-----] 12/160 scu/campus`` on stderr; one line per source when not a TTY."""

    def __init__(self, stream: TextIO, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled
        self.tty = stream.isatty()
        self.started = time.monotonic()

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.enabled:
            return
        width = 30
        filled = int(width * done / total) if total else width
        line = (f"[{'#' * filled}{'-' * (width - filled)}] {done}/{total} "
                f"{time.monotonic() - self.started:5.1f}s {label}")
        if self.tty:
            self.stream.write("\r" + line[:100].ljust(100))
            if done == total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def main(argv: list[str] | None = None, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run the importer; return the exit status."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    try:
        members = load_registry(args.members)
    except RegistryError as exc:
        print(f"error: {exc}", file=stderr)
        return 2
    if args.only:
        known = {m.id for m in members}
        unknown = [ident for ident in args.only if ident not in known]
        if unknown:
            print(f"error: --only: no member with id {', '.join(unknown)} in {args.members}",
                  file=stderr)
            return 2
        members = [m for m in members if m.id in set(args.only)]
    if args.delay < 0 or args.timeout <= 0 or args.retries < 0 or args.workers < 1:
        print("error: --delay >= 0, --timeout > 0, --retries >= 0, --workers >= 1", file=stderr)
        return 2
    fetch = FetchConfig(user_agent=args.user_agent, delay=args.delay, read_timeout=args.timeout,
                        connect_timeout=args.connect_timeout, retries=args.retries,
                        backoff=args.backoff)
    options = Options(out_dir=args.out, state_path=args.state, dry_run=args.dry_run,
                      fetch=fetch, workers=args.workers, images=not args.no_images)
    importer = Importer(options)
    try:
        report = importer.run(members, ProgressBar(stderr, enabled=not args.quiet))
    finally:
        importer.fetcher.close()
    print(format_table(report), file=stdout)
    if args.report:
        report.write_json(args.report)
    return report.exit_status
