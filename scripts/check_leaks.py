#!/usr/bin/env python3
"""Leak check: prove the public tree holds nothing of the member-only items.

Independent of the build's code. It reads the content folder as strictly as it
can (leakcheck/classify.py): any spelling of the ``Access`` key (``Access：``,
``Access :``, after a blank line, ``:access:`` in reStructuredText, an HTML
``<meta name="access">``), member-only columns, every source format, symbolic
links classified by where they lie and by their target. From each member-only
item it takes (leakcheck/fingerprints.py) its URLs, every file it links in any
form (and every file under ``files/members/``, ``images/members/``), its
sentences, clauses, CJK runs of 4+ characters, table cells, tags, attachment
file names and, when the settings hide titles, its title — keeping only strings
no public text holds. Then it searches every file of the public tree (pages,
feeds, sitemap, gzip'd Pagefind fragments, copies under any name, by hash).

Whether titles count as leaks follows the build's settings by itself
(``MEMBERS_ONLY_TEASERS`` in ``--settings``); ``--forbid-titles`` forces it.
Exit status 0 with "0 finding(s)", 1 when anything is found, 2 on bad usage.

    .venv/bin/python scripts/check_leaks.py --content content --output output --settings publishconf.py
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from leakcheck.scan import DEFAULT_STATIC_DIRS, Finding, MemberItem, Secrets, collect, scan  # noqa: E402

__all__ = ["Finding", "MemberItem", "Secrets", "collect", "main", "scan"]


def build_settings(path: Path) -> dict[str, Any]:
    """The build's settings file, read as Pelican reads it (from the project root)."""
    from pelican.settings import read_settings

    here = os.getcwd()
    os.chdir(path.parent)
    try:
        return read_settings(str(path))
    finally:
        os.chdir(here)


def titles_are_public(settings: dict[str, Any]) -> bool:
    """Teasers show member-only titles publicly only when set to True or "title"."""
    value = settings.get("MEMBERS_ONLY_TEASERS", False)
    return value is True or value == "title"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="content folder")
    parser.add_argument("--output", type=Path, default=ROOT / "output", help="public output tree")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py",
                        help="the build's settings file (teasers, member-only folders, theme)")
    parser.add_argument("--static-dir", action="append", dest="static_dirs",
                        help="member-only content folder (repeatable; default: from the settings)")
    parser.add_argument("--marker", action="append", default=[], help="extra phrase that must not appear")
    parser.add_argument("--forbid-titles", action="store_true",
                        help="titles count as leaks even when the settings show teasers")
    parser.add_argument("--min-chars", type=int, default=12,
                        help="shortest sentence compared, whitespace excluded (default 12)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings only")
    args = parser.parse_args(argv)
    if not args.content.is_dir() or not args.output.is_dir():
        print(f"check_leaks: {args.content} or {args.output} is not a folder", file=sys.stderr)
        return 2
    if not args.settings.is_file():
        print(f"check_leaks: settings file {args.settings} not found", file=sys.stderr)
        return 2
    settings = build_settings(args.settings.resolve())
    static_dirs = tuple(d.strip("/") for d in (args.static_dirs or settings.get("MEMBERS_ONLY_STATIC_DIRS")
                                              or DEFAULT_STATIC_DIRS))
    forbid_titles = args.forbid_titles or not titles_are_public(settings)
    theme = Path(settings.get("THEME") or ROOT / "theme")
    chrome = [theme if theme.is_absolute() else ROOT / theme, ROOT / "plugins", args.settings.resolve(),
              ROOT / "pelicanconf.py"]
    prefixes = [settings.get("SITEURL") or "", settings.get("SITE_ORIGIN") or ""]
    secrets = collect(args.content, static_dirs, args.min_chars, chrome=chrome, prefixes=prefixes,
                      titles_public=not forbid_titles)
    findings = scan(args.output, secrets, args.marker, forbid_titles)
    for finding in findings:
        print(f"LEAK {finding}")
    if not args.quiet:
        phrases = sum(len(i.phrases) for i in secrets.items)
        titles = "titles forbidden" if forbid_titles else "titles allowed (teasers on)"
        print(f"check_leaks: {len(secrets.items)} member-only item(s), {len(secrets.files)} file(s), "
              f"{phrases} string(s) checked in {args.output}, {titles}: {len(findings)} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
