"""Small pieces the site's plugins and scripts share, written once.

Plugins cannot rely on importing each other (each is loaded by Pelican by
name), so what several of them need lives here, installed into ``.venv`` as
an editable package (``pyproject.toml``, ``make venv``):

- ``files``: write a file only when its bytes changed.
- ``plugins``: whether a build lists a plugin (signals outlive builds).
- ``links``: whether a content body may hold ``{filename}``-style links.
- ``dates``: dates as the reader parses them, the site's clock and zone.
- ``urls``: URLs and output paths of content from the settings' patterns.
- ``pelican_seam``: every use of a private or undocumented Pelican behaviour.
- ``treestats``: digests of a folder's file stamps ("nothing changed"), walked early by a child.

Code here shapes the output: the caches that key on the plugins' code
(incremental writer, snapshots, content check, ``scripts/build.py``) also
hash ``CODE_DIR``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: This package's folder (hashed with the plugins' code by the output caches).
CODE_DIR = Path(__file__).resolve().parent


def code_files() -> list[Path]:
    """The package's Python files (tests left out), sorted."""
    return sorted(p for p in CODE_DIR.glob("*.py") if not p.name.startswith("test_"))


def installed_distributions() -> list[str]:
    """The installed distributions' metadata folders on ``sys.path``
    (``Markdown-3.7.dist-info``…: name and version), sorted: an install, an
    upgrade or a removal changes the list."""
    return sorted(
        name for folder in sys.path if os.path.isdir(folder or ".")
        for name in os.listdir(folder or ".") if name.endswith((".dist-info", ".egg-info"))
    )
