"""Content classes the plugin gives Pelican's articles and pages.

- ``CachedUrlArticle`` / ``CachedUrlPage``: ``url`` and ``save_as`` computed
  once. Pelican recomputes them (a strftime and a format of the settings
  pattern) on every access: tens of accesses per article per build, and every
  page's footer lists the pages. They depend only on metadata that no longer
  changes once reading is done.
- ``CachedUrlStatic``: the same for static files (imported images);
  ``RestoredStatic`` is one brought back from its snapshot (snapshots.py).
- ``LazyHtmlArticle``: an article whose body HTML is fetched from the render
  cache when something asks for it (its page, a feed), so neither a cold
  build nor a rebuild holds 20,000 bodies; the static links Pelican collects
  from every body are recorded when the article is read.
- ``RestoredArticle``: a ``LazyHtmlArticle`` brought back from its snapshot
  (snapshots.py) instead of being read again.
"""

from __future__ import annotations

from typing import Any, Callable
from urllib.parse import urlparse

from pelican.contents import Article, Content, Page, Static
from pelican.utils import path_to_url
from sitekit.pelican_seam import (
    content_without_memo,
    direct_link_target,
    expand_settings,
    instance_state,
    intrasite_link_regex,
    own_attribute,
    resolve_links,
    set_own_attribute,
)


class computed_once:  # noqa: N801 - used like functools.cached_property
    """``functools.cached_property`` without its lock: Python 3.11 takes one
    lock, shared by every instance, on each first access, which costs more than
    the URL itself for tens of thousands of static files. A build reads
    content objects on one thread."""

    def __init__(self, function: Callable[[Any], Any]) -> None:
        self.function = function
        self.name = function.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


#: Where a lazy article keeps ``link_targets`` of its link markup.
LINK_TARGETS = "_link_targets"


class CachedUrlArticle(Article):
    """An Article whose URL and output path are computed once."""

    url = computed_once(Article.url.fget)
    save_as = computed_once(Article.save_as.fget)


class CachedUrlPage(Page):
    """A Page whose URL and output path are computed once."""

    url = computed_once(Page.url.fget)
    save_as = computed_once(Page.save_as.fget)

    def _expand_settings(self, key: str) -> str:
        # Page derives the settings name (PAGE_URL…) from the class name.
        klass = "draft_page" if self.status == "draft" else "page"
        return expand_settings(self, key, klass)


class CachedUrlStatic(Static):
    """A static file whose URL and output path are computed once. Pelican never
    moves a static file once its location was asked for (``attach_to``), so
    the first answer stays right; tens of thousands of imported images are
    asked for on every build (links, copying)."""

    url = computed_once(Static.url.fget)
    save_as = computed_once(Static.save_as.fget)

    def _expand_settings(self, key: str) -> str:
        # Pelican derives the settings name (STATIC_URL…) from the class name.
        if str(self.settings[f"STATIC_{key}".upper()]) == "{path}":
            # The default pattern needs only the path: Pelican's url_format would
            # also copy the metadata and slug the author and category, for
            # each of tens of thousands of images, and then use none of them
            # (test_contents.py compares with Pelican's Static).
            return path_to_url(self.metadata["path"] if "path" in self.metadata else self.relative_source_path)
        return expand_settings(self, key, "static")


class RestoredStatic(CachedUrlStatic):
    """A static file brought back from its snapshot (snapshots.py)."""

    def get_relative_source_path(self, source_path: str | None = None) -> str:
        """Pelican stored it as ``relative_source_path`` when it made the object."""
        if source_path is None and "relative_source_path" in instance_state(self):
            return instance_state(self)["relative_source_path"]
        return super().get_relative_source_path(source_path)


class LazyHtmlArticle(CachedUrlArticle):
    """An article whose body HTML lives in the render cache until asked for.

    Instance attributes: ``_html_source`` (a callable taking the article and
    returning its HTML), ``_static_links`` (what ``get_static_links`` returned
    when the article was read), ``_mentions_links`` (whether the HTML holds
    ``{filename}``-style links, which output caches must resolve),
    ``_link_markup`` (those links, for ``link_fingerprint``) and
    ``_link_targets`` (their targets, ``link_targets``). The HTML is
    not kept after use: holding 20,000 bodies for the whole build would cost
    ~150 MB in every process that renders pages, and each page needs one.
    """

    _html_source: Callable[["LazyHtmlArticle"], str]

    @property  # type: ignore[override]
    def _content(self) -> str:
        html = own_attribute(self, "_html")  # set only when something assigns it
        return html if html is not None else self._html_source(self)

    @_content.setter
    def _content(self, value: str) -> None:
        set_own_attribute(self, "_html", value)

    def get_content(self, siteurl: str) -> str:
        """Pelican's ``get_content`` without its memo: Pelican keeps every
        result in a module-wide dict, which would hold every body again."""
        return content_without_memo(self, siteurl)

    def get_static_links(self) -> set[str]:
        return set(self._static_links)

    def link_fingerprint(self) -> str:
        """The body's intrasite links resolved as its page shows them, without
        loading and resolving the whole body (output caches key pages on it)."""
        markup = own_attribute(self, "_link_markup")
        if markup is None:
            return self.content
        siteurl = self.get_siteurl()
        targets = _target_urls(self)
        if targets is None:  # a link Pelican looks for further, moves (attach) or does not find
            return resolve_links(self, markup, siteurl)
        # Each found link becomes urljoin(siteurl, target URL) + its query and fragment
        # (seam item 13): the markup, the site URL and the targets' URLs decide the page.
        return f"{siteurl}\n{markup}{targets}"

    def get_relative_source_path(self, source_path: str | None = None) -> str:
        """Pelican stored it as ``relative_source_path`` when it made the article."""
        if source_path is None and "relative_source_path" in instance_state(self):
            return instance_state(self)["relative_source_path"]
        return super().get_relative_source_path(source_path)


def link_targets(item: Content, markup: str) -> tuple[tuple[str, str], ...] | None:
    """``(what, path)`` of each ``{filename}``/``{static}`` link in ``markup``
    (paths as Pelican looks them up first), or None when a link needs Pelican's
    own handling: ``{attach}`` (it moves the file) or a path not from the root.
    Worked out when the article is read and kept in its snapshot."""
    found = []
    for match in intrasite_link_regex(item).finditer(markup):
        what = match.group("what")
        if what == "attach":
            return None
        if what in ("filename", "static"):
            path = urlparse(match.group("value")).path
            if not path.startswith("/"):
                return None
            found.append((what, path))
    return tuple(found)


def _target_urls(item: LazyHtmlArticle) -> str | None:
    """The URLs of the targets of the item's ``{filename}``/``{static}``
    links (``link_targets``), one a line, when Pelican's first lookup finds
    each (else None)."""
    targets = own_attribute(item, LINK_TARGETS)  # set with the markup (snapshots.py)
    if targets is None:
        return None
    urls = []
    for what, path in targets:
        target = direct_link_target(item, what, path)
        if target is None:
            return None
        urls.append(target.url)
    return "\n".join(urls)


class RestoredArticle(LazyHtmlArticle):
    """An article brought back from its snapshot (snapshots.py)."""

    def is_valid(self) -> bool:
        """It was valid when read, under the same settings (the snapshot fingerprint)."""
        return True
