#!/usr/bin/env python3
"""`make shrink IMG=…`: make an image fit for the web, in place.

At most 2000 px wide (height in proportion), JPEG recompressed at quality 85
(progressive), PNG optimised; the file keeps its name, so links to it stay
valid. Prints the size before and after. `make check` warns about images over
1 MB or wider than 2000 px and names this command.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageOps

MAX_WIDTH = 2000


def shrink(path: Path) -> tuple[int, int]:
    """Shrink ``path`` in place; return its size before and after, in bytes."""
    before = path.stat().st_size
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image)
        if image.width > MAX_WIDTH:
            image = image.resize((MAX_WIDTH, round(image.height * MAX_WIDTH / image.width)), Image.LANCZOS)
        kind = (Image.registered_extensions().get(path.suffix.lower()) or "JPEG")
        fd, tmp = tempfile.mkstemp(prefix=".shrink-", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        if kind == "JPEG":
            image.convert("RGB").save(tmp, "JPEG", quality=85, optimize=True, progressive=True)
        else:
            image.save(tmp, kind, optimize=True)
    if os.path.getsize(tmp) < before:
        os.replace(tmp, path)
    else:
        os.remove(tmp)
    return before, path.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("images", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.images:
        if not path.is_file():
            print(f"make shrink：找不到图片 {path}", file=sys.stderr)
            return 2
        before, after = shrink(path)
        print(f"{path}: {before / 1024:.0f} KB → {after / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
