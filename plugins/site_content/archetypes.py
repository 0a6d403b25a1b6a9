"""Archetypes: what a new article of each column starts with (Hugo's idea).

``archetypes/default.yml`` gives the fields every column asks for (after Title,
Date and Status, which every article has) and a body; ``archetypes/<column>.yml``
adds the column's own fields (``tenders``: 项目编号, 预算, 截止时间) and may
replace the body. ``make new`` writes a file from them, the web editor builds
its forms from them, and their keys are known metadata keys of the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
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
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError as error:
        raise ArchetypeError(f"{path}: not valid YAML ({error})") from None
    fields = tuple(_field(item, f"{path} field {n}") for n, item in enumerate(data.get("fields") or (), 1))
    return Archetype(fields, str(data.get("body") or ""))


def load_archetypes(folder: str | Path | None) -> Archetypes:
    """Every ``*.yml`` of ``folder`` (none: no archetypes)."""
    if not folder or not Path(folder).is_dir():
        return Archetypes()
    files = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in Path(folder).glob("*.yml")))
    return _load_archetypes(str(folder), files)


@lru_cache(maxsize=8)
def _load_archetypes(folder: str, files: tuple[tuple[str, int, int], ...]) -> Archetypes:
    """Read once per folder state (a build makes a reader per generator and format)."""
    found = Archetypes()
    for name, _, _ in files:
        path = Path(folder) / name
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


#: ``Status`` values an editor chooses; ``published`` is written as no Status line.
STATUSES = ("draft", "scheduled", "published")


def _one_line(value: object) -> str:
    """A header value on one line: runs of whitespace (newlines too) become one space."""
    return " ".join(str(value).split())


def attachments_value(attachments: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> str:
    """``files/2024/a.pdf | 标题, files/2024/b.docx`` (the title part only when given)."""
    parts = []
    for path, title in attachments:
        path, title = _one_line(path), _one_line(title)
        if path:
            parts.append(f"{path} | {title}" if title else path)
    return ", ".join(parts)


def new_file_text(archetype: Archetype, title: str, date: str, values: dict[str, str] | None = None,
                  status: str = "draft", *, access: str = "public",
                  attachments: list[tuple[str, str]] | tuple[tuple[str, str], ...] = (),
                  body: str | None = None) -> str:
    """A new article as ``make new`` (and the web editor, ``plugins/site_admin``)
    write it: Title, Date, Status (none when published), ``Access: members``
    for a member-only item, then the archetype's fields in order (empty when
    not given), ``Attachments`` when there are any, a blank line, the body (the
    archetype's unless given). The web editor's serializer
    (``plugins/site_admin/editor/pelican-format.js``) writes the same bytes."""
    values = {normal_key(k): v for k, v in (values or {}).items()}
    lines = [f"Title: {title.strip()}", f"Date: {date}"]
    if status != "published":
        lines.append(f"Status: {status}")
    if access == "members":
        lines.append("Access: members")
    for item in archetype.fields:
        value = _one_line(values.get(normal_key(item.key), ""))
        lines.append(f"{item.key}: {value}" if value else f"{item.key}:")
    listed = attachments_value(attachments)
    if listed:
        lines.append(f"Attachments: {listed}")
    text = (archetype.body if body is None else body).strip("\n")
    return "\n".join(lines) + "\n\n" + (text + "\n" if text else "")
