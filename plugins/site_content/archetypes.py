"""Archetypes: what a new article of each column starts with (Hugo's idea).

``archetypes/default.yml`` gives the fields every column asks for (after Title,
Date and Status, which every article has) and a body; ``archetypes/<column>.yml``
adds the column's own fields (``tenders``: 项目编号, 预算, 截止时间) and may
replace the body. ``make new`` writes a file from them, the web editor builds
its forms from them, and their keys are known metadata keys of the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .keys import normal_key

FIELD_TYPES = ("text", "list", "datetime", "number", "textarea")


class ArchetypeError(ValueError):
    """An archetype file that cannot be used (the message names file and field)."""


@dataclass(frozen=True)
class ArchetypeField:
    key: str  # as written in headers: "Project_no"
    label: str  # what editors see: "项目编号"
    type: str = "text"
    hint: str = ""


@dataclass(frozen=True)
class Archetype:
    fields: tuple[ArchetypeField, ...] = ()
    body: str = ""

    def keys(self) -> set[str]:
        return {normal_key(f.key) for f in self.fields}


@dataclass
class Archetypes:
    """The default archetype and each column's own."""

    default: Archetype = field(default_factory=Archetype)
    columns: dict[str, Archetype] = field(default_factory=dict)

    def for_column(self, column: str) -> Archetype:
        """Default fields, then the column's; the column's body if it has one."""
        own = self.columns.get(column)
        if own is None:
            return self.default
        keys = {normal_key(f.key) for f in own.fields}
        merged = tuple(f for f in self.default.fields if normal_key(f.key) not in keys) + own.fields
        return Archetype(merged, own.body or self.default.body)

    def keys(self) -> set[str]:
        found = self.default.keys()
        for archetype in self.columns.values():
            found |= archetype.keys()
        return found


def _field(data: Any, where: str) -> ArchetypeField:
    if not isinstance(data, dict) or not str(data.get("key", "")).strip() or not str(data.get("label", "")).strip():
        raise ArchetypeError(f"{where}: each field needs `key:` and `label:`")
    kind = str(data.get("type", "text"))
    if kind not in FIELD_TYPES:
        raise ArchetypeError(f"{where}: type {kind!r}; use one of {', '.join(FIELD_TYPES)}")
    key = str(data["key"]).strip()
    if not key.replace("_", "").isalnum() or not key.isascii():
        raise ArchetypeError(f"{where}: key {key!r}; use ASCII letters, digits and '_'")
    return ArchetypeField(key, str(data["label"]).strip(), kind, str(data.get("hint", "")).strip())


def load_archetype(path: Path) -> Archetype:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ArchetypeError(f"{path}: not valid YAML ({error})") from None
    fields = tuple(_field(item, f"{path} field {n}") for n, item in enumerate(data.get("fields") or (), 1))
    return Archetype(fields, str(data.get("body") or ""))


def load_archetypes(folder: str | Path | None) -> Archetypes:
    """Every ``*.yml`` of ``folder`` (none: no archetypes)."""
    found = Archetypes()
    if not folder or not Path(folder).is_dir():
        return found
    for path in sorted(Path(folder).glob("*.yml")):
        archetype = load_archetype(path)
        if path.stem == "default":
            found.default = archetype
        else:
            found.columns[path.stem] = archetype
    return found


def item_keys(settings: dict[str, Any]) -> frozenset[str]:
    """Metadata keys an article or page may use: the standard ones, the
    archetypes' fields and ``SITE_METADATA_KEYS``."""
    from .keys import ITEM_KEYS, with_extra

    extra = [*(settings.get("SITE_METADATA_KEYS") or ()), *load_archetypes(settings.get("ARCHETYPES_PATH")).keys()]
    return with_extra(ITEM_KEYS, extra)


def new_file_text(archetype: Archetype, title: str, date: str, values: dict[str, str] | None = None,
                  status: str = "draft") -> str:
    """A new article as ``make new`` (and the web editor) write it: Title, Date,
    Status, then the archetype's fields in order (empty when not given), a blank
    line, the body."""
    values = {normal_key(k): v for k, v in (values or {}).items()}
    lines = [f"Title: {title.strip()}", f"Date: {date}", f"Status: {status}"]
    for item in archetype.fields:
        value = " ".join(str(values.get(normal_key(item.key), "")).split())
        lines.append(f"{item.key}: {value}" if value else f"{item.key}:")
    body = archetype.body.strip("\n")
    return "\n".join(lines) + "\n\n" + (body + "\n" if body else "")
