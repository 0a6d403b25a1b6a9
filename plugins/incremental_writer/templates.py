"""Compiled templates kept between builds.

Pelican gives every generator its own Jinja environment, so each build
compiles the theme's templates once per generator (``base.html`` about ten
times): a third of a second of every rebuild, most of a small one. Jinja's
``FileSystemBytecodeCache`` keeps the compiled code in
``CACHE_PATH/jinja/``, keyed by template name and a checksum of its source,
so a changed template is compiled again.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from pelican.generators import Generator
from sitekit.plugins import listed

FOLDER = "jinja"


def use_bytecode_cache(generator: Generator) -> None:
    """Give the generator's Jinja environment the shared bytecode cache."""
    env = getattr(generator, "env", None)
    if env is None or env.bytecode_cache is not None or not listed(generator.settings, __name__):
        return
    folder = Path(generator.settings["CACHE_PATH"]) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(folder))
