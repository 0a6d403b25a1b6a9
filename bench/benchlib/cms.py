"""Imported member news for the benchmark corpus, made by the importer itself.

Each item starts as the HTML body a member site's CMS would serve (VSB or
Sudy WebPlus markup as in ``shared/reference/member-sites``: indented
paragraphs, text wrapped in the HTML source, ``<br>`` line breaks, bold
lead-ins, centred photos with captions, links, attachment lists, tables with
merged cells, nested lists, numbered paragraphs) and goes through the
importer's own code: ``sanitize_html``, ``localise_images`` (images saved
beside the article; about one in twenty fails and is dropped with its alt
text), ``html_to_markdown``, ``attachments_markdown``, ``summary_of`` and the
header of ``pipeline.render``. So the corpus holds what ``make fetch``
writes, not text shaped for any renderer.

Kinds and their weights come from the reference pages: photo news (the Sudy
page: many photos with 图｜ captions, bold runs), reports and notices with
attachment lists (the VSB page: ~36 attachments), plain long paragraphs (the
GBK news page), and tender notices (label lines with ``<br>``, item tables,
bid documents).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image

from .text import Writer

# Campus news kinds (weights) and tender notices; see the module docstring.
CAMPUS_KINDS = {"photo": 40, "report": 30, "notice": 20, "table": 10}
MISSING_IMAGE = 0.05  # share of images whose download fails (dropped, alt text kept)
FILE_TYPES = (".doc", ".docx", ".pdf", ".xls", ".xlsx", ".zip")


def tiny_jpeg() -> bytes:
    """A small photo-like JPEG: what an imported image costs on disk is not measured here."""
    image = Image.new("RGB", (96, 64), (180, 120, 60))
    for x in range(0, 96, 8):
        for y in range(64):
            image.putpixel((x, y), (240, 240, 240))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


_JPEG = tiny_jpeg()


@dataclass
class Source:
    """One item as the member site serves it."""

    html: str
    attachments: list[tuple[str, str]]
    page_url: str


class _Response:
    def __init__(self, url: str, body: bytes) -> None:
        self.url, self.status, self.body = url, 200, body


class FakeFetcher:
    """Serves every image URL with a small JPEG, except the ones marked missing."""

    def get(self, url: str, max_bytes: int | None = None, **_: object) -> _Response:
        from member_import.fetch import FetchError

        if "missing" in url:
            raise FetchError("http", "HTTP 404", url, 404)
        return _Response(url, _JPEG)


class FileStore:
    """The importer's ``Store.create`` for a folder the generator owns."""

    def create(self, path: Path, data: bytes) -> bool:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return True


