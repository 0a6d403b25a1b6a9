"""Pelican plugin: the site's content model.

Columns from ``<folder>/_index.md``, a checking Markdown reader, attachments,
newer/older links within a column, and a build that stops with every content
problem listed by file and line. See README.md.
"""

from __future__ import annotations

import os
from datetime import date
from functools import partial

from pelican import signals
from pelican.contents import Article, Content, Page, Static
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
from pelican.readers import Readers
from sitekit.plugins import listed

from .contents import CachedUrlArticle, CachedUrlPage, CachedUrlStatic
from .columns import Column, group_sections, load_columns
from .problems import ContentError, Problem
from .reader import SiteMarkdownReader
from .snapshots import content_path, read_with_snapshots
from .link_check import check_links
from .tree import tree_problems
from .tuning import install as install_tuning
from .tuning import site_tree
from .tuning import skip_stamp_cache

MARKDOWN_EXTENSIONS = ("md", "markdown", "mkd", "mdown")


def ymd(value: date) -> str:
    """``{{ article.date|ymd }}``: 2024-05-01. Pelican's ``SafeDatetime.strftime``
    costs ~15 µs a call, and a year's archive page shows ~2,000 dates."""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def add_filters(pelican: object) -> None:
    """Template filters the theme uses (a setting's own filters win)."""
    settings = pelican.settings  # type: ignore[attr-defined]
    if listed(settings, __name__):
        settings["JINJA_FILTERS"] = {"ymd": ymd, **(settings.get("JINJA_FILTERS") or {})}


def use_site_reader(readers: Readers) -> None:
    """Read Markdown files with SiteMarkdownReader; reuse article snapshots."""
    if not listed(readers.settings, __name__):
        return
    for ext in MARKDOWN_EXTENSIONS:
        readers.reader_classes[ext] = SiteMarkdownReader
    skip_stamp_cache(readers)
    readers.read_file = partial(read_with_snapshots, readers, readers.read_file)


def _site_readers(generator: Generator) -> list[SiteMarkdownReader]:
    unique = {id(r): r for r in generator.readers.readers.values()}.values()
    return [r for r in unique if isinstance(r, SiteMarkdownReader)]


def _stop_on_reader_problems(generator: Generator) -> None:
    """Flush the readers' caches; raise every problem they found, at once."""
    found: list[Problem] = []
    for reader in _site_readers(generator):
        reader.flush()
        found.extend(reader.problems)
    if found:
        raise ContentError(found)


def prefill_articles(generator: ArticlesGenerator) -> None:
    """Render uncached articles on all cores before Pelican reads them one by one."""
    if not listed(generator.settings, __name__):
        return
    install_tuning(generator)
    readers = _site_readers(generator)
    if readers:
        tree = site_tree(generator)
        readers[0].problems.extend(tree_problems(tree.paths(), tree.links, attachment_dirs(generator.settings)))
        files = generator.get_files(
            generator.settings["ARTICLE_PATHS"], exclude=generator.settings["ARTICLE_EXCLUDES"]
        )
        reader, store = readers[0], readers[0].snapshots
        root, base = generator.settings["PATH"], generator.path
        if store is not None:  # files restored from snapshots need no rendering
            files = [f for f in files
                     if not store.current(content_path(root, base, f), store.file_stamp(os.path.join(base, f)))]
        reader.prefill([os.path.abspath(os.path.join(base, f)) for f in files])


def attachment_dirs(settings: dict) -> list[str]:
    """Content folders no reader reads (``files``, ``images``, ``data``…)."""
    return [d for d in settings["ARTICLE_EXCLUDES"] if d not in settings["PAGE_PATHS"]]


def tune_generator(generator: Generator) -> None:
    """Pages and static files: walk the tree once per build (tuning.py)."""
    if listed(generator.settings, __name__):
        install_tuning(generator)


def drop_unused_taxonomies(generator: ArticlesGenerator) -> None:
    """Empty the tag/category/author lists whose pages are switched off.

    Pelican still walks them when writing (``[a for a in dates if a in articles]``
    per tag, category and author: quadratic in the number of articles) only to
    pass the result to a page it then does not write. Templates use COLUMNS.
    """
    if not generator.settings.get("TAG_SAVE_AS"):
        generator.tags = {}
    if not generator.settings.get("CATEGORY_SAVE_AS"):
        generator.categories = []
    if not generator.settings.get("AUTHOR_SAVE_AS"):
        generator.authors = []


