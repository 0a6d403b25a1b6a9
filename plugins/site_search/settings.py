"""Defaults of the site_search plugin; the top-level settings named below override them."""

from __future__ import annotations

from dataclasses import dataclass

from sitekit.settings import load_flat, setting

PLUGIN = "site_search"
DEFAULT_BUNDLE_DIR = "pagefind"
DEFAULT_SHARD_PAGES = 1000


@dataclass(frozen=True)
class SearchSettings:
    """Whether and how Pagefind indexes the written site."""

    #: Index after every build (the environment variable SITE_SEARCH_INDEX=0 also turns it off).
    index: bool = setting("SEARCH_INDEX", True)
    #: Folder of the search bundle under the output folder (shards: ``<bundle>-<n>``).
    bundle_dir: str = setting("SEARCH_BUNDLE_DIR", DEFAULT_BUNDLE_DIR)
    #: CSS selectors of page parts left out of the index.
    exclude_selectors: tuple[str, ...] | list[str] = setting("SEARCH_EXCLUDE_SELECTORS", (), kind=(list, tuple))
    #: Pages per shard (a shard is re-indexed when one of its pages' bytes changed).
    shard_pages: int = setting("SEARCH_SHARD_PAGES", DEFAULT_SHARD_PAGES)


def load(settings: dict) -> SearchSettings:
    return load_flat(SearchSettings, settings, PLUGIN)
