"""Pelican plugin: the home page's photo-news strip, figures and 友情链接; share images.

Puts in the context ``HOME_PHOTOS`` (photos.py), ``HOME_FIGURES`` (figures.py)
and ``HOME_LINKS`` (links.py), and gives templates the ``share_image`` filter
(an article's ``Image:`` or first picture as an absolute URL, for og:image). Needs
site_content and members (listed before it). See README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator
from sitekit.plugins import listed
from sitekit.settings import load_options

from .figures import Figure, home_figures
from .links import Link, LinksError, load_links
from .photos import FeaturedError, PhotoItem, absolute_image, first_image, photo_items
from .settings import HomeSettings

PLUGIN = "site_home"


@pass_context
def share_image(context: Any, article: Any, html: str | None) -> str | None:
    """``{{ article|share_image(body) }}``: its ``Image:`` or first picture, absolute, or None."""
    siteurl = str(context.get("SITEURL") or "")
    origin = siteurl if siteurl.startswith(("http://", "https://")) else str(context.get("SITE_ORIGIN") or "")
    return absolute_image(article, html, siteurl, origin)


def fill_home(generators: list[Generator]) -> None:
    """Once every generator has read its content (static files included, so that
    ``{static}`` links in bodies resolve), put the home page's data in the
    context. The home page itself is Pelican's ``index.html``, written later."""
    if not generators or not listed(generators[0].settings, __name__):
        return
    settings, context = generators[0].settings, generators[0].context
    options = load_options(HomeSettings, settings, "SITE_HOME", PLUGIN)
    articles = [a for a in context.get("articles", []) if a.status == "published"]
    context["HOME_PHOTOS"] = photo_items(articles, options.photos, options.photo_scan, str(settings.get("SITEURL") or ""))
    figures, year = home_figures(context.get("MEMBERS", []), context.get("MEMBER_TOTALS"), articles)
    context["HOME_FIGURES"] = figures
    context["HOME_YEAR"] = year
    context["HOME_LINKS"] = load_links(Path(settings["PATH"]) / options.links_file)


def add_filters(pelican: Any) -> None:
    if listed(pelican.settings, __name__):
        pelican.settings["JINJA_FILTERS"] = {"share_image": share_image, **(pelican.settings.get("JINJA_FILTERS") or {})}


def register() -> None:
    signals.initialized.connect(add_filters)
    signals.all_generators_finalized.connect(fill_home)


__all__ = ["FeaturedError", "Figure", "Link", "LinksError", "PhotoItem", "first_image", "register"]
