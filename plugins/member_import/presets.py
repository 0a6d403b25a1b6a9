"""CMS families as data: which selectors find list items, articles, dates and pagers.

Two families cover most Chinese university sites:

* Boda **VSB** (Visual SiteBuilder): list items ``<li><span>date</span><a href="../info/T/N.htm">``,
  article in ``form[name=_newscontent_fromname]`` > ``#vsb_content`` > ``.v_news_content``,
  date in ``div.time`` or ``<meta name="PubDate">``; pager ``span.p_pages`` whose
  ``p_next`` page numbers count DOWN (``list/11.htm`` is page 2); old pager ``a.Next``.
* Sudy **WebPlus**: ``ul.news_list li.news``, ``.news_title a``, ``.news_meta``;
  article ``h1.arti_title``, ``span.arti_update``, ``div.wp_articlecontent``; pager
  ``ul.wp_paging a.next`` counting UP (``list2.htm`` ...).

``generic`` is used with explicit selectors from the registry when no family fits.
The pager is always followed through its own "next" link, so the direction of
the numbering never has to be computed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from members.registry import Selectors


@dataclass(frozen=True)
class Preset:
    """Selectors of one CMS family. Tuples are tried in order; the first match wins."""

    name: str
    item: str
    link: str
    title: str | None
    date: str | None
    article_title: tuple[str, ...]
    article_date: tuple[str, ...]
    article_content: tuple[str, ...]
    article_scope: tuple[str, ...]  # where attachments are looked for
    meta_title: tuple[str, ...]
    meta_date: tuple[str, ...]
    pager_next: tuple[str, ...]
    drop: tuple[str, ...] = ()  # elements removed from the content (pager, vote, prev/next)
    list_scope: tuple[str, ...] = ()  # the main list's container (sidebars hold lists too)
    pager: tuple[str, ...] = ()  # the pager: the main list is the one next to it


COMMON_META_TITLE = ("ArticleTitle", "og:title")
COMMON_META_DATE = ("PubDate", "publishdate", "article:published_time")
COMMON_TITLE = ("h1", ".title", ".article-title", ".news_title", "title")
COMMON_DATE = (".time", ".date", ".pubdate", ".arti_update", ".info", ".news_meta")
COMMON_DROP = ("script", "style", "noscript", "#div_vote_id", "dl.page", ".fenxiang", ".bdsharebuttonbox")

VSB = Preset(
    name="vsb",
    item='li:has(a[href*="info/"])',
    link='a[href*="info/"]',
    title=None,
    date="span",
    article_title=(".title", "h1", "h2", ".titlestyle", "title"),
    article_date=("div.time", ".time", ".timestyle", ".date", ".info"),
    article_content=(".v_news_content", "#vsb_content", "form[name=_newscontent_fromname]"),
    article_scope=("form[name=_newscontent_fromname]", "#vsb_content", "body"),
    meta_title=COMMON_META_TITLE,
    meta_date=COMMON_META_DATE,
    pager_next=("span.p_next a", ".p_pages a.p_next", "a.Next", "a.next"),
    drop=COMMON_DROP,
    pager=("span.p_pages", "[id^=fanye]", ".pb_sys_common"),
)

SUDY = Preset(
    name="sudy",
    item="ul.news_list li.news",
    link=".news_title a",
    title=".news_title a",
    date=".news_meta",
    article_title=("h1.arti_title", ".arti_title", "h1"),
    article_date=("span.arti_update", ".arti_metas", ".arti_publisher"),
    article_content=("div.wp_articlecontent", ".wp_articlecontent", ".read", ".entry"),
    article_scope=("[portletmode=simpleArticleAttri]", ".article", ".infobox", "body"),
    meta_title=COMMON_META_TITLE,
    meta_date=COMMON_META_DATE,
    pager_next=("ul.wp_paging a.next", ".wp_paging a.next", "a.next"),
    drop=COMMON_DROP,
    list_scope=("[portletmode=simpleList]", ".col_news_list"),
    pager=("ul.wp_paging", "[id^=wp_paging]"),
)

GENERIC = Preset(
    name="generic",
    item="li",
    link="a",
    title=None,
    date=None,
    article_title=COMMON_TITLE,
    article_date=COMMON_DATE,
    article_content=("article", ".content", "#content", ".article", "main"),
    article_scope=("body",),
    meta_title=COMMON_META_TITLE,
    meta_date=COMMON_META_DATE,
    pager_next=("a.next", "a.Next", ".next a", 'a[rel="next"]'),
    drop=COMMON_DROP,
)

PRESETS: dict[str, Preset] = {p.name: p for p in (VSB, SUDY, GENERIC)}

# Markers seen in the page source, strongest first.
VSB_MARKERS = (
    re.compile(r"Announced by Visual SiteBuilder", re.I),
    re.compile(r"_newscontent_fromname|v_news_content|vsb_content|class=\"?p_pages"),
    re.compile(r"/system/resource/js/|_showDynClick|wbnewsid|wbtreeid"),
)
SUDY_MARKERS = (
    re.compile(r"<html[^>]+class=[\"'][^\"']*webplus-", re.I),
    re.compile(r"wp_articlecontent|wp_paging|sudy-wp-|sudyfile-attr"),
)


def detect(html: str) -> str | None:
    """Name of the CMS family the page belongs to (``vsb``/``sudy``) or None."""
    vsb = sum(1 for marker in VSB_MARKERS if marker.search(html))
    sudy = sum(1 for marker in SUDY_MARKERS if marker.search(html))
    if vsb == sudy == 0:
        return None
    return "vsb" if vsb >= sudy else "sudy"


def resolve(preset_name: str, html: str, selectors: Selectors | None) -> Preset | None:
    """The preset to use for a source: named or detected, overridden by explicit selectors.

    Returns None when ``auto`` recognises nothing and there are no selectors.
    """
    name = detect(html) if preset_name == "auto" else preset_name
    if name is None and selectors is None:
        return None
    base = PRESETS[name or "generic"]
    if selectors is None:
        return base
    overrides = {"list_scope": (), "pager": (), "item": selectors.item, "link": selectors.link,
                 "title": selectors.title, "date": selectors.date}
    if selectors.content:
        # An explicit content selector is exact: no guessing when it stops matching.
        overrides["article_content"] = (selectors.content,)
    return replace(base, name=f"{base.name}+selectors", **overrides)
