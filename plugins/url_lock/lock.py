"""The lock of published URLs and the redirects that replace them.

``content/data/published.lock``: one line per public URL ever published, with
its feed GUID and the file it came from, tab-separated, sorted. ``make publish``
adds the URLs of each production build (``scripts/lock_urls.py``); nothing
removes a line. ``content/data/redirects.yml``: ``old URL: new URL`` or
``old URL: gone``, for a locked URL that no file produces any more.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from site_content.problems import Problem

GONE = "gone"
LOCK_HEADER = (
    "# Published URLs: URL<TAB>feed GUID<TAB>source file. Written by `make publish`; never edit or\n"
    "# delete a line. A URL that no file produces any more needs an entry in redirects.yml.\n"
)


@dataclass(frozen=True)
class Locked:
    url: str  # "/news/2024/x.html", "/about/"
    guid: str  # "-" for pages (no feed entry)
    source: str  # content-relative path of the file that produced it


def read_lock(path: Path) -> dict[str, Locked]:
    """URL → lock line (a missing file is an empty lock)."""
    found: dict[str, Locked] = {}
    if not path.is_file():
        return found
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        url, guid, source = (line.split("\t") + ["", ""])[:3]
        found[url] = Locked(url, guid or "-", source)
    return found


def write_lock(path: Path, entries: dict[str, Locked]) -> None:
    """Replace the lock atomically with ``entries``, sorted by URL."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{e.url}\t{e.guid}\t{e.source}\n" for _, e in sorted(entries.items()))
    fd, tmp = tempfile.mkstemp(prefix=".lock-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(LOCK_HEADER + body)
    os.replace(tmp, path)


def normal_url(text: str) -> str:
    """A URL as the lock writes it: root-relative with a leading slash; or ``gone``;
    or an outside http(s) address as written."""
    value = unicodedata.normalize("NFKC", str(text)).strip()
    if value.casefold() == GONE:
        return GONE
    if value.startswith(("http://", "https://")):
        return value
    return "/" + value.lstrip("/")


def read_redirects(path: Path, rel: str) -> tuple[dict[str, str], dict[str, int], list[Problem]]:
    """Old URL → new URL or ``gone``, the line of each, and the file's problems."""
    if not path.is_file():
        return {}, {}, []
    text = path.read_text(encoding="utf-8-sig")
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return {}, {}, [Problem.of(rel, mark.line + 1 if mark else None, "redirects_not_yaml")]
    if node is None:
        return {}, {}, []
    if not isinstance(node, yaml.MappingNode):
        return {}, {}, [Problem.of(rel, node.start_mark.line + 1, "redirects_not_yaml")]
    redirects: dict[str, str] = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for key, value in node.value:
        line = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode) or not isinstance(value, yaml.ScalarNode) or not value.value:
            problems.append(Problem.of(rel, line, "redirect_bad_entry"))
            continue
        old, new = normal_url(key.value), normal_url(value.value)
        if old == GONE or old.startswith("http"):
            problems.append(Problem.of(rel, line, "redirect_bad_entry"))
            continue
        redirects[old], lines[old] = new, line
    return redirects, lines, problems
