"""Which content files the public tree may hold: only what a public item needs.

In the public build a file is copied when a public item (article, page, draft
that is written) links it in any form — ``{static}``/``{attach}``/``{filename}``,
a root or relative path, percent-encoded, raw ``<a href>``/``<img src>``,
``Attachments:``, ``Image:`` — or when it lies in ``MEMBERS_ONLY_PUBLIC_STATIC``
(the favicon). Everything else stays out: files only member-only items link,
files nothing links, and every file under ``MEMBERS_ONLY_STATIC_DIRS`` (a
public item linking one stops the build). A file both kinds of item link is
copied, and the build says which items share it.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from typing import Any, Iterable

from pelican.generators import StaticGenerator

from site_content.link_check import written_items
from site_content.links import candidates, line_of, link_paths, site_prefixes
from site_content.problems import ContentError, Problem

from .settings import active, dirs_matcher, in_static_dirs, mode, public_static, static_dirs

log = logging.getLogger(__name__)


def item_targets(item: Any, site_prefixes: Iterable[str]) -> set[str]:
    """Content paths an item may link: its links, attachments and share image."""
    source = item.relative_source_path.replace("\\", "/")
    url = getattr(item, "url", "") or ""
    found: set[str] = set()
    for paths in link_paths(item, site_prefixes).values():
        found |= paths
    found |= {a.path.lstrip("/") for a in item.metadata.get("attachments") or ()}
    image = item.metadata.get("image")
    if isinstance(image, str) and image.strip():
        found |= candidates("/" + image.strip().lstrip("/"), source, url, site_prefixes)
    return found


def _names(static: Any) -> set[str]:
    return {static.relative_source_path.replace("\\", "/"), static.save_as, static.url}


def filter_static(generator: StaticGenerator) -> None:
    """Public mode: keep only the files public items need (see the module docstring)."""
    settings = generator.settings
    if not active(settings) or mode(settings) != "public":
        return
    context = generator.context
    prefixes = site_prefixes(settings)
    private_dirs = static_dirs(settings)
    always = public_static(settings)
    private, always_public = dirs_matcher(private_dirs), dirs_matcher(always)

    linked_by_public: dict[str, str] = {}
    problems: list[Problem] = []
    for item in written_items(context, settings):  # in the public build, the public items
        source = item.relative_source_path.replace("\\", "/")
        for path in sorted(item_targets(item, prefixes)):
            linked_by_public.setdefault(path, source)
            if private(path):
                problems.append(Problem.of(source, line_of(item.source_path, os.path.basename(path)),
                                           "public_links_member_file", path=path, dirs=", ".join(private_dirs)))
    if problems:
        raise ContentError(problems)
    linked_by_members: dict[str, list[str]] = defaultdict(list)
    for item in context.get("MEMBERS_ONLY_HIDDEN_CONTENT", []):
        for path in item_targets(item, prefixes):
            linked_by_members[path].append(item.relative_source_path.replace("\\", "/"))

    def public(static: Any) -> bool:
        names = _names(static)
        if any(private(n) for n in names):
            return False
        return any(n in linked_by_public or always_public(n) for n in names)

    verdicts = [(static, public(static)) for static in generator.staticfiles]
    kept = [static for static, keep in verdicts if keep]
    dropped = [static for static, keep in verdicts if not keep]
    for static in kept:
        for name in sorted(_names(static) & linked_by_members.keys()):
            log.warning("members_only: %s is linked by member-only %s and by public %s: copied publicly",
                        name, ", ".join(sorted(set(linked_by_members[name]))), linked_by_public.get(name, "-"))
            break
    generator.staticfiles[:] = kept
    context["staticfiles"] = generator.staticfiles
    static_content = context.get("static_content", {})
    for static in dropped:
        static_content.pop(static.relative_source_path, None)
        _remove_old_copy(generator.output_path, static.save_as)
    if dropped:
        member = sum(1 for s in dropped if _names(s) & (linked_by_members.keys() | _in_dirs(s, private_dirs)))
        log.info("members_only: %d file(s) not copied to the public tree (%d member-only, %d linked by no "
                 "public item)", len(dropped), member, len(dropped) - member)


def _in_dirs(static: Any, dirs: tuple[str, ...]) -> set[str]:
    return {n for n in _names(static) if in_static_dirs(n, dirs)}


def _remove_old_copy(output_path: str, save_as: str) -> None:
    """An earlier build may have copied the file (it was public then): remove it."""
    if not save_as:
        return
    path = os.path.join(output_path, save_as)
    if os.path.isfile(path) or os.path.islink(path):
        os.remove(path)
        log.warning("members_only: removed %s from the public tree (no public item links it now)", save_as)