class SiteHtml:
    """Member-site HTML bodies from one seeded RNG."""

    def __init__(self, rng: random.Random, host: str) -> None:
        self.rng, self.text, self.host = rng, Writer(rng), host
        self.images = 0

    def _url(self, path: str) -> str:
        return f"https://{self.host}{path}"

    def paragraph(self, text: str | None = None) -> str:
        r = self.rng
        text = text if text is not None else self.text.paragraph()
        if r.random() < 0.15 and len(text) > 30:  # the CMS wrapped the source line
            cut = r.randint(10, len(text) - 10)
            text = text[:cut] + "\n" + text[cut:]
        if r.random() < 0.06:
            text = f"<strong>{r.choice(('一是', '二是', '三是', '据悉，', '会议指出，'))}</strong>{text}"
        if r.random() < 0.05:
            link = f'<a href="{self._url(f"/info/1018/{r.randint(1000, 9999)}.htm")}">{self.text.phrase(2, 3)}</a>'
            text = text + f"详见{link}。"
        style = r.choice(('style="text-indent:2em;"', "", 'style="text-align:justify;line-height:1.8em"'))
        if not style and r.random() < 0.5:
            text = "\u3000\u3000" + text
        if r.random() < 0.3:
            text = f'<span style="font-family:宋体;font-size:16px">{text}</span>'
        return f"<p {style}>{text}</p>" if style else f"<p>{text}</p>"

    def lines(self, count: int) -> str:
        """Short lines separated by ``<br>``, as notices lay out dates and contacts."""
        items = [self.text.sentence() for _ in range(count)]
        return "<p>" + "<br>".join(items) + "</p>"

    def photo(self) -> str:
        r = self.rng
        self.images += 1
        name = "missing" if r.random() < MISSING_IMAGE else f"{r.getrandbits(40):010x}"
        alt = self.text.phrase(2, 3) if r.random() < 0.2 else ""
        src = self._url(f"/__local/{r.randint(1, 9)}/{r.randint(10, 99)}/{name}_d.jpg")
        img = f'<p style="text-align:center"><img src="{src}" alt="{alt}" width="600" border="0"></p>'
        if r.random() < 0.6:
            img += f'<p style="text-align:center">图｜{self.text.phrase(3, 5)}</p>'
        return img

    def nested_list(self) -> str:
        r = self.rng
        outer = r.choice(("ul", "ol"))
        start = f' start="{r.randint(2, 5)}"' if outer == "ol" and r.random() < 0.3 else ""
        items = []
        for _ in range(r.randint(2, 4)):
            inner = ""
            if r.random() < 0.5:
                kind = r.choice(("ul", "ol"))
                inner = f"<{kind}>" + "".join(f"<li>{self.text.sentence()}</li>" for _ in range(r.randint(2, 3))) + f"</{kind}>"
            items.append(f"<li>{self.text.sentence()}{inner}</li>")
        return f"<{outer}{start}>" + "".join(items) + f"</{outer}>"

    def numbered_paragraphs(self) -> str:
        """``<p>1. …</p>``: text that reads as a list but is paragraphs (escaped by the importer)."""
        return "".join(f"<p>{k}. {self.text.sentence()}</p>" for k in range(1, self.rng.randint(3, 6)))

    def table(self, merged: bool) -> str:
        r = self.rng
        cols = r.randint(3, 5)
        head = "".join(f'<td align="center"><strong>{self.text.phrase(1, 2)}</strong></td>' for _ in range(cols))
        rows = [f"<tr>{head}</tr>"]
        if merged:
            rows.append(f'<tr><td colspan="{cols}" align="center">{self.text.phrase(2, 4)}</td></tr>')
        for k in range(r.randint(2, 8)):
            cells = [str(k + 1)] + [r.choice((self.text.phrase(1, 3), self.text.number()))
                                     for _ in range(cols - 1)]
            rows.append("<tr>" + "".join(f'<td align="center">{c}</td>' for c in cells) + "</tr>")
        return '<table border="1" cellspacing="0" style="width:100%">' + "".join(rows) + "</table>"

    def attachments(self, low: int, high: int) -> list[tuple[str, str]]:
        r = self.rng
        found = []
        for _ in range(r.randint(low, high)):
            name = f"{self.text.phrase(2, 4)}{r.choice(FILE_TYPES)}"
            url = self._url(f"/system/_content/download.jsp?urltype=news.DownloadAttachUrl"
                            f"&owner={r.randint(10**9, 2 * 10**9)}&wbfileid={r.randint(10**6, 10**7)}")
            found.append((name, url))
        return found

    def heading(self, number: int) -> str:
        label = "一二三四五六七八九十"[number % 10]
        text = f"{label}、{self.text.phrase(2, 4)}"
        return f"<h3>{text}</h3>" if self.rng.random() < 0.5 else f"<p><strong>{text}</strong></p>"


