"""Pelican plugin: the editors' status page of the update run, in the members area only.

Reads ``reports/status.json`` (written by ``make update``: recent runs that
imported or failed, member sources failing in a row with the reason and the
fix) and the content folder (imported items waiting for review), and writes
``status/index.html`` (``/members-area/status/``) with the site's theme.
It writes nothing unless the build is the members build
(``MEMBERS_ONLY_MODE == "members"``): the public site never shows it.
See README.md.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader
from pelican import signals
from pelican.generators import Generator
from sitekit.files import write_if_changed
from sitekit.plugins import listed
from sitekit.settings import OptionsError, load_options, members_area_build

from .history import read_snapshot

TEMPLATES = Path(__file__).resolve().parent / "templates"


#: UPDATE_STATUS has an unknown key or a bad value.
StatusSettingsError = OptionsError


@dataclass(frozen=True)
class StatusSettings:
    """``UPDATE_STATUS`` setting; every key optional."""

    reports_dir: str = ""  # default: <project>/reports, the project being PATH's parent
    save_as: str = "status/index.html"
    url: str = "status/"


def load_settings(settings: dict[str, Any]) -> StatusSettings:
    return load_options(StatusSettings, settings, "UPDATE_STATUS", "update_status")


def reports_dir(settings: dict[str, Any], config: StatusSettings) -> Path:
    if config.reports_dir:
        return Path(config.reports_dir)
    return Path(settings["PATH"]).resolve().parent / "reports"


class StatusGenerator(Generator):
    """Renders the status page after the other generators filled the context."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.env.loader = ChoiceLoader([self.env.loader, FileSystemLoader(str(TEMPLATES))])

    def generate_context(self) -> None:
        return None

    def generate_output(self, writer: Any) -> None:
        if not members_area_build(self.settings):
            return
        config = load_settings(self.settings)
        snapshot = read_snapshot(reports_dir(self.settings, config))
        values = {
            "status_runs": snapshot.get("runs", []),
            "status_failing": snapshot.get("failing", []),
            "status_pending": _pending(Path(self.settings["PATH"])),
            "page_name": "status",
        }
        data = self.get_template("update_status").render({**self.context, **values}).encode("utf-8")
        write_if_changed(os.path.join(self.output_path, config.save_as), data)


def _pending(content: Path) -> list[Any]:
    """Imported items waiting for review (the importer's own definition)."""
    plugins = str(Path(__file__).resolve().parent.parent)
    if plugins not in sys.path:  # Pelican loads plugins by path, not through sys.path
        sys.path.append(plugins)
    from member_import.review import pending_items

    return pending_items(content)


def get_generators(pelican: Any) -> type[Generator] | None:
    return StatusGenerator if listed(pelican.settings, __name__) else None


def register() -> None:
    signals.get_generators.connect(get_generators)
