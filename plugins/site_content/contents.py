"""Content classes the plugin gives Pelican's articles and pages.

- ``CachedUrlArticle`` / ``CachedUrlPage``: ``url`` and ``save_as`` computed
  once. Pelican recomputes them (a strftime and a format of the settings
  pattern) on every access: tens of accesses per article per build, and every
  page's footer lists the pages. They depend only on metadata that no longer
  changes once reading is done.
- ``RestoredArticle``: an article brought back from its snapshot
  (snapshots.py). Its body HTML is fetched from the render cache the first
  time something asks for it, so a rebuild that re-renders three pages does
  not load 20,000 bodies; the static links Pelican collects from every body
  were recorded with the snapshot.
"""

from __future__ import annotations

from functools import cached_property
from typing import Callable

from pelican.contents import Article, Content, Page


class CachedUrlArticle(Article):
    """An Article whose URL and output path are computed once."""

    url = cached_property(Article.url.fget)
    save_as = cached_property(Article.save_as.fget)


class CachedUrlPage(Page):
    """A Page whose URL and output path are computed once."""

    url = cached_property(Page.url.fget)
    save_as = cached_property(Page.save_as.fget)

    def _expand_settings(self, key: str) -> str:
        # Page derives the settings name (PAGE_URL…) from the class name.
        klass = "draft_page" if self.status == "draft" else "page"
        return Content._expand_settings(self, key, klass)


class RestoredArticle(CachedUrlArticle):
    """An article from a snapshot; ``_html_source`` gives its HTML on first use.

    Instance attributes set by the snapshot store: ``_html_source`` (a callable
    taking the article), ``_static_links`` (what ``get_static_links`` returned
    when the snapshot was taken), ``_mentions_links`` (whether the HTML holds
    ``{filename}``-style links, which output caches must resolve) and
    ``_relative_source`` (Pelican's ``relative_source_path``).
    """

    _html_source: Callable[["RestoredArticle"], str]

    @property  # type: ignore[override]
    def _content(self) -> str:
        html = self.__dict__.get("_html")
        if html is None:
            html = self.__dict__["_html"] = self._html_source(self)
        return html

    @_content.setter
    def _content(self, value: str) -> None:
        self.__dict__["_html"] = value

    def get_static_links(self) -> set[str]:
        return set(self._static_links)

    def get_relative_source_path(self, source_path: str | None = None) -> str:
        if source_path is None and "_relative_source" in self.__dict__:
            return self.__dict__["_relative_source"]
        return super().get_relative_source_path(source_path)

    def is_valid(self) -> bool:
        """It was valid when read, under the same settings (the snapshot fingerprint)."""
        return True