def finish_articles(generator: ArticlesGenerator) -> None:
    """Stop on problems; attach columns, sections and newer/older links."""
    if not listed(generator.settings, __name__):
        return
    _stop_on_reader_problems(generator)
    for article in generator.articles:
        if type(article) is Article:
            article.__class__ = CachedUrlArticle
    drop_unused_taxonomies(generator)
    columns, _ = load_columns(generator.path)
    generator.context["COLUMNS"] = columns
    generator.context["SECTIONS"] = group_sections(columns)
    by_column: dict[str, list[Content]] = {slug: [] for slug in columns}
    for article in generator.articles:
        by_column[article.category.slug].append(article)
    for article in generator.drafts:
        article.column = columns[article.category.slug]
    for slug, articles in by_column.items():
        articles.sort(key=lambda a: (a.date, a.source_path), reverse=True)
        for index, article in enumerate(articles):
            article.column = columns[slug]
            article.newer_in_column = articles[index - 1] if index > 0 else None
            article.older_in_column = articles[index + 1] if index + 1 < len(articles) else None
    generator.context["COLUMN_ARTICLES"] = by_column


def finish_pages(generator: PagesGenerator) -> None:
    """Stop on problems in pages; compute page URLs once."""
    if not listed(generator.settings, __name__):
        return
    _stop_on_reader_problems(generator)
    for page in [*generator.pages, *generator.hidden_pages]:
        if type(page) is Page:
            page.__class__ = CachedUrlPage


def finish_statics(generator: Generator) -> None:
    """Keep the static files' snapshots; they compute their URL and output path once."""
    if listed(generator.settings, __name__):
        for reader in _site_readers(generator):
            if reader.static_snapshots is not None:
                reader.static_snapshots.flush()
        for static in getattr(generator, "staticfiles", ()):
            if type(static) is Static:
                static.__class__ = CachedUrlStatic


def check_unique_urls(generators: list[Generator]) -> None:
    """Stop when two content files (or a file and a column page) claim one URL."""
    if not generators or not listed(generators[0].settings, __name__):
        return
    claims: dict[str, str] = {}
    problems: list[Problem] = []
    columns: dict[str, Column] = {}
    for generator in generators:
        columns = generator.context.get("COLUMNS", columns)
    for slug in columns:
        claims[f"{slug}/index.html"] = f"{slug}/_index.md"
    for generator in generators:
        contents: list[Content] = []
        if isinstance(generator, ArticlesGenerator):
            contents = [*generator.articles, *generator.drafts]
        elif isinstance(generator, PagesGenerator):
            contents = [*generator.pages, *generator.hidden_pages, *generator.draft_pages]
        for content in contents:
            save_as = content.save_as
            if not save_as:
                continue
            owner = claims.setdefault(save_as, content.relative_source_path)
            if owner != content.relative_source_path:
                problems.append(Problem.of(content.relative_source_path, None, "duplicate_url",
                                           url=content.url, owner=owner))
    if problems:
        raise ContentError(problems)


def check_links_if_listed(generators: list[Generator]) -> None:
    """Broken intrasite links stop the build (link_check.py)."""
    if generators and listed(generators[0].settings, __name__):
        check_links(generators)


def register() -> None:
    signals.initialized.connect(add_filters)
    signals.readers_init.connect(use_site_reader)
    signals.article_generator_init.connect(prefill_articles)
    signals.page_generator_init.connect(tune_generator)
    signals.static_generator_init.connect(tune_generator)
    signals.article_generator_finalized.connect(finish_articles)
    signals.page_generator_finalized.connect(finish_pages)
    signals.static_generator_finalized.connect(finish_statics)
    signals.all_generators_finalized.connect(check_unique_urls)
    signals.all_generators_finalized.connect(check_links_if_listed)


__all__ = ["Column", "ContentError", "Problem", "register"]
