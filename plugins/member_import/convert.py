"""Clean HTML -> Markdown (markdownify), tables kept.

Simple tables (no merged cells, one paragraph per cell at most, no ``|`` in the
text) become pipe tables; any other table is kept as a compact raw HTML block,
which Python-Markdown passes through untouched, so no cell is ever lost.
"""

from __future__ import annotations

import re

from bs4 import Tag
from markdownify import MarkdownConverter

from .parse import clean_text, soup_of

BLOCKS = ("p", "div", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
          "pre", "dl")
PLACEHOLDER = "MEMBERIMPORTRAWTABLE{}X"
# Indentation made of nbsp / ideographic spaces (common in Chinese pages); ASCII
# spaces are left alone: they carry list nesting and "  " line breaks.
EDGE_SPACE = re.compile(r"^ *[\xa0\u3000][\xa0\u3000 ]*|[\xa0\u3000]+$", re.M)


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


class _Converter(MarkdownConverter):
    """markdownify with CJK-friendly whitespace."""


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
    text = _Converter(heading_style="ATX", bullets="-", newline_style="SPACES",
                      table_infer_header=True, escape_misc=False).convert(root.decode_contents())
    for index, table_html in enumerate(raw_tables):
        text = text.replace(PLACEHOLDER.format(index), "\n\n" + table_html + "\n\n")
    text = EDGE_SPACE.sub("", text)
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


def plain_text(html: str) -> str:
    """Text of an HTML fragment, blocks separated by one space, inline runs joined."""
    soup = soup_of(html)
    for tag in soup.find_all([*BLOCKS, "br", "li", "td", "th", "tr", "img"]):
        tag.insert_after(" ")
    return clean_text(soup.get_text(""))


def summary_of(html: str, limit: int = 120) -> str:
    """First ``limit`` characters of the plain text, single-line."""
    text = plain_text(html)
    return text if len(text) <= limit else text[:limit].rstrip() + "…"
