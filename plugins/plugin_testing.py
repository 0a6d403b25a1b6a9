"""Helpers for the plugins' own tests: a real Pelican build of a few files.

Not a plugin. The plugins' tests import it by name (the root conftest.py puts
plugins/ on sys.path, as PLUGIN_PATHS does for builds).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Write ``files`` (relative path → text, dedented, or bytes) under ``root``."""
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data), encoding="utf-8")


def build_site(root: Path, files: dict[str, str | bytes], output: str = "output", **overrides: Any) -> Path:
    """Write ``files`` into ``root/content`` and build them with the project's
    pelicanconf.py (search index off unless asked for); return the output folder."""
    content = root / "content"
    write_files(content, files)
    (content / "pages").mkdir(parents=True, exist_ok=True)
    out = root / output
    settings = {"PATH": str(content), "OUTPUT_PATH": str(out), "CACHE_PATH": str(root / f"{output}-cache"),
                "SEARCH_INDEX": False, **overrides}
    Pelican(read_settings(str(ROOT / "pelicanconf.py"), override=settings)).run()
    return out
