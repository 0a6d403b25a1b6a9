"""Settings of the members_only plugin: defaults here, pelicanconf.py overrides.

Every reader checks its value and names the bad key (``MembersOnlyError``).
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

MODES = ("public", "members")
DEFAULT_AREA_PATH = "members-area"
DEFAULT_STATIC_DIRS = ("files/members", "images/members")
#: Content folders copied to the public tree whether or not an item links them.
DEFAULT_PUBLIC_STATIC = ("extra",)
DEFAULT_LABEL = "会员专属"
#: Teasers are off unless an editor turns them on: a member-only title is
#: member-only material too.
DEFAULT_TEASERS: bool | str = False


class MembersOnlyError(RuntimeError):
    """A setting or a piece of content would expose member-only material."""


def active(settings: dict[str, Any]) -> bool:
    """Whether this build lists the plugin (signals stay connected across in-process builds)."""
    names = [p if isinstance(p, str) else getattr(p, "__name__", "") for p in settings.get("PLUGINS") or ()]
    return any(name == "members_only" or name.endswith(".members_only") for name in names)


def mode(settings: dict[str, Any]) -> str:
    value = str(settings.get("MEMBERS_ONLY_MODE", "public")).lower()
    if value not in MODES:
        raise MembersOnlyError(
            f"members_only: MEMBERS_ONLY_MODE = {value!r}; use 'public' (pelicanconf.py) "
            f"or 'members' (membersconf.py)"
        )
    return value


def area_path(settings: dict[str, Any]) -> str:
    """URL path of the members area on the public host, without slashes."""
    return str(settings.get("MEMBERS_AREA_PATH", DEFAULT_AREA_PATH)).strip("/")


def _dirs(settings: dict[str, Any], key: str, default: Iterable[str]) -> tuple[str, ...]:
    value = settings.get(key, default)
    if isinstance(value, str) or not all(isinstance(d, str) for d in value):
        raise MembersOnlyError(f"members_only: {key} = {value!r}; give a list of content folders")
    return tuple(d.strip("/") for d in value if d.strip("/"))


def static_dirs(settings: dict[str, Any]) -> tuple[str, ...]:
    """Content folders whose files are member-only (never copied publicly)."""
    return _dirs(settings, "MEMBERS_ONLY_STATIC_DIRS", DEFAULT_STATIC_DIRS)


def public_static(settings: dict[str, Any]) -> tuple[str, ...]:
    """Content folders or files always copied publicly (favicon…), and the
    sources of ``EXTRA_PATH_METADATA``; never inside a member-only folder."""
    found = _dirs(settings, "MEMBERS_ONLY_PUBLIC_STATIC", DEFAULT_PUBLIC_STATIC)
    found += tuple(k.strip("/") for k in (settings.get("EXTRA_PATH_METADATA") or {}))
    private = static_dirs(settings)
    clash = [d for d in found if in_static_dirs(d, private) or any(in_static_dirs(p, (d,)) for p in private)]
    if clash:
        raise MembersOnlyError(
            f"members_only: MEMBERS_ONLY_PUBLIC_STATIC {clash!r} overlaps MEMBERS_ONLY_STATIC_DIRS "
            f"{list(private)!r}; a folder cannot be public and member-only"
        )
    return found


def teasers(settings: dict[str, Any]) -> str:
    """``"title"`` (title and date), ``"hidden"`` (date only) or ``"none"``."""
    value = settings.get("MEMBERS_ONLY_TEASERS", DEFAULT_TEASERS)
    if value is True or value == "title":
        return "title"
    if value is False or value in ("none", None):
        return "none"
    if value == "hidden":
        return "hidden"
    raise MembersOnlyError(
        f"members_only: MEMBERS_ONLY_TEASERS = {value!r}; use True/'title', 'hidden' or False/'none'"
    )


def in_static_dirs(path: str, dirs: Iterable[str]) -> bool:
    return dirs_matcher(dirs)(path)


def dirs_matcher(dirs: Iterable[str]) -> Callable[[str], bool]:
    """``in_static_dirs`` for fixed ``dirs``, set up once (asked for every static file)."""
    exact = frozenset(dirs)
    starts = tuple(d + "/" for d in exact)

    def inside(path: str) -> bool:
        path = path.replace("\\", "/").lstrip("/")
        return path in exact or path.startswith(starts)

    return inside
