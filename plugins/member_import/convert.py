"""Clean HTML -> Markdown in the site's dialect (dialect.py), tables kept; the summary.

Simple tables (no merged cells, one paragraph per cell at most, no ``|`` in the
text) become pipe tables; any other table is kept as a compact raw HTML block,
which Python-Markdown passes through untouched, so no cell is ever lost.

The automatic summary is the text of the first paragraph (a run of text
between blocks or ``<br>``; tables, captions and image-only blocks are not
paragraphs), continued into the next ones while it is shorter than
``SUMMARY_MIN`` characters (a salutation such as 各会员单位： is not a summary),
joined with the site's Chinese joining rules (cjk_markdown).
"""

from __future__ import annotations

import re

from bs4 import Comment, NavigableString, Tag
from cjk_markdown.rules import squeeze

from .dialect import SiteMarkdownConverter
from .parse import clean_text, soup_of

BLOCKS = ("p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
          "pre", "dl")
PLACEHOLDER = "MEMBERIMPORTRAWTABLE{}X"
# Indentation made of nbsp / ideographic spaces (common in Chinese pages); ASCII
# spaces are kept: they carry list nesting and "  " line breaks.
EDGE_SPACE = re.compile(r"^( *)[\xa0\u3000][\xa0\u3000 ]*|[\xa0\u3000]+$", re.M)
SUMMARY_MIN = 30
NOT_PARAGRAPHS = ("table", "figcaption", "caption", "script", "style")


def _table_is_simple(table: Tag) -> bool:
    if table.find("table"):
        return False
    for cell in table.find_all(["td", "th"]):
        for attr in ("colspan", "rowspan"):
            value = str(cell.get(attr, "1")).strip()
            if value not in ("", "1"):
                return False
        if "|" in cell.get_text():
            return False
        blocks = cell.find_all(BLOCKS)
        if len(blocks) > 1 or cell.find(["img", "br"]):
            return False
        for block in blocks:
            block.unwrap()
    rows = table.find_all("tr")
    widths = {len(row.find_all(["td", "th"])) for row in rows}
    return bool(rows) and len(widths) == 1


def _compact(html: str) -> str:
    lines = (line.strip() for line in html.splitlines())
    return "\n".join(line for line in lines if line)


def html_to_markdown(html: str) -> str:
    """Convert sanitised HTML to Markdown; complex tables stay raw HTML."""
    soup = soup_of(html)
    raw_tables: list[str] = []
    for table in soup.find_all("table"):
        if table.find_parent("table") is not None:
            continue
        if not _table_is_simple(table):
            raw_tables.append(_compact(str(table)))
            marker = soup.new_tag("p")
            marker.string = PLACEHOLDER.format(len(raw_tables) - 1)
            table.replace_with(marker)
    root = soup.body if soup.body is not None else soup
    text = SiteMarkdownConverter(heading_style="ATX", bullets="-", newline_style="SPACES",
                                 table_infer_header=True, escape_misc=False).convert(root.decode_contents())
    for index, table_html in enumerate(raw_tables):
        text = text.replace(PLACEHOLDER.format(index), "\n\n" + table_html + "\n\n")
    text = EDGE_SPACE.sub(lambda m: m.group(1) or "", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def attachments_markdown(attachments: list[tuple[str, str]]) -> str:
    """A 附件 list linking to the source's files (absolute URLs, file name as text)."""
    if not attachments:
        return ""
    lines = ["**附件**", ""]
    for name, url in attachments:
        label = clean_text(name).replace("[", "\\[").replace("]", "\\]") or url
        lines.append(f"- [{label}](<{url}>)")
    return "\n".join(lines) + "\n"


def paragraphs(html: str) -> list[str]:
    """Text of each paragraph of an HTML fragment, in order, joined and single-line.
    A run made only of link labels (点此查看, 返回列表) is not a paragraph."""
    soup = soup_of(html)
    found: list[str] = []
    current: list[str] = []
    own_text = [False]  # text outside links in the current run

    def close() -> None:
        text = squeeze("".join(current))
        if text and own_text[0]:
            found.append(text)
        current.clear()
        own_text[0] = False

    def walk(node: Tag, in_link: bool) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                current.append(str(child))
                own_text[0] = own_text[0] or (not in_link and bool(str(child).strip()))
            elif isinstance(child, Tag) and child.name in NOT_PARAGRAPHS:
                close()
            elif isinstance(child, Tag) and (child.name in BLOCKS or child.name in ("br", "li", "dt", "dd")):
                close()
                walk(child, in_link)
                close()
            elif isinstance(child, Tag):
                walk(child, in_link or child.name == "a")

    walk(soup.body if soup.body is not None else soup, False)
    close()
    return found


def summary_of(html: str, limit: int = 120) -> str:
    """The first paragraph's text (continued while shorter than SUMMARY_MIN), single-line."""
    text = ""
    for paragraph in paragraphs(html):
        text = squeeze(f"{text}\n{paragraph}") if text else paragraph
        if len(text) >= SUMMARY_MIN:
            break
    text = clean_text(text)
    return text if len(text) <= limit else text[:limit].rstrip() + "…"
