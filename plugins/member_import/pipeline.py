"""The import run: sources in parallel by host, items written once, nothing lost.

For each source: walk the list pages (conditional GET; a 304 reuses the items
remembered in the state file), skip items already imported (by canonical URL),
fetch and parse each new article, sanitise, download images, convert to
Markdown and create ``<out>/<column>/<member>/<yyyy>/<member>-<hash>.md``.
A source that fails or suddenly lists nothing changes no file and is reported.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from members.registry import Member, Source

from .canonical import dedup_key, item_guid, item_stem
from .convert import attachments_markdown, html_to_markdown, summary_of
from .dates import TZ, format_date
from .encoding import decode_html
from .fetch import FetchConfig, FetchError, Fetcher, host_key
from .images import localise_images
from .parse import Article, ListItem, clean_text, page_problem, parse_article, parse_list
from .presets import GENERIC, Preset, resolve
from .report import RunReport, SourceReport
from .review import REVIEW_HEADER
from .sanitize import sanitize_html
from .store import State, Store

Progress = Callable[[int, int, str], None]
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
RECHECK_DAYS = 7  # an item skipped for a lasting reason is fetched again after this


@dataclass
class Options:
    """What one run does; the CLI fills it from its flags."""

    out_dir: Path
    state_path: Path
    dry_run: bool = False
    fetch: FetchConfig = field(default_factory=FetchConfig)
    workers: int = 8
    images: bool = True
    now: datetime | None = None


def describe(exc: FetchError) -> str:
    """Human reason for a failed request, recognising challenges and 系统提示 pages."""
    if exc.status is not None and exc.body:
        html, _ = decode_html(exc.body, exc.headers.get("content-type"))
        problem = page_problem(exc.status, html)
        if problem:
            return problem[1]
    if exc.kind == "robots":
        return f"robots.txt: {exc}"
    return str(exc)


def _looks_truncated(title: str) -> bool:
    return title.endswith(("...", "…", "..", "。。。"))


def choose_title(listed: str, article: str | None) -> str:
    """The article's own title when it agrees with (or completes) the list's title."""
    if article and (not listed or _looks_truncated(listed)
                    or article.startswith(listed.rstrip(".…。"))):
        return article
    return listed or article or ""


def choose_date(listed: datetime | None, article: datetime | None) -> datetime | None:
    """List date for the day, the article's when it agrees (it often carries the time)."""
    if listed is None:
        return article
    if article is not None and (article.month, article.day) == (listed.month, listed.day):
        return article
    return listed


def render(title: str, when: datetime, member: Member, canon: str, summary: str, body: str,
           review: bool = False) -> str:
    """The article file: Pelican metadata header, blank line, Markdown body.

    ``review``: the source wants an editor's approval first, so the item lands as
    a draft marked ``Review: pending`` (see review.py).
    """
    lines = [
        f"Title: {clean_text(title)}",
        f"Date: {format_date(when)}",
        f"Source: {member.name}",
        f"Source_url: {canon}",
        f"Guid: {item_guid(canon)}",
        f"Member: {member.id}",
    ]
    if summary:
        lines.append(f"Summary: {clean_text(summary)}")
    if review:
        lines.extend(REVIEW_HEADER)
    return "\n".join(lines) + "\n\n" + body.strip() + "\n"


