"""Collect the member-only material of a content tree, then search a built tree for it."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable

import ahocorasick

from .classify import Source, classify, read_text
from .fingerprints import (
    header_fields,
    link_paths,
    links,
    markdown_text,
    normalize,
    sentences,
    short_text,
    without_header,
    split_list,
)

DEFAULT_STATIC_DIRS = ("files/members", "images/members")
TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".txt", ".js", ".css", ".csv", ".md", ".xsl",
                 ".rss", ".atom", ".svg", ".webmanifest", ".pf_meta", ".pf_fragment", ".pf_index"}
TEXT_ATTACHMENTS = {".txt", ".md", ".csv", ".html", ".htm", ".xml", ".json"}
#: Where public text that is not an item comes from (column descriptions, data, chrome).
CHROME_SUFFIXES = {".html", ".htm", ".py", ".js", ".css", ".yml", ".yaml", ".md", ".txt", ".json", ".svg", ".xsl"}


@dataclass
class MemberItem:
    source: str
    title: str
    urls: set[str] = field(default_factory=set)
    phrases: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)


@dataclass
class Finding:
    where: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


@dataclass
class Secrets:
    items: list[MemberItem]
    files: dict[str, str]  # content-relative path -> sha256
    public_text: str = ""

    @property
    def hashes(self) -> dict[str, str]:
        return {digest: path for path, digest in self.files.items()}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _in_dirs(rel: str, dirs: Iterable[str]) -> bool:
    return any(rel == d or rel.startswith(d + "/") for d in dirs)


def _year(fields: dict[str, str], rel: str) -> set[str]:
    years = set(re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", fields.get("date", ""))[:1])
    years |= {part for part in rel.split("/") if re.fullmatch(r"(?:19|20)\d\d", part)}
    return years


def item_urls(item: Source, fields: dict[str, str]) -> set[str]:
    """Output paths the item may have been written to."""
    slug = (fields.get("slug") or PurePosixPath(item.rel).stem).strip().lower()
    urls = {fields[k].strip().lstrip("/") for k in ("save_as", "url") if fields.get(k)}
    if item.column == "pages":
        return urls | {f"{slug}/index.html", f"drafts/pages/{slug}.html"}
    urls.add(f"drafts/{item.column}/{slug}.html")
    return urls | {f"{item.column}/{year}/{slug}.html" for year in _year(fields, item.rel)}


def _page_dirs(urls: set[str]) -> list[str]:
    return sorted({str(PurePosixPath(u).parent) for u in urls if "/" in u})


def _targets(item: Source, fields: dict[str, str], urls: set[str], prefixes: list[str],
             real_paths: dict[str, str]) -> set[str]:
    found: set[str] = set()
    written = set(links(item.text))
    written |= {"/" + a.lstrip("/") for a in split_list(fields.get("attachments", ""))}
    if fields.get("image"):
        written.add("/" + fields["image"].lstrip("/"))
    for link in written:
        for path in link_paths(link, item.rel, _page_dirs(urls), prefixes):
            found |= {path, real_paths.get(path, path)}
    return found


def _chrome_text(paths: Iterable[Path]) -> list[str]:
    parts = []
    for root in paths:
        if root.is_file():
            parts.append(read_text(root))
        elif root.is_dir():
            parts += [read_text(p) for p in sorted(root.rglob("*"))
                      if p.is_file() and p.suffix.lower() in CHROME_SUFFIXES and "__pycache__" not in p.parts]
    return parts


def _present_in(needles: Iterable[str], haystack: str) -> set[str]:
    """Which of ``needles`` occur in ``haystack`` (one pass, Aho-Corasick)."""
    automaton = ahocorasick.Automaton()
    for needle in needles:
        if needle:
            automaton.add_word(needle, needle)
    if not len(automaton):
        return set()
    automaton.make_automaton()
    return {needle for _, needle in automaton.iter(haystack)}


def collect(content: Path, static_dirs: tuple[str, ...] = DEFAULT_STATIC_DIRS, min_chars: int = 12,
            chrome: Iterable[Path] = (), prefixes: Iterable[str] = (), titles_public: bool = False) -> Secrets:
    """Member-only items and files of ``content``; their strings that public text lacks.

    ``chrome``: files and folders whose text the public tree may show anyway
    (theme, plugins, settings). ``titles_public``: teasers show titles, so a
    member-only title (and its words) may appear publicly.
    """
    prefixes = [p for p in prefixes if p]
    sources, _, real_paths = classify(content)
    items: list[MemberItem] = []
    public_parts: list[str] = _chrome_text([content / "data", *chrome])
    public_parts += [read_text(p) for p in content.glob("*/_index.*")]
    public_files: set[str] = set()
    for source in sources:
        fields = header_fields(source.text)
        urls = item_urls(source, fields)
        targets = _targets(source, fields, urls, prefixes, real_paths)
        if not source.member:
            if not source.linked:
                public_parts.append(markdown_text(source.text))
                public_files |= targets
            continue
        item = MemberItem(source.rel, fields.get("title") or source.rel, urls=urls, files=targets)
        body = markdown_text(without_header(source.text))
        item.phrases = sentences(body, min_chars) | short_text(body, source.text)
        item.phrases |= {t for t in (normalize(x) for x in split_list(fields.get("tags", ""))) if len(t) >= 2}
        if titles_public:
            title = normalize(item.title)
            item.phrases = {p for p in item.phrases if p not in title}
        items.append(item)
    files: set[str] = set()
    for rel, real in real_paths.items():
        if _in_dirs(rel, static_dirs) or _in_dirs(real, static_dirs):
            files |= {rel, real}
    for item in items:
        item.files = {f for f in item.files if (content / f).is_file()}
        item.files -= {f for f in public_files if not _in_dirs(f, static_dirs)}
        files |= item.files
        for rel in item.files:
            path = content / rel
            if path.suffix.lower() in TEXT_ATTACHMENTS:
                text = read_text(path)
                item.phrases |= sentences(text, min_chars) | short_text(text, text)
            if len(path.name) >= 8:
                item.phrases.add(normalize(path.name))
    public_text = normalize("\n".join(public_parts))
    shared = _present_in({p for item in items for p in item.phrases}, public_text)
    for item in items:
        item.phrases -= shared
    hashes = {rel: _sha256(content / rel) for rel in sorted(files) if (content / rel).is_file()}
    public_hashes = {_sha256(content / rel) for rel in public_files if (content / rel).is_file()}
    hashes = {rel: digest for rel, digest in hashes.items() if digest not in public_hashes}
    return Secrets(items, hashes, public_text)


def readable_text(path: Path, data: bytes) -> str | None:
    """The text a file of the output tree holds (gzip'd Pagefind files unpacked)."""
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except OSError:
            return None
    elif path.suffix.lower() not in TEXT_SUFFIXES:
        return None
    text = data.decode("utf-8", errors="ignore")
    if text.startswith("pagefind_dcd"):
        text = text[len("pagefind_dcd"):]
    if text.lstrip().startswith(("{", "[")):
        try:
            text = "\n".join(_strings(json.loads(text)))
        except ValueError:
            pass
    return text


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _automaton(entries: dict[str, tuple[str, str]]) -> ahocorasick.Automaton | None:
    """One automaton finding every key of ``entries`` (→ (needle, kind, owner))."""
    if not entries:
        return None
    automaton = ahocorasick.Automaton()
    for needle, value in entries.items():
        automaton.add_word(needle, (needle, *value))
    automaton.make_automaton()
    return automaton


def _text_entries(secrets: Secrets, markers: list[str], forbid_titles: bool) -> dict[str, tuple[str, str]]:
    """Strings looked for in a file's text (tags and whitespace removed)."""
    entries: dict[str, tuple[str, str]] = {}
    for item in secrets.items:
        for phrase in item.phrases:
            entries.setdefault(phrase, ("text", item.source))
        title = normalize(item.title)
        if forbid_titles and len(title) >= 4:
            entries[title] = ("title", item.source)
    for marker in markers:
        if normalize(marker):
            entries[normalize(marker)] = ("marker", marker)
    return entries


def _markup_entries(secrets: Secrets, forbid_titles: bool) -> dict[str, tuple[str, str]]:
    """Strings looked for in a file's markup too (links): the item's source path
    (e.g. an unresolved ``{filename}`` link) and, with titles hidden, its address."""
    entries: dict[str, tuple[str, str]] = {}
    for item in secrets.items:
        entries[item.source] = ("source path", item.source)
        if forbid_titles:
            for url in item.urls:
                entries.setdefault(url, ("address", item.source))
    return entries


def scan(output: Path, secrets: Secrets, markers: Iterable[str] = (), forbid_titles: bool = False,
         min_chars: int = 12) -> list[Finding]:
    """Every trace of a member-only item or file in the ``output`` tree."""
    del min_chars  # fixed when the secrets were collected
    markers = list(markers)
    findings: list[Finding] = []
    urls = {url: item for item in secrets.items for url in item.urls}
    by_hash = secrets.hashes
    in_text = _automaton(_text_entries(secrets, markers, forbid_titles))
    in_markup = _automaton(_markup_entries(secrets, forbid_titles))
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(output).as_posix()
        data = path.read_bytes()
        if rel in urls:
            findings.append(Finding(rel, f"page of member-only item {urls[rel].source}"))
        if rel in secrets.files:
            findings.append(Finding(rel, f"member-only file content/{rel} copied at its path"))
        digest = hashlib.sha256(data).hexdigest()
        if digest in by_hash and rel not in secrets.files:
            findings.append(Finding(rel, f"copy of member-only file content/{by_hash[digest]}"))
        for marker in markers:
            if marker.encode("utf-8") in data:
                findings.append(Finding(rel, f"marker {marker!r}"))
        text = readable_text(path, data)
        if not text:
            continue
        hits = [*(in_text.iter(normalize(text)) if in_text else ()),
                *(in_markup.iter(html.unescape(text)) if in_markup else ())]
        reported: set[tuple[str, str]] = set()
        for _, (needle, kind, owner) in hits:
            if (kind, owner) in reported:
                continue
            reported.add((kind, owner))
            if kind == "marker":
                if all(f.what != f"marker {owner!r}" or f.where != rel for f in findings):
                    findings.append(Finding(rel, f"marker {owner!r}"))
            elif kind in ("title", "source path", "address"):
                findings.append(Finding(rel, f"{kind} of member-only {owner}: {needle!r}"))
            else:
                findings.append(Finding(rel, f"text of member-only {owner}: {needle[:40]!r}"))
    return findings
