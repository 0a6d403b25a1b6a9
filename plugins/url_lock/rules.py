"""What the lock forbids, on a neutral list of what a build publishes.

Used by the build (``url_lock`` plugin, from Pelican's articles) and by
``make check`` (from the source files), so both say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from site_content.header import key_line
from site_content.problems import Problem

from .lock import GONE, Locked


@dataclass(frozen=True)
class Published:
    """A public URL this build produces."""

    url: str  # "/news/2024/x.html"
    guid: str  # "-" for a page
    source: str
    explicit_guid: bool = False
    source_path: str = ""  # to find the line of its Guid when it changed


def carried_guids(lock: dict[str, Locked], redirects: dict[str, str],
                  current: dict[str, Published]) -> dict[str, str]:
    """New URL → the GUID its old, locked URL had: a renamed item keeps its feed GUID
    (feed readers would otherwise show it again as new)."""
    carried: dict[str, str] = {}
    for old, new in redirects.items():
        locked = lock.get(old)
        item = current.get(new)
        if locked is not None and locked.guid != "-" and item is not None and not item.explicit_guid:
            carried[new] = locked.guid
    return carried


def lock_problems(lock: dict[str, Locked], redirects: dict[str, str], redirect_lines: dict[str, int],
                  current: dict[str, Published], target_exists: Callable[[str], bool],
                  redirects_rel: str) -> list[Problem]:
    """Every locked URL is still produced with its GUID, or redirected; every
    redirect leaves a URL nothing produces and goes somewhere that exists."""
    problems: list[Problem] = []
    carried = carried_guids(lock, redirects, current)
    for url, locked in sorted(lock.items()):
        item = current.get(url)
        if item is None:
            if url not in redirects:
                problems.append(Problem.of(locked.source, None, "lock_dropped", url=url,
                                           redirects=redirects_rel))
            continue
        guid = carried.get(url, item.guid)
        if locked.guid != "-" and guid != locked.guid:
            problems.append(Problem.of(item.source, key_line(item.source_path, "guid"), "lock_guid_changed",
                                       url=url, old=locked.guid, new=guid))
    for old, new in sorted(redirects.items()):
        line = redirect_lines.get(old)
        if old in current:
            problems.append(Problem.of(redirects_rel, line, "redirect_shadows", url=old,
                                       source=current[old].source))
        elif new != GONE and not new.startswith(("http://", "https://")) and not target_exists(new):
            problems.append(Problem.of(redirects_rel, line, "redirect_target_missing", url=old, target=new))
    return problems
