"""Typed plugin settings: a frozen dataclass of defaults in the plugin's
``settings.py``, overridden by the user's settings. Two shapes:

- one settings dict (``SITE_STATS = {"top": 5}``): ``load_options``; an
  unknown key or a wrong type stops the build with a message naming the
  plugin, the setting and the key;
- top-level settings (``COLUMN_PAGE_SIZE = 20``): ``load_flat``; each field
  names its setting (``setting("COLUMN_PAGE_SIZE", 20)``) and a value of the
  wrong type stops the build naming the plugin and the setting.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, TypeVar

T = TypeVar("T")


class OptionsError(ValueError):
    """A plugin setting is malformed; the message says which key and how to fix it."""


def load_options(cls: type[T], settings: dict[str, Any], name: str, plugin: str) -> T:
    """``cls()`` overridden by ``settings[name]``; unknown keys and wrong types are refused."""
    given = settings.get(name) or {}
    if not isinstance(given, dict):
        raise OptionsError(f"{plugin}: {name} must be a dict, got {type(given).__name__}")
    defaults = cls()
    known = {field.name: field for field in dataclasses.fields(cls)}
    for key, value in given.items():
        if key not in known:
            raise OptionsError(f"{plugin}: unknown key {name}[{key!r}]; known keys: {', '.join(sorted(known))}")
        expected = type(getattr(defaults, key))
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise OptionsError(f"{plugin}: {name}[{key!r}] must be {expected.__name__}, got {value!r}")
    return dataclasses.replace(defaults, **given)


#: Field metadata key: the top-level Pelican setting a field is read from.
SETTING = "setting"


def setting(name: str, default: Any = None, *, default_factory: Callable[[], Any] | None = None,
            kind: type | tuple[type, ...] | None = None) -> Any:
    """A dataclass field read from the top-level setting ``name``; ``kind``:
    the accepted type(s) when the default (e.g. ``None``) does not say."""
    metadata = {SETTING: name, "kind": kind}
    if default_factory is not None:
        return dataclasses.field(default_factory=default_factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def load_flat(cls: type[T], settings: dict[str, Any], plugin: str) -> T:
    """``cls()`` with each field taken from its top-level setting when that is
    given. ints and bools are converted as the plugins always did
    (``int("20")``, ``bool(0)``); other values must have the default's type."""
    defaults = cls()
    given: dict[str, Any] = {}
    for field in dataclasses.fields(cls):  # type: ignore[arg-type]
        name = field.metadata.get(SETTING)
        if not name or name not in settings:
            continue
        value = settings[name]
        kind = field.metadata.get("kind") or type(getattr(defaults, field.name))
        try:
            if kind is bool:
                value = bool(value)
            elif kind is int:
                if isinstance(value, bool):
                    raise TypeError
                value = int(value)
            elif not isinstance(value, kind):
                raise TypeError
        except (TypeError, ValueError):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise OptionsError(f"{plugin}: setting {name} must be {names}, got {value!r}") from None
        given[field.name] = value
    return dataclasses.replace(defaults, **given)


def members_area_build(settings: dict[str, Any]) -> bool:
    """Whether this is the members-area build (``MEMBERS_ONLY_MODE = "members"``,
    membersconf.py); members_only validates the value, default ``"public"``."""
    return str(settings.get("MEMBERS_ONLY_MODE", "public")).lower() == "members"
