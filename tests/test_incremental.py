"""An incremental build gives exactly the files and bytes of a cold build."""

from __future__ import annotations

from pathlib import Path

from conftest import COLUMNS_MINI, run_build, write_files


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def article(title: str, day: int, body: str = "正文第一行\n第二行。") -> str:
    return f"Title: {title}\nDate: 2023-03-{day:02d} 10:00\nTags: 培训\n\n{body}\n"


def test_incremental_equals_cold_after_add_edit_delete_rename(tmp_path: Path) -> None:
    content = tmp_path / "content"
    files = {**COLUMNS_MINI}
    for n in range(1, 10):
        files[f"news/2023/item{n}.md"] = article(f"第{n}条", n)
    files["party/2023/p1.md"] = article("党建", 1)
    files["pages/about.md"] = "Title: 协会简介\nSlug: about\n\n简介\n"
    write_files(content, files)
    incremental_out, cache = tmp_path / "inc", tmp_path / "inc-cache"
    settings = {"COLUMN_PAGE_SIZE": 3, "CACHE_PATH": str(cache), "SEARCH_INDEX": False}
    run_build(content, incremental_out, **settings)

    (content / "news/2023/item10.md").write_text(article("新增", 20), encoding="utf-8")  # add
    (content / "news/2023/item3.md").write_text(article("第3条（更正）", 3, "改过的正文"), encoding="utf-8")  # edit
    (content / "news/2023/item5.md").unlink()  # delete
    (content / "news/2023/item7.md").rename(content / "news/2023/item7-renamed.md")  # rename
    run_build(content, incremental_out, **settings)

    cold_out = tmp_path / "cold"
    run_build(content, cold_out, **{**settings, "CACHE_PATH": str(tmp_path / "cold-cache")})
    incremental, cold = snapshot(incremental_out), snapshot(cold_out)
    assert sorted(incremental) == sorted(cold)
    differing = [name for name in cold if incremental[name] != cold[name]]
    assert differing == []
    assert "news/2023/item7-renamed.html" in cold and "news/2023/item5.html" not in incremental


def test_unchanged_pages_are_not_rewritten(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_files(content, {**COLUMNS_MINI, **{f"news/2023/a{n}.md": article(f"甲{n}", n) for n in range(1, 5)}})
    write_files(content, {"pages/about.md": "Title: 协会简介\nSlug: about\n\n简介\n"})
    out = tmp_path / "out"
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "SEARCH_INDEX": False}
    run_build(content, out, **settings)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    (content / "news/2023/a2.md").write_text(article("甲2（改）", 2), encoding="utf-8")
    run_build(content, out, **settings)
    changed = {p.relative_to(out).as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t}
    assert "news/2023/a2.html" in changed
    assert "news/2023/a4.html" not in changed  # neither neighbour of a2 nor a list page
    assert (out / "about/index.html").is_file()
    assert "about/index.html" not in changed  # rendered again, same bytes: not rewritten


def test_a_settings_change_is_not_hidden_by_kept_articles(tmp_path: Path) -> None:
    """Articles are restored from snapshots only while settings and columns are unchanged."""
    content = tmp_path / "content"
    write_files(content, {**COLUMNS_MINI, "news/2023/a.md": article("甲", 1)})
    (content / "pages").mkdir()
    out, cache = tmp_path / "out", str(tmp_path / "cache")
    run_build(content, out, CACHE_PATH=cache, SEARCH_INDEX=False)
    assert (out / "news/2023/a.html").is_file()
    run_build(content, out, CACHE_PATH=cache, SEARCH_INDEX=False,
              ARTICLE_URL="{category}/{slug}.html", ARTICLE_SAVE_AS="{category}/{slug}.html")
    assert (out / "news/a.html").is_file() and not (out / "news/2023/a.html").exists()
    (content / "news/_index.md").write_text("Title: 协会新闻\nSection: 协会工作\nOrder: 10\n\n新说明\n", encoding="utf-8")
    run_build(content, out, CACHE_PATH=cache, SEARCH_INDEX=False,
              ARTICLE_URL="{category}/{slug}.html", ARTICLE_SAVE_AS="{category}/{slug}.html")
    assert "协会新闻" in (out / "news/a.html").read_text(encoding="utf-8")


