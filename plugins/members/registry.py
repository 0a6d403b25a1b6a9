"""The member registry: load and validate ``content/data/members.yml``.

One entry per member unit. The same file drives the 会员单位 page (site side)
and the member-news importer (``plugins/member_import``). A malformed file is
refused with a :class:`RegistryError` whose message names the file, the entry
(index and id), the key and how to fix it.

Entry keys::

    id        ascii, stable: ^[a-z0-9][a-z0-9-]*$          (required)
    name      display name, e.g. 四川大学                   (required)
    kind      university | enterprise                       (required)
    region    e.g. 成都片区                                  (required)
    homepage  http(s) URL                                    (required)
    sources   list of {column, list_url, preset, max_pages, selectors, review}
              column     campus | tenders                    (required)
              list_url   http(s) URL of the list page        (required)
              preset     vsb | sudy | auto (default auto)
              max_pages  list pages to walk, >= 1 (default 1)
              selectors  {item, link, title, date, content}: CSS selectors;
                         item and link required when given
              review     true | false (default false): new items land as
                         drafts (`Status: draft`, `Review: pending`) until an
                         editor approves them with `make review APPROVE=...`
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
KINDS = ("university", "enterprise")
COLUMNS = ("campus", "tenders")
PRESETS = ("vsb", "sudy", "auto")

MEMBER_KEYS = ("id", "name", "kind", "region", "homepage", "sources")
MEMBER_REQUIRED = ("id", "name", "kind", "region", "homepage")
SOURCE_KEYS = ("column", "list_url", "preset", "max_pages", "selectors", "review")
SELECTOR_KEYS = ("item", "link", "title", "date", "content")


class RegistryError(ValueError):
    """The registry file is malformed; the message says where and how to fix it."""


@dataclass(frozen=True)
class Selectors:
    """CSS selectors overriding a preset (list item, link, title, date; article content)."""

    item: str
    link: str
    title: str | None = None
    date: str | None = None
    content: str | None = None


@dataclass(frozen=True)
class Source:
    """One list page of a member site feeding one column."""

    column: str
    list_url: str
    preset: str = "auto"
    max_pages: int = 1
    selectors: Selectors | None = None
    review: bool = False


@dataclass(frozen=True)
class Member:
    """One member unit of the association."""

    id: str
    name: str
    kind: str
    region: str
    homepage: str
    sources: tuple[Source, ...] = ()


def _valid_url(value: Any) -> bool:
    if not isinstance(value, str) or value != value.strip() or not value:
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class _Checker:
    """Builds error messages that name the file, the entry and the key."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, key: str | None, problem: str, fix: str) -> RegistryError:
        loc = f"{self.path}: {where}"
        if key is not None:
            loc += f", key '{key}'"
        return RegistryError(f"{loc}: {problem}. Fix: {fix}")

    def unknown_keys(self, where: str, mapping: dict, allowed: tuple[str, ...]) -> None:
        for key in mapping:
            if key not in allowed:
                raise self.fail(
                    where, str(key), "unknown key",
                    f"remove it or correct its spelling; allowed keys: {', '.join(allowed)}",
                )

    def text(self, where: str, mapping: dict, key: str, *, required: bool = True) -> str | None:
        if key not in mapping or mapping[key] is None:
            if required:
                raise self.fail(where, key, "missing", f"add '{key}: <value>' to this entry")
            return None
        value = mapping[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, key, f"must be a non-empty text, got {value!r}",
                            f"write '{key}: <text>'")
        return value.strip()


def _entry_label(index: int, raw: Any) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    # 1-based: "entry 3" is the third "- id:" block of the file.
    return f"entry {index} (id {ident!r})" if ident is not None else f"entry {index} (no id)"


def _load_selectors(chk: _Checker, where: str, raw: Any) -> Selectors | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise chk.fail(where, "selectors", "must be a mapping",
                       "write selectors as 'item: ...', 'link: ...' lines indented under it")
    chk.unknown_keys(where + ", selectors", raw, SELECTOR_KEYS)
    values: dict[str, str | None] = {}
    for key in SELECTOR_KEYS:
        required = key in ("item", "link")
        value = chk.text(where + ", selectors", raw, key, required=required)
        if value is not None:
            try:
                import soupsieve

                soupsieve.compile(value)
            except Exception as exc:  # soupsieve raises SelectorSyntaxError and others
                raise chk.fail(where + ", selectors", key, f"invalid CSS selector {value!r} ({exc})",
                               "write a CSS selector BeautifulSoup understands, e.g. 'ul.news li'")
        values[key] = value
    return Selectors(**values)  # type: ignore[arg-type]


