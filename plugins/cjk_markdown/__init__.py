"""Pelican plugin: Chinese line joining for Markdown (see extension.py)."""

from __future__ import annotations

from pelican import signals

EXTENSION = "cjk_markdown.extension"


def add_extension(pelican: object) -> None:
    """Add the joining extension to the MARKDOWN settings if it is not there."""
    if not _listed(pelican.settings):
        return
    configs = pelican.settings.setdefault("MARKDOWN", {}).setdefault("extension_configs", {})
    configs.setdefault(EXTENSION, {})



def _listed(settings: dict) -> bool:
    """Whether this build lists the plugin (signals stay connected across in-process builds)."""
    return __name__.split(".")[0] in (settings.get("PLUGINS") or ())

def register() -> None:
    signals.initialized.connect(add_extension)
