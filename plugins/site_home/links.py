"""友情链接: ``content/data/links.yml``, a list of ``title`` and ``url``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml


class LinksError(ValueError):
    """The links file is malformed; the message names the file, the entry and the fix."""


@dataclass(frozen=True)
class Link:
    title: str
    url: str


def load_links(path: Path) -> list[Link]:
    """Read and check the links file; a missing file means no links."""
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise LinksError(f"{path}: not UTF-8 text. Fix: save the file as UTF-8") from exc
    except yaml.YAMLError as exc:
        raise LinksError(f"{path}: not valid YAML ({exc}). Fix: check indentation near the reported line") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise LinksError(f"{path}: must be a list. Fix: start each link with '- title: 名称' and 'url: https://...'")
    links = []
    for index, entry in enumerate(data, start=1):
        where = f"{path}: entry {index}"
        if not isinstance(entry, dict):
            raise LinksError(f"{where}: must have 'title:' and 'url:' lines")
        unknown = set(entry) - {"title", "url"}
        if unknown:
            raise LinksError(f"{where}: unknown key {sorted(unknown)[0]!r}. Fix: use only 'title' and 'url'")
        title, url = entry.get("title"), entry.get("url")
        if not isinstance(title, str) or not title.strip():
            raise LinksError(f"{where}, key 'title': missing or empty. Fix: write 'title: 单位名称'")
        parts = urlsplit(url.strip()) if isinstance(url, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
            raise LinksError(f"{where} ({title.strip()}), key 'url': {url!r} is not an http(s) address. "
                             "Fix: write the full address, e.g. https://edu.sc.gov.cn/")
        links.append(Link(title.strip(), url.strip()))
    return links
