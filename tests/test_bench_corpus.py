"""The benchmark's synthetic corpus (bench/benchlib/corpus.py) at N=200.

Checks the shape the benchmark relies on: column weights, headers, the site's
content-model layout, determinism, and that stock Pelican builds it cleanly.
"""

from __future__ import annotations

import logging
import re
import sys
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import vocab  # noqa: E402
from benchlib.mix import RICH, shares  # noqa: E402
from benchlib.text import vocabulary_size  # noqa: E402
from benchlib.corpus import (  # noqa: E402
    DEFAULT_SEED,
    add_article,
    edit_article,
    generate_corpus,
)
from benchlib.stock import stock_settings  # noqa: E402

N = 200
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+08:00$")
MEMBER_PATH_RE = re.compile(r"^(campus|tenders)/([a-z0-9-]+)/(\d{4})/\2-([0-9a-f]{10})\.md$")
EDITORIAL_PATH_RE = re.compile(r"^([a-z-]+)/(\d{4})/([a-z0-9][a-z0-9-]*)\.md$")
SOURCE_URL_RE = re.compile(r"^https://example\.edu\.cn/info/1018/\d+\.htm$")
CJK_RE = re.compile(r"[\u4e00-\u9fff]")


def read_article(path: Path) -> tuple[dict[str, str], str]:
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n\n")
    assert sep, f"{path}: no blank line after the header"
    meta = {}
    for line in head.split("\n"):
        key, colon, value = line.partition(": ")
        assert colon and re.fullmatch(r"[A-Z][A-Za-z_]*", key), f"{path}: bad header line {line!r}"
        meta[key] = value
    return meta, body


def article_files(content: Path) -> dict[str, Path]:
    return {
        p.relative_to(content).as_posix(): p
        for p in content.rglob("*.md")
        if p.name != "_index.md" and p.relative_to(content).parts[0] in vocab.COLUMN_WEIGHTS
    }


def all_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus")
    info = generate_corpus(root, N, seed=DEFAULT_SEED)
    return info, root / "content"


def test_article_count_and_column_weights(corpus):
    info, content = corpus
    files = article_files(content)
    assert len(files) == N
    counts: dict[str, int] = {}
    for rel in files:
        counts[rel.split("/")[0]] = counts.get(rel.split("/")[0], 0) + 1
    assert counts == info.counts
    assert 0.65 <= counts["campus"] / N <= 0.75
    assert 0.18 <= counts["tenders"] / N <= 0.26
    others = N - counts["campus"] - counts["tenders"]
    assert 0.05 <= others / N <= 0.11
    assert set(counts) == set(vocab.COLUMN_WEIGHTS), "every column has articles"


def test_headers_title_date_tags(corpus):
    _, content = corpus
    dates = []
    for rel, path in article_files(content).items():
        meta, body = read_article(path)
        assert meta.get("Title") and CJK_RE.search(meta["Title"]), rel
        assert DATE_RE.match(meta.get("Date", "")), f"{rel}: Date {meta.get('Date')!r}"
        date = datetime.fromisoformat(meta["Date"])
        assert date.utcoffset() == timedelta(hours=8)
        assert 2014 <= date.year <= 2026
        dates.append(date)
        tags = [t.strip() for t in meta["Tags"].split(",")] if "Tags" in meta else []
        assert len(tags) <= 3 and set(tags) <= set(vocab.TAGS), rel
        assert len(CJK_RE.findall(body)) >= 150, f"{rel}: body too short"
        if rel.split("/")[0] not in vocab.MEMBER_COLUMNS:  # editors wrap their lines
            for line in body.split("\n"):
                if not line.startswith(("|", "![", "[^")):
                    text = re.sub(r"\(https?://[^)]*\)", "", line)
                    assert len(text) <= 60, f"{rel}: source line not wrapped: {line!r}"
    assert len({d.year for d in dates}) >= 10, "dates spread over the years"
    assert sum("Summary" in read_article(p)[0] for p in article_files(content).values()) > 20


def test_layout_matches_content_model(corpus):
    _, content = corpus
    registry = yaml.safe_load((content / "data" / "members.yml").read_text(encoding="utf-8"))
    registered = {entry["id"] for entry in registry}
    members = set()
    for rel, path in article_files(content).items():
        meta, _ = read_article(path)
        year = meta["Date"][:4]
        column = rel.split("/")[0]
        if column in vocab.MEMBER_COLUMNS:
            m = MEMBER_PATH_RE.match(rel)
            assert m, f"{rel}: not <column>/<member-id>/<yyyy>/<member-id>-<hex10>.md"
            assert m.group(3) == year, f"{rel}: year folder {m.group(3)} but Date {year}"
            assert meta["Member"] == m.group(2), rel
            assert meta["Source"] in vocab.SCHOOLS, rel
            assert SOURCE_URL_RE.match(meta["Source_url"]), rel
            assert meta["Guid"] == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, meta['Source_url'])}"
            members.add(m.group(2))
        else:
            m = EDITORIAL_PATH_RE.match(rel)
            assert m and m.group(2) == year, f"{rel}: not <column>/<yyyy>/<stem>.md"
            assert not {"Member", "Source", "Source_url", "Guid"} & set(meta), rel
    assert len(members) >= 30, "items spread over many members"
    assert members <= registered, "every Member is in data/members.yml"
    stems = [Path(rel).stem for rel in article_files(content)]
    assert len(set(stems)) == N, "file stems are unique"


