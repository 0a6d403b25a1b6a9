"""Intrasite links that would reach readers broken stop the build.

Pelican leaves a ``{filename}``/``{static}``/``{attach}`` link it cannot
resolve as it is (``href="{filename}/news/…"`` in the page and the feeds) and
only logs a warning; a published item linking a draft gets a link that is
dead once published. Each becomes a problem with the file and line.
"""

from __future__ import annotations

from typing import Any, Iterable

from pelican.generators import Generator

from .links import line_of, link_paths, pelican_kind, site_prefixes
from .problems import ContentError, Problem

PUBLISHED = ("published", "hidden")


def written_items(context: dict[str, Any], settings: dict[str, Any]) -> list[Any]:
    """The articles and pages this build writes."""
    names = ["articles", "pages", "hidden_pages"]
    if settings.get("DRAFT_SAVE_AS"):
        names.append("drafts")
    if settings.get("DRAFT_PAGE_SAVE_AS"):
        names.append("draft_pages")
    return [item for name in names for item in context.get(name, [])]


def link_problems(item: Any, generated: dict[str, Any], static: dict[str, Any],
                  prefixes: Iterable[str] = ()) -> list[Problem]:
    """Problems of one item's intrasite links."""
    source = item.relative_source_path.replace("\\", "/")
    published = getattr(item, "status", "published") in PUBLISHED
    problems: list[Problem] = []
    for ref, paths in link_paths(item, prefixes).items():
        kind = pelican_kind(ref)
        if kind not in ("filename", "static", "attach"):
            continue
        path = next(iter(paths), None)  # such a link names one path (content_target)
        written = ref[len(kind) + 2:]
        if path is not None and path in static:
            continue
        if kind == "filename" and path is not None and path in generated:
            target = generated[path]
            if target is not None and (not published or getattr(target, "status", "published") != "draft"):
                continue
            problems.append(Problem.of(source, line_of(item.source_path, written), "link_to_draft",
                                       link=ref, target=path))
            continue
        problems.append(Problem.of(source, line_of(item.source_path, written), "unresolved_link", link=ref))
    return problems


def check_links(generators: list[Generator]) -> None:
    """Stop when an item this build writes has a broken intrasite link."""
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    generated = context.get("generated_content", {})
    static = context.get("static_content", {})
    prefixes = site_prefixes(settings)
    problems = [p for item in written_items(context, settings)
                for p in link_problems(item, generated, static, prefixes)]
    if problems:
        raise ContentError(problems)
