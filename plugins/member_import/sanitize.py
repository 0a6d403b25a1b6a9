"""Sanitise untrusted article HTML with nh3 (ammonia).

Before cleaning, links and images are resolved against the page URL: ``href``,
and for images the best of ``original-src``/``orisrc``/``data-original``/``src``
(the others are kept as fallbacks for the image download). nh3 then keeps a
small allowlist: no script, style, iframe, SVG/MathML, event handler, inline
style, ``javascript:`` or ``data:`` URL survives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import nh3

from .parse import soup_of

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li",
    "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
}
CLEAN_CONTENT = {
    "script", "style", "iframe", "frame", "frameset", "noscript", "object", "embed", "applet",
    "svg", "math", "template", "textarea", "select", "button", "video", "audio", "canvas",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "abbr": {"title"},
    "ol": {"start"},  # a list continued after a paragraph keeps its numbers
}
URL_SCHEMES = {"http", "https", "mailto"}
IMAGE_ATTRS = ("original-src", "orisrc", "data-original", "data-src", "src")


@dataclass
class CleanHtml:
    """Sanitised HTML and, per image URL used in it, other URLs to try when it fails."""

    html: str
    image_fallbacks: dict[str, list[str]] = field(default_factory=dict)


def _absolute(value: str | None, base: str) -> str | None:
    if not value or not value.strip():
        return None
    value = value.strip()
    scheme = urlsplit(value).scheme.lower()
    if scheme not in ("", "http", "https", "mailto"):
        return None
    absolute = urljoin(base, value)
    return absolute if urlsplit(absolute).scheme in URL_SCHEMES else None


def resolve_urls(html: str, base: str) -> CleanHtml:
    """Make links and image sources absolute; pick the best image source."""
    soup = soup_of(html)
    fallbacks: dict[str, list[str]] = {}
    for img in soup.find_all("img"):
        candidates: list[str] = []
        for attr in IMAGE_ATTRS:
            url = _absolute(img.get(attr), base)
            if url and url not in candidates and url.startswith("http"):
                candidates.append(url)
        if not candidates:
            img.decompose()
            continue
        for attr in IMAGE_ATTRS:
            if attr in img.attrs:
                del img[attr]
        img["src"] = candidates[0]
        if len(candidates) > 1:
            fallbacks[candidates[0]] = candidates[1:]
    for link in soup.find_all("a"):
        url = _absolute(link.get("href"), base)
        if url:
            link["href"] = url
        elif "href" in link.attrs:
            del link["href"]
    root = soup.body if soup.body is not None else soup
    return CleanHtml(html=root.decode_contents(), image_fallbacks=fallbacks)


def sanitize_html(html: str, base: str) -> CleanHtml:
    """Resolve URLs against ``base`` and clean with nh3."""
    resolved = resolve_urls(html, base)
    cleaned = nh3.clean(
        resolved.html,
        tags=TAGS,
        clean_content_tags=CLEAN_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return CleanHtml(html=cleaned, image_fallbacks=resolved.image_fallbacks)
