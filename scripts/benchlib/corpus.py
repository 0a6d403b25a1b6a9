"""Deterministic synthetic corpus shaped like the association site's archive.

Layout (the site's content model, see issue 2 and issue 3)::

    content/<column>/<yyyy>/<stem>.md                          editorial columns
    content/<column>/<member-id>/<yyyy>/<member-id>-<hex10>.md campus, tenders

Each file is a Pelican ``Key: value`` header, a blank line and a Markdown body
of Chinese text wrapped at ~40 characters per source line, as editors do.
The same ``(n, seed, members)`` always gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from . import vocab as V

GENERATOR_VERSION = 1
DEFAULT_SEED = 20240406
MANIFEST = "bench-corpus.json"
TZ = timezone(timedelta(hours=8))
FIRST_DATE = datetime(2014, 1, 1, tzinfo=TZ)
LAST_DATE = datetime(2026, 10, 31, tzinfo=TZ)
STEM_WORDS = (
    "meeting", "training", "report", "notice", "visit", "award", "rules", "study",
    "survey", "forum", "inspection", "seminar",
)
SOURCE_URL = "https://example.edu.cn/info/1018/{n}.htm"
REGISTRY = "data/members.yml"
REGIONS = ("成都片区", "绵阳片区", "南充片区", "宜宾片区", "乐山片区", "雅安片区", "达州片区", "阿坝片区")


@dataclass
class CorpusInfo:
    """What was generated; also stored as ``bench-corpus.json`` next to ``content/``."""

    root: str
    n: int
    seed: int
    version: int = GENERATOR_VERSION
    counts: dict[str, int] = field(default_factory=dict)
    edit_target: str = ""
    newest: str = ""
    members: list[list[str]] = field(default_factory=list)
    copied: list[str] = field(default_factory=list)
    chars: int = 0
    seconds: float = 0.0

    @property
    def content(self) -> Path:
        return Path(self.root) / "content"


def synthetic_members(count: int = 80) -> list[tuple[str, str]]:
    """``m001``… paired with real Sichuan school names."""
    return [(f"m{i + 1:03d}", V.SCHOOLS[i % len(V.SCHOOLS)]) for i in range(count)]


def _quotas(n: int) -> dict[str, int]:
    """Split n over the columns by weight (largest remainder), so small n is exact."""
    total = sum(V.COLUMN_WEIGHTS.values())
    raw = {c: n * w / total for c, w in V.COLUMN_WEIGHTS.items()}
    counts = {c: int(r) for c, r in raw.items()}
    rest = n - sum(counts.values())
    for c in sorted(raw, key=lambda c: (counts[c] - raw[c], c))[:rest]:
        counts[c] += 1
    return counts


def _wrap(par: str, width: int) -> list[str]:
    """Cut a paragraph into source lines of ~width chars, never inside a Latin word."""
    lines: list[str] = []
    i, size = 0, len(par)
    while size - i > width + 4:
        cut = i + width
        while cut < size and par[cut - 1].isascii() and par[cut].isascii():
            cut += 1
        if cut < size and par[cut] in "，。、；：！？）”":
            cut += 1  # editors keep closing punctuation on the line it closes
        lines.append(par[i:cut].rstrip())
        i = cut
        while i < size and par[i] == " ":
            i += 1
    if i < size:
        lines.append(par[i:])
    return lines


def _fmt_date(d: datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M:%S") + "+08:00"


class _Gen:
    """One generator run: a seeded RNG, a sentence pool and the member list."""

    def __init__(self, seed: int, members: Sequence[tuple[str, str]]) -> None:
        self.rng = random.Random(seed)
        self.members = list(members)
        ranks = range(1, len(self.members) + 1)
        # Big universities publish more: Zipf-like weights over the member list.
        self.member_weights = [1.0 / r**0.6 for r in ranks]
        self.pool = [self._sentence() for _ in range(4096)]

    def _num(self) -> str:
        return str(self.rng.choice((self.rng.randint(3, 99), self.rng.randint(100, 4029))))

    def _sentence(self) -> str:
        r = self.rng
        if r.random() < 0.2:
            return f"{r.choice(V.LEADER_PHRASES)}，{r.choice(V.LEADER_CLAUSES)}。"
        subject = r.choice(V.UNITS)
        tail = r.choice(V.TAILS).replace("{n}", self._num())
        return f"{r.choice(V.OPENERS)}{subject}{r.choice(V.VERBS)}{r.choice(V.OBJECTS)}{tail}"

    def _paragraph(self) -> str:
        r = self.rng
        return "".join(r.choice(self.pool) for _ in range(r.randint(2, 6)))

    def _paragraphs(self, chars: int, width: int, headings: bool) -> tuple[list[str], int]:
        r = self.rng
        blocks: list[str] = []
        total, heading_no, since_heading = 0, 0, 0
        while total < chars:
            if headings and since_heading >= r.randint(2, 4) and heading_no < 10:
                blocks.append(f"## {V.HEADING_NUMBERS[heading_no]}、{r.choice(V.HEADING_TEXTS)}")
                heading_no += 1
                since_heading = 0
            if headings and r.random() < 0.12:
                items = [r.choice(self.pool) for _ in range(r.randint(2, 4))]
                blocks.append("\n".join(f"{k + 1}. {s}" for k, s in enumerate(items)))
                total += sum(map(len, items))
            par = self._paragraph()
            if headings and r.random() < 0.2:
                par = f"**{r.choice(('一是', '二是', '三是'))}**{par}"
            blocks.append("\n".join(_wrap(par, width)))
            total += len(par)
            since_heading += 1
        return blocks, total

    def _tender_table(self, date: datetime) -> str:
        r = self.rng
        rows = ["| 序号 | 项目名称 | 预算金额（万元） | 采购方式 | 报名截止 |",
                "| --- | --- | --- | --- | --- |"]
        for k in range(r.randint(2, 8)):
            end = date + timedelta(days=r.randint(5, 20))
            rows.append(
                f"| {k + 1} | {r.choice(V.TENDER_TITLE_PARTS)} | {r.randint(5, 2000)}.{r.randint(0, 99):02d} "
                f"| {r.choice(V.TENDER_METHODS)} | {end.year}年{end.month}月{end.day}日 |"
            )
        return "\n".join(rows)

    def article(self, index: int, column: str, date: datetime) -> tuple[str, str, int]:
        """Return ``(relpath, file text, body chars)`` for one article."""
        r = self.rng
        width = r.randint(36, 42)
        head: list[str] = []
        blocks: list[str]
        if column in V.MEMBER_COLUMNS:
            mid, school = r.choices(self.members, weights=self.member_weights)[0]
            if column == "campus":
                unit = r.choice(V.UNITS) if r.random() < 0.5 else ""
                title = f"{school}{unit}{r.choice(V.CAMPUS_TITLE_PARTS)}"
            else:
                title = f"{school}{r.choice(V.TENDER_TITLE_PARTS)}{r.choice(V.TENDER_TITLE_KINDS)}"
            url = SOURCE_URL.format(n=100000 + index)
            stem = f"{mid}-{hashlib.sha1(url.encode()).hexdigest()[:10]}"
            relpath = f"{column}/{mid}/{date.year}/{stem}.md"
            lo, hi = V.BODY_CHARS[column]
            blocks, chars = self._paragraphs(r.randint(lo, hi), width, headings=False)
            if column == "tenders":
                contact = (
                    f"采购人：{school}。联系人：{r.choice(V.CONTACTS)}，"
                    f"联系电话：028-{r.randint(80000000, 89999999)}。"
                )
                blocks.append("\n".join(_wrap(contact, width)))
                if r.random() < 0.5:
                    blocks.insert(1 if len(blocks) > 1 else 0, self._tender_table(date))
            extra = [
                f"Source: {school}",
                f"Source_url: {url}",
                f"Guid: urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, url)}",
                f"Member: {mid}",
            ]
        else:
            title = r.choice(V.EDITORIAL_TITLES[column]).format(
                year=date.year, school=r.choice(V.SCHOOLS)
            )
            stem = f"{date:%m%d}-{r.choice(STEM_WORDS)}-{index:05d}"
            relpath = f"{column}/{date.year}/{stem}.md"
            blocks, chars = self._paragraphs(r.randint(*V.EDITORIAL_CHARS), width, headings=True)
            extra = [f"Author: {r.choice(V.AUTHORS)}"] if r.random() < 0.6 else []
        head.append(f"Title: {title}")
        head.append(f"Date: {_fmt_date(date)}")
        ntags = r.choice((0, 1, 1, 2, 2, 3))
        if ntags:
            head.append("Tags: " + ", ".join(r.sample(V.TAGS, ntags)))
        if r.random() < 0.35:
            head.append(f"Summary: {r.choice(self.pool)}")
        head.extend(extra)
        text = "\n".join(head) + "\n\n" + "\n\n".join(blocks) + "\n"
        return relpath, text, chars

    def random_date(self) -> datetime:
        r = self.rng
        days = (LAST_DATE - FIRST_DATE).days
        d = FIRST_DATE + timedelta(days=r.randrange(days + 1))
        return d.replace(hour=r.randint(8, 18), minute=r.randrange(60))


def copy_site_parts(
    repo_content: Path | None, content: Path, members: Sequence[tuple[str, str]]
) -> list[str]:
    """Copy the non-article parts of the real site, then register the members.

    Copied when they exist (the site may still be under construction): every
    ``<column>/_index.md`` and every top-level folder that is not a column
    (``pages``, ``data``, ``files``, ``images``, ``extra``…); a column's own
    articles are never copied. ``data/members.yml`` then gets the synthetic
    members appended (see :func:`write_registry`).
    """
    copied: list[str] = []
    if repo_content is not None and repo_content.is_dir():
        for src in sorted(repo_content.iterdir()):
            if not src.is_dir() or src.name.startswith("."):
                continue
            index = src / "_index.md"
            if index.is_file():
                dest = content / src.name / "_index.md"
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(index, dest)
                copied.append(f"{src.name}/_index.md")
            elif src.name not in V.COLUMN_WEIGHTS:
                dest = content / src.name
                if dest.exists():
                    shutil.rmtree(dest)
                shutil.copytree(src, dest)
                copied.append(f"{src.name}/")
    # The real site's URL lock names its own articles, which the corpus lacks.
    (content / "data" / "published.lock").unlink(missing_ok=True)
    write_registry(content / REGISTRY, members)
    return copied


def write_registry(path: Path, members: Sequence[tuple[str, str]]) -> None:
    """Append the corpus's members to the site's registry (``data/members.yml``).

    The site refuses articles whose ``Member:`` is not registered; the real
    registry's own entries are kept, synthetic ids already present are skipped.
    """
    import yaml

    entries: list[dict[str, object]] = []
    if path.is_file():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(loaded, list):
            entries = loaded
    known = {e.get("id") for e in entries if isinstance(e, dict)}
    for k, (mid, name) in enumerate(members):
        if mid in known:
            continue
        entries.append({
            "id": mid,
            "name": name,
            "kind": "university",
            "region": REGIONS[k % len(REGIONS)],
            "homepage": f"https://example.edu.cn/{mid}/",
        })
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False)
    path.write_text("# Written by scripts/bench.py: the site's registry plus synthetic members.\n"
                    + text, encoding="utf-8")


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def generate_corpus(
    dest: Path,
    n: int,
    seed: int = DEFAULT_SEED,
    repo_content: Path | None = None,
    members: Sequence[tuple[str, str]] | None = None,
) -> CorpusInfo:
    """Write ``n`` articles (plus the site's non-article parts) under ``dest/content``.

    ``dest/content`` must not exist unless ``dest`` holds an earlier corpus
    (``bench-corpus.json``); it is then replaced.
    """
    t0 = time.perf_counter()
    dest = Path(dest)
    content = dest / "content"
    if content.exists():
        if not (dest / MANIFEST).exists():
            raise FileExistsError(f"{content} exists and is not a generated corpus")
        shutil.rmtree(content)
        (dest / MANIFEST).unlink()
    members = list(members) if members else synthetic_members()
    gen = _Gen(seed, members)
    columns = [c for c, k in _quotas(n).items() for _ in range(k)]
    gen.rng.shuffle(columns)
    dates = sorted(gen.random_date() for _ in range(n))
    made_dirs: set[Path] = set()
    info = CorpusInfo(root=str(dest), n=n, seed=seed, members=[list(m) for m in members])
    best_edit: tuple[datetime, str] | None = None
    newest: tuple[datetime, str] | None = None
    for index, (column, date) in enumerate(zip(columns, dates)):
        relpath, text, chars = gen.article(index, column, date)
        path = content / relpath
        if path.parent not in made_dirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            made_dirs.add(path.parent)
        path.write_text(text, encoding="utf-8")
        info.counts[column] = info.counts.get(column, 0) + 1
        info.chars += chars
        if column == "news" and (best_edit is None or date >= best_edit[0]):
            best_edit = (date, relpath)
        if newest is None or date >= newest[0]:
            newest = (date, relpath)
    info.edit_target = (best_edit or newest or (None, ""))[1]
    info.newest = _fmt_date(newest[0]) if newest else _fmt_date(FIRST_DATE)
    info.copied = copy_site_parts(repo_content, content, members)
    info.seconds = time.perf_counter() - t0
    (dest / MANIFEST).write_text(json.dumps(asdict(info), ensure_ascii=False, indent=1))
    return info


def load_or_generate(
    dest: Path,
    n: int,
    seed: int = DEFAULT_SEED,
    repo_content: Path | None = None,
    members: Sequence[tuple[str, str]] | None = None,
) -> tuple[CorpusInfo, bool]:
    """Reuse the corpus in ``dest`` when it was made with the same inputs.

    Returns ``(info, reused)``. The site's non-article parts are re-copied on
    reuse, since the real site changes between benchmark runs.
    """
    manifest = Path(dest) / MANIFEST
    wanted = [list(m) for m in (members or synthetic_members())]
    if manifest.exists() and (Path(dest) / "content").is_dir():
        old = json.loads(manifest.read_text())
        if (old.get("version"), old.get("n"), old.get("seed"), old.get("members")) == (
            GENERATOR_VERSION, n, seed, wanted
        ):
            info = CorpusInfo(**{**old, "root": str(dest)})
            info.seconds = 0.0
            info.copied = copy_site_parts(repo_content, info.content, [tuple(m) for m in info.members])
            return info, True
    return generate_corpus(Path(dest), n, seed, repo_content, members), False


def edit_article(content: Path, relpath: str) -> None:
    """Change one article's title and body, as an editor fixing a typo would."""
    path = content / relpath
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    lines = [
        line + "（修订）" if line.startswith("Title: ") else line
        for line in head.split("\n")
    ]
    body = body.rstrip("\n") + "\n\n" + "（本文已于发布后更新，补充了相关数据。）\n"
    _write(path, "\n".join(lines) + "\n\n" + body)


def add_article(content: Path, info: CorpusInfo) -> str:
    """Add one new campus article dated after every other; return its relpath."""
    gen = _Gen(info.seed + 1, [tuple(m) for m in info.members])
    newest = datetime.strptime(info.newest[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=TZ)
    relpath, text, _ = gen.article(info.n, "campus", newest + timedelta(hours=1))
    path = content / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, text)
    return relpath