def test_mix_is_the_archive_as_imported(corpus):
    """At least half the articles carry images, links, attachments, <br>, aligned
    tables or nested lists; imported items are the importer's own output."""
    info, content = corpus
    files = article_files(content)
    texts = {rel: path.read_text(encoding="utf-8") for rel, path in files.items()}
    mix = shares(texts.values())
    assert mix["rich"] >= 0.5, mix
    for feature in RICH:
        assert mix[feature] > 0.01, (feature, mix)
    assert mix == info.mix
    for rel, text in texts.items():
        meta, body = read_article(files[rel])
        if rel.split("/")[0] in vocab.MEMBER_COLUMNS:
            assert meta.get("Summary") and "Member" in meta, rel  # the importer's header
            for image in re.findall(r"\(\{static\}([^)]+)\)", body):
                assert (files[rel].parent / image).is_file(), f"{rel}: {image} missing"
            assert "missing" not in body and "__local" not in body, rel  # failed images dropped
    words = set(re.findall(r"[\u4e00-\u9fff]{2,4}", " ".join(texts.values())))
    assert vocabulary_size() >= 5000 and len(words) >= 2000


def test_same_seed_gives_identical_bytes(corpus, tmp_path):
    _, content = corpus
    generate_corpus(tmp_path / "again", N, seed=DEFAULT_SEED)
    assert all_bytes(tmp_path / "again" / "content") == all_bytes(content)
    generate_corpus(tmp_path / "other", N, seed=DEFAULT_SEED + 1)
    assert all_bytes(tmp_path / "other" / "content") != all_bytes(content)


def test_site_parts_copied_but_not_its_articles(tmp_path):
    site = tmp_path / "site"
    (site / "news" / "2022").mkdir(parents=True)
    (site / "news" / "_index.md").write_text("Title: 协会动态\n", encoding="utf-8")
    (site / "news" / "2022" / "real.md").write_text("Title: 真实文章\n", encoding="utf-8")
    (site / "pages").mkdir()
    (site / "pages" / "about.md").write_text("Title: 协会简介\n\n正文\n", encoding="utf-8")
    (site / "data").mkdir()
    (site / "data" / "members.yml").write_text(
        "- id: scu\n  name: 四川大学\n  kind: university\n  region: 成都片区\n"
        "  homepage: https://www.scu.edu.cn/\n", encoding="utf-8")
    info = generate_corpus(tmp_path / "c", 50, repo_content=site)
    content = info.content
    assert (content / "news" / "_index.md").is_file()
    assert (content / "pages" / "about.md").is_file()
    assert not (content / "news" / "2022" / "real.md").exists()
    ids = [e["id"] for e in yaml.safe_load((content / "data" / "members.yml").read_text())]
    assert ids[0] == "scu" and "m001" in ids and len(ids) == len(set(ids))


def test_edit_and_add_one_article(tmp_path):
    info = generate_corpus(tmp_path / "c", 60)
    content = info.content
    target = content / info.edit_target
    before_meta, before_body = read_article(target)
    edit_article(content, info.edit_target)
    meta, body = read_article(target)
    assert meta["Title"] != before_meta["Title"] and body != before_body
    assert meta["Date"] == before_meta["Date"]
    rel = add_article(content, info)
    assert MEMBER_PATH_RE.match(rel) and len(article_files(content)) == 61
    added = datetime.fromisoformat(read_article(content / rel)[0]["Date"])
    newest = max(datetime.fromisoformat(read_article(p)[0]["Date"])
                 for r, p in article_files(content).items() if r != rel)
    assert added > newest and added.tzinfo is not None
    assert added.utcoffset() == timezone(timedelta(hours=8)).utcoffset(None)


def test_stock_pelican_builds_one_html_per_article(corpus, tmp_path, caplog):
    from pelican import Pelican
    from pelican.settings import read_settings

    _, content = corpus
    out = tmp_path / "output"
    overrides = stock_settings(content, out, tmp_path / "cache", cached=False)
    settings = read_settings(None, override=overrides)
    assert settings["THEME"].endswith("notmyidea")
    with caplog.at_level(logging.WARNING):
        Pelican(settings).run()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors
    for rel, path in article_files(content).items():
        page = out / f"{Path(rel).stem}.html"
        assert page.is_file(), f"no HTML for {rel}"
        title = read_article(path)[0]["Title"]
        assert title in page.read_text(encoding="utf-8"), f"{page.name} lacks its title"
    category_pages = {p.stem for p in (out / "category").glob("*.html")}
    assert category_pages == set(vocab.COLUMN_WEIGHTS), "category = column folder"
