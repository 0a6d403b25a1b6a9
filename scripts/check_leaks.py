#!/usr/bin/env python3
"""Leak check: prove the public tree holds nothing of the member-only items.

Reads the content folder to learn which items are member-only (column
``_index.md`` with ``Access: members``, or ``Access: members`` in an item's own
header) and which files are (everything under ``files/members/`` and
``images/members/``, every attachment and ``{static}``/``{attach}`` link of a
member-only item). Then scans every file of the public output tree — pages,
feeds, sitemap, robots.txt, the Pagefind search index (gzip fragments are
unpacked), static copies — and reports:

* a member-only page written at its URL (or its draft URL);
* a byte-identical copy of a member-only file, or a file at its path;
* any sentence (at least ``--min-chars`` characters, whitespace ignored) of a
  member-only item's body, summary or text attachment, unless the same sentence
  also appears in public content;
* the item's title, only with ``--forbid-titles`` (titles may appear publicly as
  会员专属 teasers when ``MEMBERS_ONLY_TEASERS`` is on);
* any ``--marker`` phrase.

Exit status 0 with "0 findings", 1 when anything is found, 2 on bad usage.

    .venv/bin/python scripts/check_leaks.py --content content --output output
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from site_content.attachments import split_paths  # noqa: E402
from site_content.columns import load_columns  # noqa: E402
from site_content.header import parse_header  # noqa: E402

DEFAULT_STATIC_DIRS = ("files/members", "images/members")
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mkd", ".mdown"}
TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".txt", ".js", ".css", ".csv", ".md",
                 ".rss", ".atom", ".svg", ".webmanifest", ".pf_meta", ".pf_fragment", ".pf_index"}
TEXT_ATTACHMENTS = {".txt", ".md", ".csv", ".html", ".htm", ".xml", ".json"}
SENTENCE_END = re.compile(r"[。！？；!?;\n]+")
CLAUSE_END = re.compile(r"[，,、：:（）()]+")
TAG = re.compile(r"<[^>]*>")
# Whitespace and the zero-width characters Pagefind puts between segmented CJK words.
SPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
STATIC_LINK = re.compile(r"\{(?:static|attach)\}([^)\s\"'>]+)")
MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MD_NOISE = re.compile(r"[*_`#>|~]+|^\s*!!!\s*\w+|^\s*[-+]\s+|^\s*\d+\.\s+|^-{3,}$", re.M)


def normalize(text: str) -> str:
    """Comparable text: entities decoded (twice, for feeds), tags and whitespace removed."""
    for _ in range(2):
        text = TAG.sub("", html.unescape(text))
    return SPACE.sub("", text)


def markdown_text(body: str) -> str:
    """Plain text of a Markdown body (good enough to cut sentences from)."""
    body = STATIC_LINK.sub("", body)
    body = MD_LINK.sub(r"\1", body)
    body = MD_NOISE.sub("\n", body)
    return TAG.sub("", body)


def sentences(text: str, min_chars: int) -> set[str]:
    """Sentences and clauses of ``text`` at least ``min_chars`` long (whitespace removed)."""
    found = set()
    for sentence in SENTENCE_END.split(text):
        for part in (sentence, *CLAUSE_END.split(sentence)):
            part = normalize(part).strip("\"'“”《》")
            if len(part) >= min_chars:
                found.add(part)
    return found


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
    public_text: str

    @property
    def hashes(self) -> dict[str, str]:
        return {digest: path for path, digest in self.files.items()}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _in_dirs(rel: str, dirs: tuple[str, ...]) -> bool:
    return any(rel == d or rel.startswith(d + "/") for d in dirs)


def _item_urls(rel: str, header, is_page: bool) -> set[str]:
    stem = PurePosixPath(rel).stem
    slug = header.get("slug") or stem
    if is_page:
        return {f"{slug}/index.html", f"drafts/pages/{slug}.html"}
    column = rel.split("/", 1)[0]
    urls = {f"drafts/{column}/{slug}.html"}
    match = re.match(r"\s*(\d{4})", header.get("date") or "")
    if match:
        urls.add(f"{column}/{match.group(1)}/{slug}.html")
    return urls


def _link_target(rel: str, link: str) -> str:
    link = link.split("#", 1)[0].split("?", 1)[0].replace("%20", " ")
    if link.startswith("/"):
        return link.lstrip("/")
    return str(PurePosixPath(rel).parent.joinpath(link))


def collect(content: Path, static_dirs: tuple[str, ...] = DEFAULT_STATIC_DIRS,
            min_chars: int = 12) -> Secrets:
    """Member-only items and files of ``content``, and the public text to compare with."""
    columns, _ = load_columns(content)
    items: list[MemberItem] = []
    public_parts: list[str] = []
    public_files: set[str] = set()
    for path in sorted(content.rglob("*")):
        if path.suffix.lower() not in MARKDOWN_SUFFIXES or not path.is_file():
            continue
        rel = path.relative_to(content).as_posix()
        if path.name == "_index.md" or any(p.startswith(".") for p in rel.split("/")):
            if path.name == "_index.md":
                public_parts.append(path.read_text(encoding="utf-8-sig"))
            continue
        top = rel.split("/", 1)[0]
        is_page = top == "pages"
        if not is_page and top not in columns:
            continue
        header = parse_header(path.read_text(encoding="utf-8-sig"))
        column = columns.get(top)
        member = (header.get("access") or "public").strip().lower() == "members" or (
            column is not None and column.access == "members"
        )
        attachments = set(split_paths(header.get("attachments") or ""))
        links = {_link_target(rel, m) for m in STATIC_LINK.findall(header.body)}
        if not member:
            public_parts += [header.get("title") or "", header.get("summary") or "", header.body]
            public_files |= attachments | links
            continue
        item = MemberItem(rel, header.get("title") or rel)
        item.urls = _item_urls(rel, header, is_page)
        item.phrases = sentences(markdown_text(header.body), min_chars)
        item.phrases |= sentences(header.get("summary") or "", min_chars)
        item.files = attachments | links
        items.append(item)
    files: set[str] = set()
    for folder in static_dirs:
        base = content / folder
        if base.is_dir():
            files |= {p.relative_to(content).as_posix() for p in base.rglob("*") if p.is_file()}
    for item in items:
        for rel in list(item.files):
            if rel in public_files and not _in_dirs(rel, static_dirs):
                item.files.discard(rel)  # a shared file, published by a public item too
        files |= item.files
        for rel in item.files:
            path = content / rel
            if path.suffix.lower() in TEXT_ATTACHMENTS and path.is_file():
                item.phrases |= sentences(path.read_text(encoding="utf-8", errors="ignore"), min_chars)
    public_text = normalize("\n".join(markdown_text(p) for p in public_parts))
    for item in items:
        item.phrases = {p for p in item.phrases if p not in public_text}
    hashes = {rel: _sha256(content / rel) for rel in sorted(files) if (content / rel).is_file()}
    return Secrets(items, hashes, public_text)


def _readable_text(path: Path, data: bytes) -> str | None:
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


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def scan(output: Path, secrets: Secrets, markers: list[str] = (), forbid_titles: bool = False,
         min_chars: int = 12) -> list[Finding]:
    """Every trace of a member-only item or file in the ``output`` tree."""
    findings: list[Finding] = []
    urls = {url: item for item in secrets.items for url in item.urls}
    by_hash = secrets.hashes
    normalized_markers = [(m, normalize(m)) for m in markers if normalize(m)]
    titles = [(i, normalize(i.title)) for i in secrets.items if len(normalize(i.title)) >= 4]
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
        text = _readable_text(path, data)
        flat = normalize(text) if text is not None else ""
        for marker, needle in normalized_markers:
            if (flat and needle in flat) or marker.encode("utf-8") in data:
                findings.append(Finding(rel, f"marker {marker!r}"))
        if not flat:
            continue
        for item in secrets.items:
            for phrase in sorted(item.phrases):
                if phrase in flat:
                    findings.append(Finding(rel, f"text of member-only {item.source}: {phrase[:40]!r}"))
                    break
        if forbid_titles:
            for item, title in titles:
                if title in flat:
                    findings.append(Finding(rel, f"title of member-only {item.source}: {item.title!r}"))
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="content folder")
    parser.add_argument("--output", type=Path, default=ROOT / "output", help="public output tree")
    parser.add_argument("--static-dir", action="append", dest="static_dirs",
                        help="member-only content folder (repeatable; default files/members, images/members)")
    parser.add_argument("--marker", action="append", default=[], help="extra phrase that must not appear")
    parser.add_argument("--forbid-titles", action="store_true",
                        help="titles count as leaks too (use when MEMBERS_ONLY_TEASERS = False)")
    parser.add_argument("--min-chars", type=int, default=12,
                        help="shortest sentence compared, whitespace excluded (default 12)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings only")
    args = parser.parse_args(argv)
    if not args.content.is_dir() or not args.output.is_dir():
        print(f"check_leaks: {args.content} or {args.output} is not a folder", file=sys.stderr)
        return 2
    static_dirs = tuple(d.strip("/") for d in (args.static_dirs or DEFAULT_STATIC_DIRS))
    secrets = collect(args.content, static_dirs, args.min_chars)
    findings = scan(args.output, secrets, args.marker, args.forbid_titles, args.min_chars)
    for finding in findings:
        print(f"LEAK {finding}")
    if not args.quiet:
        phrases = sum(len(i.phrases) for i in secrets.items)
        print(f"check_leaks: {len(secrets.items)} member-only item(s), {len(secrets.files)} file(s), "
              f"{phrases} sentence(s) checked in {args.output}: {len(findings)} finding(s)")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
