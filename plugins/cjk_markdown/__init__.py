"""Pelican plugin: Chinese line joining for Markdown (see extension.py)."""

from __future__ import annotations

from pelican import signals
from sitekit.plugins import listed

EXTENSION = "cjk_markdown.extension"


def add_extension(pelican: object) -> None:
    """Add the joining extension to the MARKDOWN settings if it is not there."""
    if not listed(pelican.settings, __name__):
        return
    configs = pelican.settings.setdefault("MARKDOWN", {}).setdefault("extension_configs", {})
    configs.setdefault(EXTENSION, {})


def register() -> None:
    signals.initialized.connect(add_extension)
