"""The one place that touches Pelican's private or undocumented behaviour.

The build is fast because a few plugins reach past Pelican's documented API
(settings, signals, ``get_generators``/``get_writer``, content objects'
public attributes). Every such reach goes through a name defined here, so a
Pelican upgrade breaks in ``sitekit/test_pelican_seam.py`` (which checks each
assumption against the installed Pelican) instead of deep in a build, and
this list says what to look at. ``make test-upgrade PELICAN=x.y.z`` runs that
test and then the suite against another Pelican release.

What is relied on, who relies on it, why, and what it replaces:

1. ``Generator.get_files(paths, exclude, extensions)`` replaced on the
   generator instance (``replace_get_files``; site_content/tuning.py). Pelican
   walks the content tree on every call (three per build for articles); the
   replacement walks it once per build. Replaces: the repeated walk.
2. ``StaticGenerator._source_is_newer(staticfile)`` (private) wrapped on the
   instance (``replace_static_freshness``, ``pelican_source_is_newer``;
   tuning.py): with ``STATIC_CHECK_IF_MODIFIED`` Pelican stats a linked static
   file that was deleted and stops; the wrapper answers "copy", which does
   nothing. Replaces: a crash on a removed image.
3. The file-stamp cache methods ``get_cached_data(filename, default)`` and
   ``cache_data(filename, data)`` of ``FileStampDataCacher`` (the caching
   generators and ``Readers``) turned into no-ops without ``CACHE_CONTENT``
   (``disable_stamp_cache``; tuning.py, site_content/__init__.py). Replaces:
   two stats per file per layer against a cache that is always empty.
4. Content objects keep their state in the instance ``__dict__`` (no slots,
   no descriptors for the fields Pelican sets in ``__init__``): articles are
   snapshotted and restored by copying it (``instance_state``,
   ``restore_instance``; site_content/snapshots.py) and plugins keep their own
   per-object caches there (``own_attribute``, ``set_own_attribute``;
   contents.py, incremental_writer/fingerprint.py, site_sitemap, sitekit.links).
   Replaces: reading every unchanged article again (~0.2 ms each).
5. The body HTML is the attribute ``_content`` (``BODY_ATTRIBUTE``;
   contents.py, snapshots.py, sitekit.links): lazy articles make it a property
   that fetches the HTML from the render cache. Replaces: 20,000 bodies in memory.
6. ``Content.get_content`` is wrapped in ``pelican.utils.memoized`` whose
   ``cache`` dict is module-wide and never emptied (``MEMO_CLASS``,
   ``MEMO_CACHE_ATTRIBUTE``); lazy articles override ``get_content`` with
   ``content_without_memo``, which calls the private
   ``Content._update_content(content, siteurl)`` (``resolve_links``).
   Replaces: every body kept a second time in the memo.
7. ``Content._get_intrasite_link_regex()`` (private; ``intrasite_link_regex``;
   snapshots.py): the links a body holds, so page keys need not resolve the
   whole body. Named groups ``markup``, ``quote``, ``what``, ``value``.
8. ``Content._expand_settings(key, klass)`` (private; ``expand_settings``;
   contents.py): Page and Static derive the settings prefix from the class
   name, so subclasses (cached URLs) must name the prefix themselves. For a
   static file whose pattern is exactly ``{path}`` (the default), contents.py
   skips ``url_format`` and returns ``path_to_url`` of the metadata ``path``
   or the relative source path, which is what ``url_format`` puts there.
9. ``SafeDatetime`` (``pelican.utils``) overrides ``strftime`` with a slow
   Python version; URL patterns (``{date:%Y}``) are formatted with a plain
   ``datetime`` (``plain_datetime``; sitekit/urls.py) and dates are parsed into
   ``SafeDatetime`` as the reader would (sitekit/dates.py).
10. ``Pelican.output_retention`` (instance attribute copied from
    ``OUTPUT_RETENTION`` and read by ``clean_output_dir`` when
    ``DELETE_OUTPUT_DIRECTORY``) extended during a build (``retain_output``;
    site_search keeps its bundles through publish builds). Replaces: a
    re-index of every page after each publish build.
11. ``ArticlesGenerator._build_period_archives(sorted_articles, articles, settings)``
    (private; ``rebuild_period_archives``; members_only) after items are
    removed. Replaces: archives that list removed member-only items.
12. ``Writer.write_file`` signature (``WRITE_FILE_PARAMETERS``) and the
    template context keys it adds (``page_context``: ``localsiteurl``,
    ``output_file``); ``pelican.utils.sanitised_join`` (``output_join``)
    (incremental_writer). Replaces: rendering and writing every page each build.
13. How ``Content._link_replacer`` finds a link's target first: a path
    starting with ``/`` is looked up, without it, in the context's
    ``generated_content`` (``{filename}``) or ``static_content``
    (``{static}``, ``{attach}``), and the link becomes
    ``urljoin(siteurl, target.url)`` (``direct_link_target``;
    site_content/contents.py). Page keys name a body's links by their
    targets' URLs instead of resolving them (other lookups, ``{attach}`` and
    missing targets still go through Pelican). Replaces: ~0.3 ms per article
    with images on every build.
"""

from __future__ import annotations

import inspect
from datetime import datetime
from types import MethodType
from typing import Any, Callable

from pelican.contents import Content
from pelican.generators import Generator, StaticGenerator
from pelican.utils import SafeDatetime, memoized, sanitised_join

# --- 1-3: generator methods replaced on the instance -----------------------------
GET_FILES = "get_files"
SOURCE_IS_NEWER = "_source_is_newer"
STAMP_CACHE_METHODS = ("get_cached_data", "cache_data")