def campus_source(html: SiteHtml, page_url: str, chars: int) -> Source:
    r = html.rng
    kind = r.choices(list(CAMPUS_KINDS), weights=list(CAMPUS_KINDS.values()))[0]
    blocks: list[str] = []
    attachments: list[tuple[str, str]] = []
    size = 0
    if kind == "notice":
        blocks.append(f"<p>{r.choice(('各学院、各部门：', '各位师生：', '各单位：'))}</p>")
    while size < chars:
        roll = r.random()
        if kind == "photo" and roll < 0.35:
            blocks.append(html.photo())
        elif kind == "report" and roll < 0.08:
            blocks.append(html.heading(len(blocks)))
        elif roll < 0.06:
            blocks.append(html.nested_list())
        elif kind == "notice" and roll < 0.15:
            blocks.append(html.numbered_paragraphs())
        elif roll < 0.25 and kind in ("notice", "report"):
            blocks.append(html.lines(r.randint(2, 4)))
        else:
            text = html.text.paragraph()
            blocks.append(html.paragraph(text))
            size += len(text)
    if kind == "table":
        blocks.insert(r.randint(1, len(blocks)), html.table(merged=r.random() < 0.4))
    if kind == "photo" and html.images == 0:
        blocks.insert(1, html.photo())
    if kind == "notice" or r.random() < 0.1:
        attachments = html.attachments(1, 8 if kind == "notice" else 3)
        if r.random() < 0.3:  # VSB: attachments as a list inside the body
            blocks.append("<ul>" + "".join(f'<li>附件【<a href="{u}">{n}</a>】已下载次</li>' for n, u in attachments) + "</ul>")
            attachments = []
    return Source("".join(blocks), attachments, page_url)


def tender_source(html: SiteHtml, page_url: str, school: str, date: datetime) -> Source:
    r = html.rng
    labels = ("项目名称", "项目编号", "采购方式", "预算金额", "采购需求", "投标截止时间", "开标地点")
    lines = [f"{k + 1}、{label}：{html.text.phrase(2, 4) if label != '预算金额' else html.text.number() + '万元'}"
             for k, label in enumerate(r.sample(labels, r.randint(3, len(labels))))]
    blocks = [html.paragraph(f"{school}就{html.text.phrase(2, 4)}项目进行{r.choice(('公开招标', '竞争性磋商', '询价'))}，"
                             f"欢迎符合条件的供应商参加。"), "<p>" + "<br>".join(lines) + "</p>"]
    if r.random() < 0.5:
        blocks.append(html.table(merged=r.random() < 0.3))
    for _ in range(r.randint(1, 3)):
        blocks.append(html.paragraph())
    contact = [f"采购人：{school}", f"联系人：{html.text.noun()}老师",
               f"联系电话：028-{r.randint(80000000, 89999999)}", f"日期：{date.year}年{date.month}月{date.day}日"]
    blocks.append("<p>" + "<br>".join(contact) + "</p>")
    if r.random() < 0.4:
        blocks.append(f'<p>公告同时在<a href="https://www.ccgp-sichuan.gov.cn/">四川政府采购网</a>发布。</p>')
    attachments = html.attachments(1, 4) if r.random() < 0.6 else []
    return Source("".join(blocks), attachments, page_url)


def imported_file(source: Source, title: str, when: datetime, member: object, canon: str,
                  stem: str, folder: Path) -> str:
    """The article file the importer writes for ``source`` (images saved in ``folder``)."""
    from member_import.convert import attachments_markdown, html_to_markdown, summary_of
    from member_import.images import localise_images
    from member_import.pipeline import render
    from member_import.sanitize import sanitize_html

    clean = sanitize_html(source.html, source.page_url)
    local = localise_images(clean.html, clean.image_fallbacks, stem, folder, FakeFetcher(),  # type: ignore[arg-type]
                            FileStore(), download=True, title=title)  # type: ignore[arg-type]
    body = html_to_markdown(local.html) if local.html.strip() else ""
    files = attachments_markdown(source.attachments)
    body = "\n\n".join(part.strip() for part in (body, files) if part.strip())
    return render(title, when, member, canon, summary_of(clean.html), body)  # type: ignore[arg-type]