class Importer:
    """One import run over a list of members."""

    def __init__(self, options: Options, fetcher: Fetcher | None = None) -> None:
        self.options = options
        self.fetcher = fetcher or Fetcher(options.fetch)
        self.store = Store(options.out_dir, dry_run=options.dry_run)
        self.state = State.load(options.state_path)
        self.now = options.now or datetime.now(TZ)

    # ----------------------------------------------------------------- run
    def run(self, members: list[Member], progress: Progress | None = None) -> RunReport:
        started = time.monotonic()
        report = RunReport(dry_run=self.options.dry_run)
        self.store.scan()
        groups: "OrderedDict[str, list[tuple[Member, Source]]]" = OrderedDict()
        for member in members:
            for source in member.sources:
                groups.setdefault(host_key(source.list_url), []).append((member, source))
        total = sum(len(g) for g in groups.values())
        done = 0
        lock = threading.Lock()

        def work(tasks: list[tuple[Member, Source]]) -> None:
            nonlocal done
            for member, source in tasks:
                result = self.run_source(member, source)
                report.add(result)
                with lock:
                    done += 1
                    if progress:
                        progress(done, total, f"{member.id}/{source.column}")

        if groups:
            with ThreadPoolExecutor(max_workers=max(1, min(self.options.workers, len(groups)))) as pool:
                for future in [pool.submit(work, tasks) for tasks in groups.values()]:
                    future.result()
        if not self.options.dry_run:
            self.store.sync()
            self.state.save()
        report.requests = self.fetcher.requests
        report.files_written = self.store.files_written
        report.files = sorted(str(p.relative_to(self.options.out_dir)) for p in self.store.created)
        report.seconds = time.monotonic() - started
        return report

    # ----------------------------------------------------------------- lists
    def _list_pages(self, source: Source, rep: SourceReport) -> tuple[list[ListItem], Preset | None]:
        items: list[ListItem] = []
        seen: set[str] = set()
        preset: Preset | None = None
        url: str | None = source.list_url
        visited: set[str] = set()
        for number in range(1, source.max_pages + 1):
            if url is None or url in visited:
                break
            visited.add(url)
            entry = self.state.list_entry(url) or {}
            cached = self.state.cached_items(url)
            try:
                resp = self.fetcher.get(url, etag=entry.get("etag") if cached else None,
                                        last_modified=entry.get("last_modified") if cached else None)
            except FetchError as exc:
                rep.fail(f"list page {number} ({url}): {describe(exc)}")
                break
            rep.pages += 1
            if resp.not_modified and cached is not None:
                rep.pages_not_modified += 1
                page_items, next_url = cached
                if preset is None:
                    preset = resolve(entry.get("preset") or "generic", "", source.selectors)
            else:
                html, _ = decode_html(resp.body, resp.headers.get("content-type"))
                problem = page_problem(resp.status, html)
                if problem:
                    rep.fail(f"list page {number} ({url}): {problem[1]}")
                    break
                if preset is None:
                    preset = resolve(source.preset, html, source.selectors)
                    if preset is None:
                        rep.fail("no CMS family recognised on the list page (preset auto): "
                                 "add 'selectors' (item, link, date, content) to this source")
                        break
                page = parse_list(html, resp.url, preset, self.now)
                page_items, next_url = page.items, page.next_url
                if page_items:
                    self.state.set_list(url, resp.headers.get("etag"),
                                        resp.headers.get("last-modified"), page_items, next_url,
                                        preset.name.split("+")[0])
                else:
                    self.state.forget_list(url)
            for item in page_items:
                if item.canon not in seen:
                    seen.add(item.canon)
                    items.append(item)
            url = next_url
        if preset is not None:
            rep.preset = preset.name
        return items, preset

    # ----------------------------------------------------------------- source
    def run_source(self, member: Member, source: Source) -> SourceReport:
        rep = SourceReport(member=member.id, member_name=member.name, column=source.column,
                           list_url=source.list_url)
        key = f"{member.id}|{source.column}|{source.list_url}"
        previous = self.state.source(key)
        try:
            items, preset = self._list_pages(source, rep)
        except Exception as exc:  # a bug or an unexpected page must not stop other sources
            rep.fail(f"unexpected error reading the list: {type(exc).__name__}: {exc}")
            return rep
        rep.listed = len(items)
        if not items:
            if rep.status == "ok":
                last = int(previous.get("last_count") or 0)
                if last:
                    rep.fail(f"probable layout change: 0 items matched (previous run: {last}); "
                             "no file was changed or deleted")
                else:
                    rep.fail("0 items matched on the list page: check the preset or selectors")
            return rep
        no_content = fetched = 0
        for item in items:
            key_item = dedup_key(item.canon)
            if not self.store.claim(key_item):
                rep.known += 1
                continue
            remembered = self.state.recent_skip(key_item, self.now, RECHECK_DAYS)
            if remembered:
                self.store.release(key_item)
                rep.skip(item.url, f"{remembered['why']} (seen {remembered['at'][:10]}; "
                                   f"checked again after {RECHECK_DAYS} days)")
                continue
            written = False
            try:
                outcome = self.import_item(member, source, preset or GENERIC, item, rep)
                written = outcome == "new"
                fetched += outcome in ("new", "no-content", "skipped")
                no_content += outcome == "no-content"
            except Exception as exc:
                rep.item_failed(item.url, f"unexpected error: {type(exc).__name__}: {exc}")
            finally:
                if not written:
                    self.store.release(key_item)
        if rep.failed:
            rep.fail(f"{len(rep.failed)} item(s) could not be fetched (retried next run)")
        if fetched >= 2 and no_content == fetched:
            rep.fail(f"probable article layout change: no content found in {fetched} articles")
        if not self.options.dry_run:
            self.state.set_source(key, last_count=len(items), last_ok=self.now.isoformat(),
                                  member=member.id, column=source.column)
        return rep

    # ----------------------------------------------------------------- items
    def _article_preset(self, preset: Preset, list_url: str, url: str, html: str) -> Preset:
        if host_key(url) == host_key(list_url):
            return preset
        return resolve("auto", html, None) or GENERIC

    def import_item(self, member: Member, source: Source, preset: Preset, item: ListItem,
                    rep: SourceReport) -> str:
        """Import one list item; returns new, known, skipped, no-content or failed."""
        try:
            resp = self.fetcher.get(item.url)
        except FetchError as exc:
            if exc.kind == "robots":
                rep.skip(item.url, describe(exc))
                return "skipped"
            reason = describe(exc)
            if exc.status in (404, 410) and "challenge" not in reason:
                self._lasting_skip(rep, item, f"gone at the source (HTTP {exc.status})")
                return "skipped"
            if "系统提示" in reason:
                self._lasting_skip(rep, item, reason)
                return "skipped"
            rep.item_failed(item.url, reason)
            return "failed"
        ctype = resp.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype not in HTML_TYPES and not resp.body.lstrip()[:1] == b"<":
            return self._document_item(member, source, item, ctype, rep)
        html, _ = decode_html(resp.body, resp.headers.get("content-type"))
        problem = page_problem(resp.status, html)
        if problem:
            if problem[0] == "permission":
                self._lasting_skip(rep, item, problem[1])
                return "skipped"
            rep.item_failed(item.url, problem[1])
            return "failed"
        art_preset = self._article_preset(preset, source.list_url, resp.url, html)
        article = parse_article(html, resp.url, art_preset, self.now)
        if article.content_html is None:
            other = resolve("auto", html, None)
            if other is not None and other.name != art_preset.name:
                article = parse_article(html, resp.url, other, self.now)
        if article.content_html is None and not article.attachments:
            rep.skip(item.url, "no article content found on the page")  # retried: may be layout
            return "no-content"
        return self._write(member, source, item, article, resp.url, rep)

    def _lasting_skip(self, rep: SourceReport, item: ListItem, why: str) -> None:
        rep.skip(item.url, why)
        if not self.options.dry_run:
            self.state.remember_skip(dedup_key(item.canon), why, self.now)

    def _document_item(self, member: Member, source: Source, item: ListItem, ctype: str,
                       rep: SourceReport) -> str:
        """A list entry that links straight to a file (PDF, DOC...): link to it."""
        name = unquote(urlsplit(item.url).path.rsplit("/", 1)[-1]) or item.title
        article = Article(title=None, date=None, content_html="",
                          attachments=[(f"{item.title}（{name}）", item.url)])
        return self._write(member, source, item, article, item.url, rep)

    def _write(self, member: Member, source: Source, item: ListItem, article: Article,
               page_url: str, rep: SourceReport) -> str:
        when = choose_date(item.date, article.date)
        if when is None:
            self._lasting_skip(rep, item, "no date on the list or the article page (never invented)")
            return "skipped"
        title = choose_title(item.title, article.title)
        if not title:
            rep.skip(item.url, "no title")
            return "skipped"
        stem = item_stem(member.id, item.canon)
        path = self.store.article_path(source.column, member.id, when, stem)
        clean = sanitize_html(article.content_html or "", page_url)
        local = localise_images(clean.html, clean.image_fallbacks, stem, path.parent,
                                self.fetcher, self.store,
                                download=self.options.images and not self.options.dry_run,
                                title=title)
        rep.warnings.extend(f"{item.url}: {p}" for p in local.problems)
        body = html_to_markdown(local.html) if local.html.strip() else ""
        files = attachments_markdown(article.attachments)
        body = "\n\n".join(part.strip() for part in (body, files) if part.strip())
        if not body:
            rep.skip(item.url, "empty article (no text, image or attachment)")
            return "no-content"
        text = render(title, when, member, item.canon, summary_of(clean.html), body,
                      review=source.review)
        if not self.store.create(path, text.encode("utf-8")):
            rep.skip(item.url, f"{path} already exists without this Source_url: kept as is")
            return "skipped"
        self.store.remember(dedup_key(item.canon), path)
        rep.new.append(str(path.relative_to(self.options.out_dir)))
        return "new"