def replace_get_files(generator: Generator, get_files: Callable[..., set[str]]) -> None:
    """``generator.get_files(paths, exclude=None, extensions=None)`` becomes ``get_files``."""
    setattr(generator, GET_FILES, MethodType(get_files, generator))


def replace_static_freshness(generator: StaticGenerator, check: Callable[[Any, Any], bool]) -> None:
    """``generator._source_is_newer(staticfile)`` becomes ``check``."""
    setattr(generator, SOURCE_IS_NEWER, MethodType(check, generator))


def pelican_source_is_newer(generator: StaticGenerator, staticfile: Any) -> bool:
    """Pelican's own ``_source_is_newer``."""
    return getattr(StaticGenerator, SOURCE_IS_NEWER)(generator, staticfile)


def _nothing_cached(filename: str, default: Any = None) -> Any:
    return default


def _cache_nothing(filename: str, data: Any) -> None:
    return None


def disable_stamp_cache(cacher: Any) -> None:
    """A file-stamp cacher (generator or ``Readers``) that neither asks nor fills its cache."""
    get, put = STAMP_CACHE_METHODS
    if hasattr(cacher, get):
        setattr(cacher, get, _nothing_cached)
        setattr(cacher, put, _cache_nothing)


# --- 4-5: content objects' instance state ---------------------------------------
BODY_ATTRIBUTE = "_content"


def instance_state(item: Any) -> dict[str, Any]:
    """The attributes Pelican set on a content object (its ``__dict__``, live)."""
    return item.__dict__


def own_attribute(item: Any, name: str, default: Any = None) -> Any:
    """An attribute stored on the object itself (class properties not consulted)."""
    return item.__dict__.get(name, default)


def set_own_attribute(item: Any, name: str, value: Any) -> None:
    """Store ``value`` on the object itself, past any property of that name."""
    item.__dict__[name] = value


def restore_instance(cls: type, attributes: dict[str, Any]) -> Any:
    """A ``cls`` object holding ``attributes``, without running ``__init__``."""
    item = cls.__new__(cls)
    item.__dict__.update(attributes)
    return item


# --- 6-8: Content's private methods ------------------------------------------------
MEMO_CLASS = memoized
MEMO_CACHE_ATTRIBUTE = "cache"
LINK_REGEX_GROUPS = ("markup", "quote", "what", "value")


def resolve_links(item: Content, html: str, siteurl: str) -> str:
    """``html`` with its ``{filename}``/``{static}`` links resolved, as ``get_content`` does."""
    return item._update_content(html, siteurl)


def direct_link_target(item: Content, what: str, path: str) -> Content | None:
    """The object Pelican's first lookup finds for a ``{what}`` link to the
    root-relative ``path`` (None: Pelican would look further, or not find it)."""
    if not path.startswith("/") or what not in ("filename", "static", "attach"):
        return None
    key = "generated_content" if what == "filename" else "static_content"
    return item._context.get(key, {}).get(path[1:])


def content_without_memo(item: Content, siteurl: str) -> str:
    """``Content.get_content`` without the module-wide memo."""
    return resolve_links(item, getattr(item, BODY_ATTRIBUTE), siteurl)


def intrasite_link_regex(item: Content) -> Any:
    """The compiled pattern Pelican finds intrasite links with."""
    return item._get_intrasite_link_regex()


def expand_settings(item: Content, key: str, klass: str) -> str:
    """Format the ``<KLASS>_<KEY>`` settings pattern for ``item``."""
    return Content._expand_settings(item, key, klass)


# --- 9: SafeDatetime ------------------------------------------------------------------
SAFE_DATETIME = SafeDatetime


def plain_datetime(moment: datetime) -> datetime:
    """``moment`` as a plain ``datetime`` (C ``strftime``, not SafeDatetime's)."""
    return datetime(*moment.timetuple()[:6], moment.microsecond, moment.tzinfo)


def safe_datetime(moment: datetime) -> datetime:
    """``moment`` as the ``SafeDatetime`` Pelican's readers produce."""
    return SafeDatetime(*moment.timetuple()[:6], moment.microsecond, tzinfo=moment.tzinfo)


# --- 10: output retention --------------------------------------------------------------
OUTPUT_RETENTION = "output_retention"


def retain_output(pelican: Any, names: list[str]) -> None:
    """Keep ``names`` (paths under the output folder) when Pelican empties it."""
    setattr(pelican, OUTPUT_RETENTION, [*getattr(pelican, OUTPUT_RETENTION), *names])


# --- 11: period archives ------------------------------------------------------------------
PERIOD_ARCHIVES = "_build_period_archives"


def rebuild_period_archives(generator: Any, settings: dict[str, Any]) -> Any:
    """The generator's period archives from its current dates and articles (None
    when the generator has none to build)."""
    build = getattr(generator, PERIOD_ARCHIVES, None)
    if build is None:
        return None
    return build(generator.dates, generator.articles, settings)


# --- 12: the writer ---------------------------------------------------------------------------
WRITE_FILE_PARAMETERS = ("self", "name", "template", "context", "relative_urls", "paginated",
                         "template_name", "override_output", "url", "kwargs")


def page_context(context: dict[str, Any], name: str, values: dict[str, Any]) -> dict[str, Any]:
    """The template context ``Writer.write_file`` renders a non-paginated page with."""
    return {**context, "localsiteurl": None, "output_file": name, **values}


def output_join(output_path: str, name: str) -> str:
    """``output_path/name``, refusing a name that leaves the output folder."""
    return sanitised_join(output_path, name)


def signature_names(function: Callable[..., Any]) -> tuple[str, ...]:
    """Parameter names of ``function`` (for the seam test)."""
    return tuple(inspect.signature(function).parameters)

