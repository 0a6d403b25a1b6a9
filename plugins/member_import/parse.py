"""Pure parsing: saved HTML + its URL -> list items, next page, article parts.

Nothing here touches the network, so every function is tested on saved pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from .canonical import canonical_url
from .dates import parse_date
from .presets import Preset

try:  # lxml comes with feedgen; html.parser is the fallback
    import lxml  # noqa: F401

    PARSER = "lxml"
except ImportError:  # pragma: no cover
    PARSER = "html.parser"

ATTACHMENT_EXT = re.compile(
    r"\.(?:docx?|xlsx?|pptx?|pdf|zip|rar|7z|wps|et|txt|csv|ofd|tif)(?:$|[?#])", re.I
)
ATTACHMENT_HINT = re.compile(r"download\.jsp|DownloadAttachUrl|/_upload/article/files/", re.I)
WS = re.compile(r"\s+")


@dataclass(frozen=True)
class ListItem:
    """One entry of a list page."""

    url: str
    canon: str
    title: str
    date: datetime | None


@dataclass
class ListPage:
    """Items of one list page and the URL of the next (older) page, if any."""

    items: list[ListItem]
    next_url: str | None


@dataclass
class Article:
    """The parts of an article page; ``content_html`` is not sanitised yet."""

    title: str | None
    date: datetime | None
    content_html: str | None
    attachments: list[tuple[str, str]] = field(default_factory=list)


def soup_of(html: str) -> BeautifulSoup:
    """Parse HTML with the fastest available parser."""
    return BeautifulSoup(html, PARSER)


def clean_text(text: str | None) -> str:
    """Collapse whitespace (titles are single-line)."""
    return WS.sub(" ", (text or "").replace("\u3000", " ")).strip()


def _is_web_link(href: str | None) -> bool:
    if not href:
        return False
    href = href.strip()
    if not href or href.startswith("#"):
        return False
    scheme = urlsplit(href).scheme.lower()
    return scheme in ("", "http", "https")


def _first(root: Tag, selectors: tuple[str, ...]) -> Tag | None:
    for selector in selectors:
        try:
            found = root.select_one(selector)
        except Exception:  # a bad selector must not break the whole run
            continue
        if found is not None:
            return found
    return None


def _all(root: Tag, selectors: tuple[str, ...]) -> list[Tag]:
    found: list[Tag] = []
    for selector in selectors:
        try:
            found.extend(root.select(selector))
        except Exception:
            continue
    return found


def _meta(soup: BeautifulSoup, names: tuple[str, ...]) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"name": re.compile(f"^{re.escape(name)}$", re.I)}) or \
            soup.find("meta", attrs={"property": name})
        if tag and clean_text(tag.get("content")):
            return clean_text(tag.get("content"))
    return None


def _text_without(item: Tag, skip: Tag) -> str:
    parts = []
    for text in item.find_all(string=True):
        if skip in text.parents:
            continue
        parts.append(str(text))
    return " ".join(parts)


def _item_date(item: Tag, link: Tag, preset: Preset, now: datetime | None) -> datetime | None:
    if preset.date:
        for el in item.select(preset.date):
            if link in el.parents or el is link:
                continue
            found = parse_date(el.get_text(" "), now)
            if found:
                return found
    # Anywhere in the item except the link (titles often contain "2024年…").
    return parse_date(_text_without(item, link), now)


def _near_pager(soup: BeautifulSoup, matched: list[Tag], preset: Preset) -> list[Tag]:
    """Keep the items of the list the pager belongs to (sidebars list news too)."""
    pager = _first(soup, preset.pager)
    if pager is None or len(matched) < 2:
        return matched
    for ancestor in pager.parents:
        inside = [tag for tag in matched if ancestor in tag.parents]
        if inside:
            return inside
    return matched


def parse_list(html: str, page_url: str, preset: Preset, now: datetime | None = None) -> ListPage:
    """Items of a list page (deduplicated by canonical URL) and its next-page link."""
    soup = soup_of(html)
    matched: list[Tag] = []
    for root in [*_all(soup, preset.list_scope), soup]:
        try:
            matched = root.select(preset.item)
        except Exception:
            matched = []
        if matched:
            break
    matched = _near_pager(soup, matched, preset)
    ids = {id(tag) for tag in matched}
    items: list[ListItem] = []
    seen: set[str] = set()
    for item in matched:
        # A menu <li> wrapping other matched <li>s is not an item itself.
        if any(id(inner) in ids for inner in item.find_all("li")):
            continue
        link = next((a for a in item.select(preset.link) if _is_web_link(a.get("href"))), None)
        if link is None:
            continue
        url = urljoin(page_url, link["href"].strip())
        canon = canonical_url(url)
        if canon in seen:
            continue
        title_el = item.select_one(preset.title) if preset.title else None
        title_el = title_el or link
        title = clean_text(title_el.get("title")) or clean_text(title_el.get_text(""))
        if not title:
            continue
        seen.add(canon)
        items.append(ListItem(url=url, canon=canon, title=title,
                              date=_item_date(item, link, preset, now)))
    return ListPage(items=items, next_url=next_page(soup, page_url, preset))


def next_page(soup: BeautifulSoup, page_url: str, preset: Preset) -> str | None:
    """URL of the next list page from the site's own pager, or None on the last page."""
    for selector in preset.pager_next:
        try:
            links = soup.select(selector)
        except Exception:
            continue
        for link in links:
            href = link.get("href")
            if _is_web_link(href):
                url = urljoin(page_url, href.strip())
                if canonical_url(url) != canonical_url(page_url):
                    return url
    return None


