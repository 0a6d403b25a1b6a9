"""Which plugins a build lists.

Pelican connects a plugin's signal handlers once per process and never
disconnects them, so a later in-process build (tests, the dev server, the
members build after the public one) still calls the handlers of a plugin its
settings do not list. Each plugin asks ``listed`` before doing anything.
"""

from __future__ import annotations

from typing import Any


def plugin_names(settings: dict[str, Any]) -> list[str]:
    """The names in ``PLUGINS`` (strings, or modules given by object)."""
    return [p if isinstance(p, str) else getattr(p, "__name__", "") for p in settings.get("PLUGINS") or ()]


def listed(settings: dict[str, Any], plugin: str) -> bool:
    """Whether ``PLUGINS`` lists ``plugin`` (a module name such as ``__name__``:
    only its top-level package counts, and ``pkg.site_search`` names it too)."""
    name = plugin.split(".")[0]
    return any(found == name or found.endswith("." + name) for found in plugin_names(settings))
