"""Deterministic synthetic corpus shaped like the association site's archive.

Layout (the site's content model, see issue 2 and issue 3)::

    content/<column>/<yyyy>/<stem>.md                          editorial columns
    content/<column>/<member-id>/<yyyy>/<member-id>-<hex10>.md campus, tenders
    content/<column>/<member-id>/<yyyy>/<stem>-<n>.jpg          their images

Imported items (campus 70 %, tenders 22 %) are member-site HTML run through
the importer's own code (cms.py): images, links, attachment lists, ``<br>``,
tables, nested lists and escapes as ``make fetch`` writes them. Editorial
columns (8 %) are Markdown as editors write it (editorial.py): wrapped lines,
headings, bold lead-ins, quotes, lists, aligned tables. The text uses several
thousand real words (text.py, words.txt). ``mix.py`` measures the result;
``tests/test_bench_corpus.py`` checks the shares. The same ``(n, seed,
members)`` always gives byte-identical files; articles are generated on every
core, each from its own RNG.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import shutil
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from . import vocab as V
from .cms import SiteHtml, campus_source, imported_file, tender_source, tiny_jpeg
from .editorial import FILES, IMAGES, Editorial
from .mix import shares
from .text import Writer

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "plugins"))  # the importer's code

GENERATOR_VERSION = 2
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
CHUNK = 200  # articles per generator task


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
    images: int = 0
    mix: dict[str, float] = field(default_factory=dict)

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


def _fmt_date(d: datetime) -> str:
    return d.strftime("%Y-%m-%d %H:%M:%S") + "+08:00"


@dataclass
class _Member:
    """What the importer's header needs of a member (members.registry.Member)."""

    id: str
    name: str


Task = tuple[int, str, datetime, tuple[str, str]]  # index, column, date, member


def article(seed: int, task: Task, content: Path) -> tuple[str, str, int, int]:
    """Write one article (and its images) under ``content``; return
    ``(relpath, file text, body chars, images)``. Its own RNG: any order, any process."""
    index, column, date, (mid, school) = task
    rng = random.Random(f"{seed}:{index}")
    if column in V.MEMBER_COLUMNS:
        url = SOURCE_URL.format(n=100000 + index)
        stem = f"{mid}-{hashlib.sha1(url.encode()).hexdigest()[:10]}"
        relpath = f"{column}/{mid}/{date.year}/{stem}.md"
        html = SiteHtml(rng, f"hq.{mid}.edu.cn")
        if column == "campus":
            unit = rng.choice(V.UNITS) if rng.random() < 0.5 else ""
            title = f"{school}{unit}{rng.choice(V.CAMPUS_TITLE_PARTS)}"
            source = campus_source(html, url, rng.randint(*V.BODY_CHARS["campus"]))
        else:
            title = f"{school}{rng.choice(V.TENDER_TITLE_PARTS)}{rng.choice(V.TENDER_TITLE_KINDS)}"
            source = tender_source(html, url, school, date)
        folder = content / relpath.rsplit("/", 1)[0]
        text = imported_file(source, title, date, _Member(mid, school), url, stem, folder)
        return relpath, text, len(source.html), html.images
    stem = f"{date:%m%d}-{rng.choice(STEM_WORDS)}-{index:05d}"
    relpath = f"{column}/{date.year}/{stem}.md"
    title = rng.choice(V.EDITORIAL_TITLES[column]).format(year=date.year, school=rng.choice(V.SCHOOLS))
    blocks, chars, attachments = Editorial(rng).body(column, rng.randint(*V.EDITORIAL_CHARS))
    head = [f"Title: {title}", f"Date: {_fmt_date(date)}"]
    ntags = rng.choice((0, 1, 1, 2, 2, 3))
    if ntags:
        head.append("Tags: " + ", ".join(rng.sample(V.TAGS, ntags)))
    if rng.random() < 0.35:
        head.append(f"Summary: {Writer(rng).sentence()}")
    if rng.random() < 0.6:
        head.append(f"Author: {rng.choice(V.AUTHORS)}")
    if attachments:
        head.append("Attachments: " + ", ".join(attachments))
    return relpath, "\n".join(head) + "\n\n" + "\n\n".join(blocks) + "\n", chars, 0


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _generate_chunk(args: tuple[int, list[Task], str]) -> list[tuple[str, str, str, int, int]]:
    seed, tasks, content = args
    done = []
    for task in tasks:
        relpath, text, chars, images = article(seed, task, Path(content))
        path = Path(content) / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        done.append((task[1], relpath, text, chars, images))
    return done