def _scoped(soup: BeautifulSoup, preset: Preset) -> Tag:
    return _first(soup, preset.article_scope) or soup


def article_title(soup: BeautifulSoup, preset: Preset) -> str | None:
    """Title from ``<meta name=ArticleTitle>`` or the family's title element."""
    meta = _meta(soup, preset.meta_title)
    if meta:
        return meta
    scope = _scoped(soup, preset)
    for root in (scope, soup):
        for selector in preset.article_title:
            if selector == "title":
                continue
            try:
                found = root.select_one(selector)
            except Exception:
                continue
            text = clean_text(found.get_text("")) if found else ""
            if text and len(text) <= 300:
                return text
    return None


def article_date(soup: BeautifulSoup, preset: Preset, now: datetime | None = None) -> datetime | None:
    """Date from ``<meta name=PubDate>``, the family's date element, or a 发布时间 label."""
    meta = _meta(soup, preset.meta_date)
    if meta:
        found = parse_date(meta, now)
        if found:
            return found
    scope = _scoped(soup, preset)
    for root in (scope, soup):
        for selector in preset.article_date:
            try:
                elements = root.select(selector)
            except Exception:
                continue
            for el in elements[:5]:
                found = parse_date(el.get_text(" "), now)
                if found:
                    return found
    body = soup.body or soup
    text = body.get_text(" ")
    label = re.search(r"(?:发布|发表|更新)(?:时间|日期)\s*[:：]", text)
    if label:
        return parse_date(text[label.start(): label.end() + 40], now)
    return None


def _attachments(scope: Tag, content: Tag | None, page_url: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for link in scope.find_all("a", href=True):
        if content is not None and (link is content or content in link.parents):
            continue
        href = link["href"].strip()
        if not _is_web_link(href) or not (ATTACHMENT_EXT.search(href) or ATTACHMENT_HINT.search(href)):
            continue
        url = urljoin(page_url, href)
        if url in seen:
            continue
        seen.add(url)
        name = clean_text(link.get_text(" ")) or url.rsplit("/", 1)[-1]
        found.append((name, url))
    return found


def parse_article(html: str, page_url: str, preset: Preset, now: datetime | None = None) -> Article:
    """Title, date, content HTML (junk removed, not yet sanitised) and attachments."""
    soup = soup_of(html)
    title = article_title(soup, preset)
    date = article_date(soup, preset, now)
    content = _first(soup, preset.article_content)
    scope = _scoped(soup, preset)
    attachments = _attachments(scope, content, page_url)
    content_html = None
    if content is not None:
        for selector in preset.drop:
            for junk in content.select(selector):
                junk.decompose()
        content_html = content.decode_contents()
    return Article(title=title, date=date, content_html=content_html, attachments=attachments)


# ---------------------------------------------------------------- problem pages
CHALLENGE_HINT = re.compile(r"document\.cookie|location\.(?:reload|href|replace)|eval\(|setTimeout", re.I)
PERMISSION_HINT = re.compile(r"没有权限|无权|权限不足|不存在|已过期|禁止访问|未授权|请登录|登录后")


def page_problem(status: int, html: str) -> tuple[str, str] | None:
    """Recognise pages that are not content: an anti-bot challenge or a 系统提示 page.

    Returns ``(kind, explanation)`` with kind ``challenge`` or ``permission``.
    """
    head = html[:200_000]
    if status != 412 and "系统提示" not in head and not (
            len(head) < 20_000 and CHALLENGE_HINT.search(head)):
        return None  # the common case, decided without parsing the page
    soup = soup_of(head)
    scripts = soup.find_all("script")
    script_text = " ".join(s.get_text() for s in scripts)
    for s in scripts:
        s.decompose()
    text = clean_text(soup.get_text(" "))
    if status == 412 or (status in (200, 202, 403, 503, 521) and scripts and len(text) < 200
                         and CHALLENGE_HINT.search(script_text)):
        return ("challenge", f"anti-bot challenge (HTTP {status} with a JavaScript cookie check); "
                "not fought: ask the member to allow the association's crawler")
    title = clean_text(soup.title.get_text()) if soup.title else ""
    if "系统提示" in title or ("系统提示" in text and len(text) < 1500 and PERMISSION_HINT.search(text)):
        detail = clean_text(text.replace("系统提示", ""))[:60]
        return ("permission", f"系统提示 page instead of content (no permission?): {detail}")
    return None
