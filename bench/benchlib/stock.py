"""Settings for the "stock Pelican" side of the benchmark.

Pelican 4.12 defaults (theme ``notmyidea``, core feeds, no pagination), changed
only where the site's content layout requires it for a normal build of the same
articles. Everything changed is listed in ``STOCK_NOTES`` and printed.
"""

from __future__ import annotations

import pprint
from pathlib import Path
from typing import Any

from .vocab import COLUMN_WEIGHTS

STOCK_NOTES = (
    "stock = Pelican defaults (theme notmyidea, core feeds, no pagination) + "
    "TIMEZONE='Asia/Shanghai', DEFAULT_LANG='zh', IGNORE_FILES += '_index.md', "
    "PAGE_PATHS=['pages'], ARTICLE_EXCLUDES=every non-column folder (pages, data, files, images, extra…), "
    "STATIC_PATHS=['images','files','campus','tenders'] (imported items keep their images beside them), "
    "category = top folder (PATH_METADATA), "
    "slug = file name (SLUGIFY_SOURCE='basename', titles are Chinese and not unique)"
)
CACHE_NOTES = (
    "stock cold: no cache; stock rebuilds: CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True, "
    "CHECK_MODIFIED_METHOD='mtime'; the cache is filled by a 'prime' build right after "
    "the cold one (shown under the table, not a target row)"
)


def non_article_dirs(content: Path) -> list[str]:
    """Top-level folders that are not columns (no ``_index.md``, not generated)."""
    found = {"pages", "data", "files", "images", "extra"}
    if content.is_dir():
        found |= {
            p.name for p in content.iterdir()
            if p.is_dir() and not p.name.startswith(".")
            and p.name not in COLUMN_WEIGHTS and not (p / "_index.md").exists()
        }
    return sorted(found)


def stock_settings(content: Path, output: Path, cache: Path, cached: bool) -> dict[str, Any]:
    """Settings overrides for stock Pelican on the synthetic corpus."""
    return {
        "PATH": str(content),
        "OUTPUT_PATH": str(output),
        "CACHE_PATH": str(cache),
        "TIMEZONE": "Asia/Shanghai",
        "DEFAULT_LANG": "zh",
        "IGNORE_FILES": ["**/.*", ".*", "_index.md"],
        "PAGE_PATHS": ["pages"],
        "ARTICLE_EXCLUDES": non_article_dirs(content),
        "STATIC_PATHS": ["images", "files", "campus", "tenders"],
        # Category = column (the top folder), as on the real site; stock would
        # otherwise take the year folder.
        "PATH_METADATA": r"(?P<category>[^/]+)/.*",
        "SLUGIFY_SOURCE": "basename",
        "CACHE_CONTENT": cached,
        "LOAD_CONTENT_CACHE": cached,
        "CHECK_MODIFIED_METHOD": "mtime",
    }


def write_settings_file(path: Path, settings: dict[str, Any]) -> Path:
    """Write settings as a Pelican settings module (reproducible by hand)."""
    lines = ["# Stock Pelican 4.12 settings written by bench/bench.py", ""]
    lines += [f"{k} = {pprint.pformat(v)}" for k, v in settings.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def strip_unknown_templates(pages: Path, theme_templates: set[str]) -> list[str]:
    """Drop ``Template:`` lines naming templates the stock theme lacks.

    Only in stock's private copy of the corpus; the site's own pages may use
    templates of the site theme, which would stop stock Pelican with an error.
    """
    changed: list[str] = []
    if not pages.is_dir():
        return changed
    for path in sorted(pages.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        head, sep, body = text.partition("\n\n")
        keep = []
        for line in head.split("\n"):
            key, _, value = line.partition(":")
            if key.strip().lower() == "template" and value.strip() not in theme_templates:
                changed.append(str(path.relative_to(pages)))
                continue
            keep.append(line)
        if len(keep) != len(head.split("\n")):
            path.write_text("\n".join(keep) + sep + body, encoding="utf-8")
    return changed