def _shared_files(content: Path) -> None:
    """Images and attachments that editorial articles refer to."""
    for rel in IMAGES:
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_bytes(tiny_jpeg())
    for k, rel in enumerate(FILES):
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_bytes(b"%PDF-1.4\n% benchmark attachment " + str(k).encode() + b"\n%%EOF\n")


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
    _shared_files(content)
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
    path.write_text("# Written by bench/bench.py: the site's registry plus synthetic members.\n"
                    + text, encoding="utf-8")


def generate_corpus(
    dest: Path,
    n: int,
    seed: int = DEFAULT_SEED,
    repo_content: Path | None = None,
    members: Sequence[tuple[str, str]] | None = None,
    workers: int | None = None,
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
    rng = random.Random(seed)
    columns = [c for c, k in _quotas(n).items() for _ in range(k)]
    rng.shuffle(columns)
    dates = sorted(_random_date(rng) for _ in range(n))
    weights = [1.0 / r**0.6 for r in range(1, len(members) + 1)]  # big universities publish more
    chosen = rng.choices(members, weights=weights, k=n)
    tasks: list[Task] = [(i, c, d, tuple(m)) for i, (c, d, m) in enumerate(zip(columns, dates, chosen))]
    info = CorpusInfo(root=str(dest), n=n, seed=seed, members=[list(m) for m in members])
    content.mkdir(parents=True)
    chunks = [(seed, tasks[i : i + CHUNK], str(content)) for i in range(0, n, CHUNK)]
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(chunks) > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_generate_chunk, chunks)
    else:
        results = [_generate_chunk(chunk) for chunk in chunks]
    texts = []
    best_edit: tuple[datetime, str] | None = None
    for (index, column, date, _), (_, relpath, text, chars, images) in zip(tasks, (r for part in results for r in part)):
        info.counts[column] = info.counts.get(column, 0) + 1
        info.chars += chars
        info.images += images
        texts.append(text)
        if column == "news" and (best_edit is None or date >= best_edit[0]):
            best_edit = (date, relpath)
    newest = (dates[-1], "") if dates else None
    info.edit_target = (best_edit or (None, next(iter(sorted(info.counts)), "")))[1]
    info.newest = _fmt_date(newest[0]) if newest else _fmt_date(FIRST_DATE)
    info.mix = shares(texts)
    info.copied = copy_site_parts(repo_content, content, members)
    info.seconds = time.perf_counter() - t0
    (dest / MANIFEST).write_text(json.dumps(asdict(info), ensure_ascii=False, indent=1))
    return info


def _random_date(rng: random.Random) -> datetime:
    days = (LAST_DATE - FIRST_DATE).days
    d = FIRST_DATE + timedelta(days=rng.randrange(days + 1))
    return d.replace(hour=rng.randint(8, 18), minute=rng.randrange(60))


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
    """Add one new campus article (with its images) dated after every other; return its relpath."""
    newest = datetime.strptime(info.newest[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=TZ)
    rng = random.Random(info.seed + 1)
    member = tuple(rng.choice(info.members))
    relpath, text, _, _ = article(info.seed + 1, (info.n, "campus", newest + timedelta(hours=1), member), content)
    path = content / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, text)
    return relpath