def _load_source(chk: _Checker, where: str, raw: Any) -> Source:
    if not isinstance(raw, dict):
        raise chk.fail(where, None, "a source must be a mapping",
                       "write '- column: campus' and 'list_url: https://...' under 'sources:'")
    chk.unknown_keys(where, raw, SOURCE_KEYS)
    column = chk.text(where, raw, "column")
    if column not in COLUMNS:
        raise chk.fail(where, "column", f"{column!r} is not a column",
                       f"use one of: {', '.join(COLUMNS)}")
    list_url = raw.get("list_url")
    if list_url is None:
        raise chk.fail(where, "list_url", "missing", "add 'list_url: https://...' (the list page)")
    if not _valid_url(list_url):
        raise chk.fail(where, "list_url", f"{list_url!r} is not an http(s) URL with a host",
                       "write the full address, e.g. https://hq.example.edu.cn/hqdt.htm")
    preset = raw.get("preset", "auto")
    if preset is None:
        preset = "auto"
    if preset not in PRESETS:
        raise chk.fail(where, "preset", f"unknown preset {preset!r}",
                       f"use one of: {', '.join(PRESETS)} (auto recognises the CMS)")
    max_pages = raw.get("max_pages", 1)
    if isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1:
        raise chk.fail(where, "max_pages", f"must be a whole number >= 1, got {max_pages!r}",
                       "write e.g. 'max_pages: 1' (list pages to walk)")
    selectors = _load_selectors(chk, where, raw.get("selectors"))
    review = raw.get("review", False)
    if not isinstance(review, bool):
        raise chk.fail(where, "review", f"must be true or false, got {review!r}",
                       "write 'review: true' (new items wait for an editor) or remove the line")
    return Source(column=column, list_url=list_url, preset=preset,  # type: ignore[arg-type]
                  max_pages=max_pages, selectors=selectors, review=review)


def _load_member(chk: _Checker, index: int, raw: Any, seen: dict[str, int]) -> Member:
    where = _entry_label(index, raw)
    if not isinstance(raw, dict):
        raise chk.fail(where, None, "an entry must be a mapping",
                       "start each entry with '- id: ...' followed by its keys")
    chk.unknown_keys(where, raw, MEMBER_KEYS)
    ident = raw.get("id")
    if ident is None:
        raise chk.fail(where, "id", "missing", "add 'id: <ascii-id>', e.g. 'id: scu'")
    if not isinstance(ident, str) or not ID_RE.match(ident):
        raise chk.fail(where, "id", f"{ident!r} is not a valid id",
                       "use lower-case ascii letters, digits and '-', starting with a letter "
                       "or digit, e.g. 'scu' or 'swjtu-hq'")
    if ident in seen:
        raise chk.fail(where, "id", f"duplicate id {ident!r} (already used by entry {seen[ident]})",
                       "give each member its own id")
    values = {key: chk.text(where, raw, key) for key in MEMBER_REQUIRED if key != "id"}
    if values["kind"] not in KINDS:
        raise chk.fail(where, "kind", f"{values['kind']!r} is not a kind",
                       f"use one of: {', '.join(KINDS)}")
    if not _valid_url(raw.get("homepage")):
        raise chk.fail(where, "homepage", f"{raw.get('homepage')!r} is not an http(s) URL with a host",
                       "write the full address, e.g. https://hq.example.edu.cn/")
    raw_sources = raw.get("sources") or []
    if not isinstance(raw_sources, list):
        raise chk.fail(where, "sources", "must be a list",
                       "write each source as '- column: ...' under 'sources:'")
    sources = tuple(
        _load_source(chk, f"{where}, sources[{i}]", src) for i, src in enumerate(raw_sources)
    )
    seen[ident] = index
    return Member(id=ident, name=values["name"], kind=values["kind"],  # type: ignore[arg-type]
                  region=values["region"], homepage=raw["homepage"], sources=sources)


def load_registry(path: Path) -> list[Member]:
    """Read and validate the registry; raise :class:`RegistryError` when malformed."""
    path = Path(path)
    chk = _Checker(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise RegistryError(f"{path}: cannot read the registry ({exc.strerror}). "
                            "Fix: check the path (default content/data/members.yml)") from exc
    except UnicodeDecodeError as exc:
        raise RegistryError(f"{path}: not UTF-8 text. Fix: save the file as UTF-8") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML ({exc}). "
                            "Fix: check indentation and quoting near the reported line") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise RegistryError(f"{path}: the registry must be a YAML list of members. "
                            "Fix: start each entry with '- id: ...'")
    seen: dict[str, int] = {}
    return [_load_member(chk, index, raw, seen) for index, raw in enumerate(data, start=1)]
