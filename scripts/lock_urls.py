#!/usr/bin/env python3
"""Add the public URLs of the last build to ``content/data/published.lock``.

`make publish` runs it after a production build passed its leak check: every
article and page URL the build wrote is locked with its feed GUID and source
file. Lines are only ever added; a URL that disappears later stops the build
until it is restored or redirected (``content/data/redirects.yml``).

    .venv/bin/python scripts/lock_urls.py -s publishconf.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from pelican.settings import read_settings  # noqa: E402

from url_lock import PUBLIC_URLS, LockSettings  # noqa: E402
from url_lock.lock import Locked, read_lock, write_lock  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-s", "--settings", default="publishconf.py", help="settings of the build to lock")
    parser.add_argument("-o", "--output", help="output folder of that build (default: from the settings)")
    parser.add_argument("--cache", help="CACHE_PATH of that build (default: from the settings)")
    parser.add_argument("--content", help="content folder (default: from the settings)")
    args = parser.parse_args(argv)
    override = {key: value for key, value in
                {"OUTPUT_PATH": args.output, "CACHE_PATH": args.cache, "PATH": args.content}.items() if value}
    settings = read_settings(args.settings, override=override or None)
    output = os.path.abspath(settings["OUTPUT_PATH"])
    tag = hashlib.blake2b(output.encode(), digest_size=4).hexdigest()
    record = Path(settings["CACHE_PATH"]) / PUBLIC_URLS.format(output=tag)
    try:
        built = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        print(f"lock_urls: no record of a build into {output}; run the build first", file=sys.stderr)
        return 2
    lock_path = Path(settings["PATH"]) / LockSettings.of(settings).lock
    lock = read_lock(lock_path)
    added = 0
    for row in built["urls"]:
        if row["url"] not in lock:
            lock[row["url"]] = Locked(row["url"], row["guid"], row["source"])
            added += 1
    if added:
        write_lock(lock_path, lock)
    print(f"lock_urls: {added} new URL(s) locked, {len(lock)} in {os.path.relpath(lock_path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