def test_articles_hold_no_html_and_return_from_snapshots(tmp_path: Path) -> None:
    """Read articles leave their HTML in the render cache; a rebuild restores them."""
    from pelican import signals

    from site_content.contents import LazyHtmlArticle, RestoredArticle

    content = tmp_path / "content"
    write_files(content, {**COLUMNS_MINI, "news/2023/a.md": article("甲", 1), "news/2023/b.md": article("乙", 2)})
    (content / "pages").mkdir()
    out, cache = tmp_path / "out", str(tmp_path / "cache")
    builds: list[list] = []

    def keep(generator: object) -> None:
        builds.append(sorted(generator.articles, key=lambda a: a.source_path))  # type: ignore[attr-defined]

    signals.article_generator_finalized.connect(keep)
    try:
        run_build(content, out, CACHE_PATH=cache, SEARCH_INDEX=False)
        run_build(content, out, CACHE_PATH=cache, SEARCH_INDEX=False)
    finally:
        signals.article_generator_finalized.disconnect(keep)
    first, second = builds
    assert [type(a) for a in first] == [LazyHtmlArticle, LazyHtmlArticle]
    assert [type(a) for a in second] == [RestoredArticle, RestoredArticle]
    assert not any({"_content", "_html"} & a.__dict__.keys() for a in first + second)
    assert [a.content for a in second] == [a.content for a in first]
    assert first[0].content.startswith("<p>正文第一行第二行。")


def test_page_follows_its_linked_targets(tmp_path: Path) -> None:
    """A restored article's page is keyed on where its {filename}/{static} links
    point now: a linked article moved, and it is rendered again."""
    content = tmp_path / "content"
    write_files(content, {
        **COLUMNS_MINI,
        "news/2023/a.md": article("甲", 1, "见[乙]({filename}/party/2023/b.md)，![图]({static}a-1.png)"),
        "news/2023/c.md": article("丙", 2),
        "party/2023/b.md": article("乙", 2),
        "news/2023/a-1.png": b"\x89PNG\r\n\x1a\n",
        "pages/about.md": "Title: 协会简介\nSlug: about\n\n简介\n",
    })
    settings = {"CACHE_PATH": str(tmp_path / "cache"), "SEARCH_INDEX": False, "STATIC_PATHS": ["news"]}
    out = run_build(content, tmp_path / "out", **settings)
    page = (out / "news/2023/a.html").read_text(encoding="utf-8")
    assert 'href="/party/2023/b.html"' in page and 'src="/news/2023/a-1.png"' in page
    (content / "party/2023/b.md").write_text(article("乙", 2).replace("Tags:", "Slug: b-moved\nTags:"),
                                              encoding="utf-8")  # the linked article moves
    run_build(content, out, **settings)  # a.md is restored from its snapshot
    cold = run_build(content, tmp_path / "cold", **{**settings, "CACHE_PATH": str(tmp_path / "cold-cache")})
    assert (out / "news/2023/a.html").read_bytes() == (cold / "news/2023/a.html").read_bytes()
    assert 'href="/party/2023/b-moved.html"' in (out / "news/2023/a.html").read_text(encoding="utf-8")


def test_static_files_return_from_snapshots_and_attach_as_before(tmp_path: Path) -> None:
    """Unchanged static files come back from snapshots, and the output equals a
    cold build's after a rename and a new image ({attach} links included)."""
    from pelican import signals

    from site_content.contents import RestoredStatic

    content = tmp_path / "content"
    write_files(content, {
        **COLUMNS_MINI,
        "news/2023/a.md": article("甲", 1, "![图]({static}/images/x.png)，[附件]({attach}/files/f.pdf)"),
        "news/2023/b.md": article("乙", 2, "![图]({static}/images/y.png)"),
        "images/x.png": b"\x89PNG\r\n\x1a\nx", "images/y.png": b"\x89PNG\r\n\x1a\ny",
        "files/f.pdf": b"%PDF-1.4 f",
        "pages/about.md": "Title: 协会简介\nSlug: about\n\n简介\n",
    })
    out, settings = tmp_path / "out", {"CACHE_PATH": str(tmp_path / "cache"), "SEARCH_INDEX": False}
    builds: list[dict[str, type]] = []

    def keep(generator: object) -> None:
        builds.append({s.relative_source_path: type(s) for s in generator.staticfiles})  # type: ignore[attr-defined]

    signals.static_generator_finalized.connect(keep)
    try:
        run_build(content, out, **settings)
        (content / "news/2023/b.md").write_text(article("乙（改）", 2, "![图]({static}/images/y.png)"),
                                                 encoding="utf-8")
        run_build(content, out, **settings)
    finally:
        signals.static_generator_finalized.disconnect(keep)
    assert builds[0] and not any(cls is RestoredStatic for cls in builds[0].values())
    assert builds[1] == {path: RestoredStatic for path in builds[0]}

    (content / "images/y.png").rename(content / "images/y2.png")
    (content / "images/z.png").write_bytes(b"\x89PNG\r\n\x1a\nz")
    (content / "news/2023/b.md").write_text(article("乙", 2, "![图]({static}/images/y2.png)![]({static}/images/z.png)"),
                                             encoding="utf-8")
    run_build(content, out, **settings)
    cold = run_build(content, tmp_path / "cold", **{**settings, "CACHE_PATH": str(tmp_path / "cold-cache")})
    incremental, fresh = snapshot(out), snapshot(cold)
    assert sorted(incremental) == sorted(fresh)
    assert [name for name in fresh if incremental[name] != fresh[name]] == []
    assert "images/z.png" in incremental and "images/y.png" not in incremental
