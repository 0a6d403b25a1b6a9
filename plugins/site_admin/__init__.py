"""Pelican plugin: the web editor at ``/admin/`` (Decap CMS), when asked for.

With ``SITE_ADMIN_ENABLED = True`` (``make admin``, ``make admin-serve``, or a
setting of the production build) a public build writes ``<output>/admin/``: the
page, Decap CMS and its chunks from ``admin/node_modules`` (no CDN), the
editor's own scripts (``editor/``: the Pelican header format, the form's
widgets and rules, the preview with Chinese line joining) and two generated
files: ``config.yml`` (one collection per column, fields from the column
templates) and ``site-data.json`` (key spelling, taken file names). Off, a
folder an earlier build wrote is removed. See README.md.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import Generator
from sitekit.settings import members_area_build

from site_content.archetypes import load_archetypes
from site_content.columns import load_columns

from .config import decap_config
from .output import relative_root, remove_editor, write_editor
from .settings import ROOT, check_backend_for_site, enabled, load
from .sitedata import public_urls, site_data, taken_names

log = logging.getLogger(__name__)


def content_folder(path: str) -> str:
    """The content folder as the editor's backend names it: relative to the repository
    (``content``), or its own name when it lies outside (a copy whose parent is the repository)."""
    folder = Path(path).resolve()
    try:
        return folder.relative_to(ROOT).as_posix()
    except ValueError:
        return folder.name


class AdminGenerator(Generator):
    """Writes the editor after the site's pages (it lists the published articles)."""

    def generate_context(self) -> None:
        return None

    def generate_output(self, writer: Any) -> None:  # noqa: ARG002 - files are written directly
        options = load(self.settings)
        folder = Path(self.output_path) / options.path.strip("/")
        if not enabled(self.settings):
            if remove_editor(folder):
                log.info("site_admin: removed %s (SITE_ADMIN_ENABLED is off)", folder)
            return
        check_backend_for_site(options, self.settings)
        columns, _ = load_columns(self.settings["PATH"])
        archetypes = load_archetypes(self.settings.get("ARCHETYPES_PATH"))
        site_url = options.site_url or self.settings.get("SITEURL") or self.settings.get("SITE_ORIGIN") or "/"
        root = relative_root(options.path)
        css = f"{root}{self.settings.get('THEME_STATIC_DIR', 'theme')}/css/site.css"
        taken = taken_names(public_urls(self.settings, self.context.get("articles", [])), columns)
        config = decap_config(columns, archetypes, options, site_url, content_folder(self.settings["PATH"]))
        written = write_editor(folder, options, config,
                               site_data(columns, archetypes, taken, root, css))
        log.info("site_admin: web editor in %s (%d files, backend %s)", folder, len(written), options.backend["name"])


def get_generators(pelican: Any) -> type[Generator] | None:
    if members_area_build(pelican.settings):
        return None
    return AdminGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
