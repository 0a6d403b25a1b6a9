"""Pelican plugin: keep member-only items (会员专属) out of the public site.

One content tree, two builds:

* ``MEMBERS_ONLY_MODE = "public"`` (the default, ``pelicanconf.py``): every
  member-only article, page, attachment and image is removed before anything is
  written, so no page, feed, sitemap entry, search fragment or static copy of
  it exists. With ``MEMBERS_ONLY_TEASERS = True`` the column pages list each
  member-only article by title and date only, marked 会员专属, linking to its
  address in the members area.
* ``MEMBERS_ONLY_MODE = "members"`` (``membersconf.py``): only member-only items
  are kept, with their own column pages, feeds and attachments, in the same
  theme; the tree is served under ``/<MEMBERS_AREA_PATH>/`` behind basic auth.

An item is member-only when its column's ``_index.md`` says ``Access: members``
or its own header says ``Access: members``. Must be listed after
``site_content`` in ``PLUGINS`` (it edits the lists site_content makes).
See README.md.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
from sitekit.pelican_seam import rebuild_period_archives

from site_content.keys import normal_value  # plugins/ is on PLUGIN_PATHS

from .settings import (
    DEFAULT_LABEL,
    MembersOnlyError,
    active,
    area_path,
    in_static_dirs,
    mode,
    static_dirs,
    teasers,
)
from .static import filter_static

log = logging.getLogger(__name__)


# --- what is member-only --------------------------------------------------------


def is_members_only(content: Any, columns: dict[str, Any]) -> bool:
    """True for an item marked ``Access: members`` or in a members-only column."""
    if normal_value(str(content.metadata.get("access", "public"))) == "members":
        return True
    category = getattr(content, "category", None)
    column = columns.get(getattr(category, "slug", None)) if category is not None else None
    return getattr(column, "access", "public") == "members"


@dataclass
class Teaser:
    """A member-only article as public lists show it: title, date, members-area link.

    Carries nothing else of the article (no summary, content or attachments).
    ``metadata['access']`` is ``members`` so sitemap/feeds filters skip it.
    """

    plain_title: str
    date: datetime
    url: str
    column: Any
    source_path: str
    label: str = DEFAULT_LABEL
    members_only: bool = True
    metadata: dict[str, Any] = field(default_factory=lambda: {"access": "members"})

    @property
    def title(self) -> str:
        return f"【{self.label}】{self.plain_title}"

    @property
    def locale_date(self) -> str:
        return self.date.strftime("%Y-%m-%d")


@dataclass(frozen=True)
class PublicLink:
    """Stands for an article in the other build (public ↔ members area): only a URL."""

    url: str


HIDDEN_TITLE = "标题仅会员可见"


def members_area_link(article: Any, settings: dict[str, Any]) -> Any:
    """What a public ``{filename}`` link to a member-only article resolves to."""
    if teasers(settings) == "title":
        return teaser_for(article, settings)
    column = getattr(article, "column", None)
    return PublicLink(f"{area_path(settings)}/{column.url if column is not None else ''}")


def teaser_for(article: Any, settings: dict[str, Any]) -> Teaser:
    """Title, date and members-area link; with teasers ``"hidden"`` neither the title nor
    the file name shows: the stub links to the column in the members area."""
    hidden = teasers(settings) == "hidden"
    column = getattr(article, "column", None)
    url = (f"{area_path(settings)}/{column.url}" if hidden and column is not None
           else f"{area_path(settings)}/{article.url}")
    return Teaser(
        plain_title=HIDDEN_TITLE if hidden else article.title,
        date=article.date,
        url=url,
        column=getattr(article, "column", None),
        source_path=article.source_path,
        label=str(settings.get("MEMBERS_ONLY_LABEL", DEFAULT_LABEL)),
    )


def link_neighbours(items: list[Any]) -> None:
    """Newer/older links within one column list (newest first), as site_content does."""
    for index, article in enumerate(items):
        article.newer_in_column = items[index - 1] if index > 0 else None
        article.older_in_column = items[index + 1] if index + 1 < len(items) else None


# --- articles -------------------------------------------------------------------


def filter_articles(generator: ArticlesGenerator) -> None:
    """Keep public items (public mode) or member-only items (members mode)."""
    settings = generator.settings
    if not active(settings):
        return
    current = mode(settings)
    teasers(settings)  # fail early on a bad value
    context = generator.context
    if "COLUMN_ARTICLES" not in context or "COLUMNS" not in context:
        raise MembersOnlyError(
            "members_only: COLUMNS/COLUMN_ARTICLES missing; list 'members_only' after "
            "'site_content' in PLUGINS"
        )
    columns = context["COLUMNS"]
    keep_members = current == "members"

    def keep(content: Any) -> bool:
        member = is_members_only(content, columns)
        content.members_only = member
        return member == keep_members

    removed = [a for a in generator.articles if not keep(a)]
    removed_drafts = [a for a in generator.drafts if not keep(a)]
    removed_hidden = [a for a in getattr(generator, "hidden_articles", []) if not keep(a)]
    gone = {id(a) for a in [*removed, *removed_drafts, *removed_hidden]}

    def kept(items: Iterable[Any]) -> list[Any]:
        return [a for a in items if id(a) not in gone]

    generator.articles[:] = kept(generator.articles)
    generator.dates[:] = kept(generator.dates)
    generator.drafts[:] = kept(generator.drafts)
    if hasattr(generator, "hidden_articles"):
        generator.hidden_articles[:] = kept(generator.hidden_articles)
    for name in ("translations", "drafts_translations", "hidden_translations"):
        items = getattr(generator, name, None)
        if isinstance(items, list):
            items[:] = [a for a in items if keep(a)]
    generator.categories = [(c, kept(arts)) for c, arts in generator.categories if kept(arts)]
    generator.authors = [(a, kept(arts)) for a, arts in generator.authors if kept(arts)]
    tags = {tag: kept(arts) for tag, arts in dict(generator.tags).items()}
    generator.tags = type(generator.tags)() if isinstance(generator.tags, dict) else {}
    generator.tags.update({tag: arts for tag, arts in tags.items() if arts})
    for name in ("articles", "drafts", "hidden_articles", "dates", "categories", "authors"):
        if hasattr(generator, name):
            context[name] = getattr(generator, name)
    context["tags"] = list(generator.tags.items())
    archives = rebuild_period_archives(generator, settings)
    if archives is not None:
        context["period_archives"] = generator.period_archives = archives

    by_column: dict[str, list[Any]] = context["COLUMN_ARTICLES"]
    for slug, items in by_column.items():
        items[:] = kept(items)
        link_neighbours(items)

    if keep_members:
        wanted = {slug for slug, c in columns.items() if c.access == "members"}
        wanted |= {slug for slug, items in by_column.items() if items}
        context["COLUMNS"] = {slug: c for slug, c in columns.items() if slug in wanted}
        context["COLUMN_ARTICLES"] = {s: items for s, items in by_column.items() if s in wanted}
        context["SECTIONS"] = _group_sections(context["COLUMNS"])
        context["MEMBERS_ONLY_ITEMS"] = list(generator.articles)
        # `{filename}` links from member-only items to public ones: the public site's
        # address on the same host (root-relative), not a page of the members tree.
        generated = context.get("generated_content", {})
        for article in [*removed, *removed_drafts, *removed_hidden]:
            key = article.relative_source_path.replace("\\", "/")
            if key in generated:
                published = any(article is a for a in removed)
                generated[key] = PublicLink("/" + article.url) if published else None
    else:
        context["MEMBERS_ONLY_REMOVED"] = [a for a in removed if a.status == "published"]
        # `{filename}` links from public items to a member-only one point at the members
        # area: the item's own address when teasers show titles, else its column there
        # (not even the file name shows). A link to a member-only draft stays unresolved,
        # which site_content reports. Never delete the key: it also tells the static
        # generator not to copy the source file.
        generated = context.get("generated_content", {})
        for article in [*removed, *removed_drafts, *removed_hidden]:
            key = article.relative_source_path.replace("\\", "/")
            if key in generated:
                published = any(article is a for a in removed)
                generated[key] = members_area_link(article, settings) if published else None
        context.setdefault("MEMBERS_ONLY_HIDDEN_CONTENT", []).extend(
            [*removed, *removed_drafts, *removed_hidden]
        )
    context["MEMBERS_ONLY_MODE"] = current
    context["MEMBERS_AREA_URL"] = area_path(settings) + "/"


def _group_sections(columns: dict[str, Any]) -> list[Any]:
    from site_content.columns import group_sections  # plugins/ is on PLUGIN_PATHS

    return group_sections(columns)


# --- pages ----------------------------------------------------------------------


def filter_pages(generator: PagesGenerator) -> None:
    """Public mode drops pages marked ``Access: members``; members mode keeps all pages
    (the members tree needs the public pages for its menu and footer)."""
    if not active(generator.settings) or mode(generator.settings) != "public":
        return
    removed: list[Any] = []
    for name in ("pages", "hidden_pages", "draft_pages"):
        items = getattr(generator, name, None)
        if items is None:
            continue
        removed += [p for p in items if is_members_only(p, {})]
        items[:] = [p for p in items if not is_members_only(p, {})]
        generator.context[name] = items
    for name in ("translations", "hidden_translations", "draft_translations"):
        items = getattr(generator, name, None)
        if isinstance(items, list):
            items[:] = [p for p in items if not is_members_only(p, {})]
    generator.context.setdefault("MEMBERS_ONLY_HIDDEN_CONTENT", []).extend(removed)


# --- teasers --------------------------------------------------------------------


def add_teasers(generators: list[Generator]) -> None:
    """Public mode: put title-and-date stubs of member-only articles in the column lists.

    Runs after every generator has built its context, so the feed sources (which
    hold the lists as they were) and the home blocks never see the stubs; the
    column pages, written later, list them. New list objects are put in
    ``COLUMN_ARTICLES``; the old ones are left untouched.
    """
    context = next((g.context for g in generators), None)
    if context is None:
        return
    settings = generators[0].settings
    if not active(settings) or mode(settings) != "public" or teasers(settings) == "none":
        return
    by_column = context.get("COLUMN_ARTICLES", {})
    stubs: dict[str, list[Teaser]] = {}
    for article in context.get("MEMBERS_ONLY_REMOVED", []):
        slug = article.category.slug
        if slug in by_column:
            stubs.setdefault(slug, []).append(teaser_for(article, settings))
    for slug, extra in stubs.items():
        merged = [*by_column[slug], *extra]
        merged.sort(key=lambda a: (a.date, a.source_path), reverse=True)
        by_column[slug] = merged


def register() -> None:
    signals.article_generator_finalized.connect(filter_articles)
    signals.page_generator_finalized.connect(filter_pages)
    signals.all_generators_finalized.connect(add_teasers)
    signals.static_generator_finalized.connect(filter_static)


__all__ = ["MembersOnlyError", "Teaser", "active", "in_static_dirs", "is_members_only", "mode",
           "register", "static_dirs", "teaser_for", "teasers"]
