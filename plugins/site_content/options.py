"""Typed plugin settings: a frozen dataclass of defaults, overridden by one
settings dict (e.g. ``SITE_STATS = {"top": 5}``). A wrong key or type stops the
build with a message naming the plugin, the setting and the key."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

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
