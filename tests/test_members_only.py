"""Member-only items (会员专属): kept out of the public tree, built into the members tree.

Real Pelican builds of a small fixture site; the leak check (scripts/check_leaks.py)
is run on the results, with and without the members_only plugin.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from conftest import COLUMNS_MINI, ROOT, run_build, write_files

sys.path.insert(0, str(ROOT / "scripts"))
import check_leaks  # noqa: E402

MARKER = "紫藤花开九十九号会员暗记短语"
FILE_MARKER = "附件暗记七十七号银杏叶会员专用"
PUBLIC_ONLY = {"SEARCH_INDEX": False}

MEMBER_FILES: dict[str, str | bytes] = {
    **COLUMNS_MINI,
    "documents/_index.md": "Title: 后勤管理文件\nSection: 会员专区\nOrder: 90\nAccess: members\n\n会员单位专享。\n",
    "documents/2022/rules.md": f"""\
        Title: 协会制度规定汇编
        Date: 2022-12-30
        Summary: 协会现有各种制度规定的汇编说明，会员单位内部参考。
        Attachments: files/members/2022/rules.txt

        本汇编说明只给会员单位看，{MARKER}，请勿外传。另见[公开新闻]({{filename}}/news/2022/open.md)。

        ![内部图表]({{static}}/images/members/chart.png)
        """,
    "documents/2022/draft-rules.md": """\
        Title: 草稿管理文件
        Date: 2022-11-01
        Status: draft

        这是会员专区里一篇尚未发布的草稿文件正文内容。
        """,
    "news/2022/open.md": """\
        Title: 协会召开年度工作会议
        Date: 2022-12-01

        公开新闻的正文，所有读者都能看到这一段内容。[会员文件]({filename}/documents/2022/rules.md)
        """,
    "tenders/_index.md": "Title: 招投标信息\nSection: 招投标\nOrder: 80\n\n招标公告。\n",
    "tenders/scu/2022/canteen-bid.md": """\
        Title: 食堂承包招标详情
        Date: 2022-10-10
        Access: members

        食堂承包招标详情正文，写在静态文件夹里的会员专属稿件，源文件也不能复制。
        """,
    "news/2023/newest.md": """\
        Title: 协会发布年度工作总结
        Date: 2023-01-05

        另一篇公开新闻，位于会员专属稿件之后，用于检查上下篇链接。

        ![共用图片]({static}/images/2022/shared.png)
        """,
    "news/2022/tender-detail.md": """\
        Title: 某高校食堂招标详情
        Date: 2022-12-15
        Access: members
        Attachments: files/2022/tender-detail.txt

        招标详情只对会员单位开放，包含预算和联系人等内部信息。

        ![现场]({static}/images/2022/bid-site.png) ![共用]({static}/images/2022/shared.png)
        """,
    "files/members/2022/rules.txt": f"制度规定汇编附件。{FILE_MARKER}。仅供会员单位内部参考使用。\n",
    "files/2022/tender-detail.txt": "招标详情附件：预算与联系人，仅限会员单位查阅。\n",
    "images/members/chart.png": b"\x89PNG\r\n\x1a\nmember-only-chart",
    "images/2022/bid-site.png": b"\x89PNG\r\n\x1a\nonly-a-member-item-links-here",
    "images/2022/shared.png": b"\x89PNG\r\n\x1a\nlinked-by-public-and-member-items",
    "pages/internal.md": """\
        Title: 会员工作手册
        Slug: handbook
        Access: members

        会员工作手册的内容只在会员专区出现，不能公开。
        """,
}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def public_plugins() -> list[str]:
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    return list(settings["PLUGINS"])


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    write_files(root, MEMBER_FILES)
    return root


@pytest.fixture
def public(content: Path, tmp_path: Path) -> Path:
    return run_build(content, tmp_path / "public", **PUBLIC_ONLY)


def build_members(content: Path, output: Path, **overrides) -> Path:
    """Build with membersconf.py, as `make members` does."""
    override = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(output) + "-cache",
                **PUBLIC_ONLY, **overrides}
    Pelican(read_settings(str(ROOT / "membersconf.py"), override=override)).run()
    return output


@pytest.fixture
def members(content: Path, tmp_path: Path) -> Path:
    return build_members(content, tmp_path / "members")


def all_text(root: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="ignore") for p in root.rglob("*") if p.is_file())


def test_plugin_runs_after_site_content() -> None:
    plugins = public_plugins()
    assert plugins.index("members_only") == plugins.index("site_content") + 1


def test_public_tree_has_no_member_page_file_or_text(public: Path) -> None:
    assert (public / "news/2022/open.html").is_file()
    assert not (public / "documents/2022/rules.html").exists()
    assert not (public / "news/2022/tender-detail.html").exists()
    assert not (public / "drafts/documents/draft-rules.html").exists()
    assert not (public / "handbook").exists()
    assert not (public / "files/members").exists()
    assert not (public / "images/members").exists()
    assert not (public / "files/2022/tender-detail.txt").exists()
    assert not list(public.rglob("*.md")), "a Markdown source was copied"
    assert not (public / "images/2022/bid-site.png").exists(), "only a member-only item links it"
    assert (public / "images/2022/shared.png").is_file(), "a public item links it too"
    assert not (public / "tenders/2022/canteen-bid.html").exists()
    open_page = soup(public / "news/2022/open.html")
    # Teasers are off by default: the link goes to the column in the members area.
    assert "/members-area/documents/" in {a["href"] for a in open_page.select(".article-body a")}
    assert "rules" not in str(open_page.select_one(".article-body"))
    text = all_text(public)
    for secret in (MARKER, FILE_MARKER, "预算和联系人等内部信息", "会员工作手册的内容", "尚未发布的草稿",
                   "制度规定的汇编说明", "源文件也不能复制"):
        assert secret not in text, secret


def test_public_lists_show_title_and_date_teasers_linking_to_members_area(content: Path, tmp_path: Path) -> None:
    public = run_build(content, tmp_path / "teasers", MEMBERS_ONLY_TEASERS=True, **PUBLIC_ONLY)
    open_page = soup(public / "news/2022/open.html")
    assert "/members-area/documents/2022/rules.html" in {a["href"] for a in open_page.select(".article-body a")}
    column = soup(public / "documents/index.html")
    links = {a.get_text(strip=True): a["href"] for a in column.select(".item-list a")}
    assert links == {"【会员专属】协会制度规定汇编": "/members-area/documents/2022/rules.html"}
    year = soup(public / "documents/2022/index.html")
    assert "/members-area/documents/2022/rules.html" in {a["href"] for a in year.select("a")}
    news = {a["href"] for a in soup(public / "news/index.html").select(".item-list a")}
    assert "/members-area/news/2022/tender-detail.html" in news
    assert "/news/2022/open.html" in news


def test_teasers_never_reach_feeds_sitemap_or_neighbour_links(public: Path) -> None:
    for feed in (public / "feeds").glob("*.xml"):
        parsed = feedparser.parse(feed.read_bytes())
        for entry in parsed.entries:
            assert "members-area" not in entry.link, (feed.name, entry.link)
            assert "会员专属" not in entry.title and "招标详情" not in entry.title
    sitemap = (public / "sitemap.xml").read_text(encoding="utf-8")
    assert "members-area" not in sitemap and "tender-detail" not in sitemap and "handbook" not in sitemap
    article = soup(public / "news/2023/newest.html")
    neighbours = {a["href"] for a in article.select(".neighbors a")}
    assert "/news/2022/open.html" in neighbours
    assert not any("tender-detail" in href for href in neighbours)


def test_teasers_are_off_by_default(public: Path, content: Path) -> None:
    text = all_text(public)
    assert "协会制度规定汇编" not in text and "某高校食堂招标详情" not in text
    assert "members-area/documents/2022" not in text and "members-area/news" not in text
    code = check_leaks.main(["--content", str(content), "--output", str(public), "--forbid-titles", "-q"])
    assert code == 0


def test_teaser_titles_can_be_hidden(content: Path, tmp_path: Path) -> None:
    out = run_build(content, tmp_path / "hidden", MEMBERS_ONLY_TEASERS="hidden", **PUBLIC_ONLY)
    column = soup(out / "documents/index.html")
    links = [(a.get_text(strip=True), a["href"]) for a in column.select(".item-list a")]
    assert links == [("【会员专属】标题仅会员可见", "/members-area/documents/")]
    assert "2022-12-30" in column.select_one(".item-list").get_text()
    assert "rules" not in str(column.select_one(".item-list"))
    code = check_leaks.main(["--content", str(content), "--output", str(out), "--forbid-titles", "-q"])
    assert code == 0


def test_a_bad_teaser_setting_stops_the_build(content: Path, tmp_path: Path) -> None:
    with pytest.raises(Exception, match="MEMBERS_ONLY_TEASERS"):
        run_build(content, tmp_path / "bad", MEMBERS_ONLY_TEASERS="sometimes", **PUBLIC_ONLY)


def test_members_tree_holds_member_items_with_columns_feeds_and_files(members: Path) -> None:
    assert (members / "documents/2022/rules.html").is_file()
    assert (members / "news/2022/tender-detail.html").is_file()
    assert (members / "handbook/index.html").is_file()
    assert (members / "files/members/2022/rules.txt").is_file()
    assert (members / "files/2022/tender-detail.txt").is_file()
    assert (members / "images/members/chart.png").is_file()
    assert (members / "images/2022/bid-site.png").is_file()
    assert not (members / "news/2022/open.html").exists()
    page = soup(members / "documents/2022/rules.html")
    assert MARKER in page.get_text()
    assert {a["href"] for a in page.select(".attachments a")} == {"/members-area/files/members/2022/rules.txt"}
    assert "/news/2022/open.html" in {a["href"] for a in page.select(".article-body a")}
    listed = {a["href"] for a in soup(members / "news/index.html").select(".item-list a")}
    assert listed == {"/members-area/news/2022/tender-detail.html"}
    nav = {a.get_text(strip=True) for a in soup(members / "index.html").select(".site-nav a")}
    assert "会员专区" in nav and "党建思政" not in nav
    feed = feedparser.parse((members / "feeds/documents.atom.xml").read_bytes())
    assert [e.title for e in feed.entries] == ["协会制度规定汇编"]
    assert all("open" not in e.link for e in feedparser.parse((members / "feeds/all.atom.xml").read_bytes()).entries)


def test_public_item_may_not_attach_a_member_file(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write_files(content, {
        **COLUMNS_MINI,
        "news/2022/oops.md": "Title: 公开稿件\nDate: 2022-01-01\nAttachments: files/members/x.txt\n\n正文。\n",
        "files/members/x.txt": "内部文件\n",
        "pages/about.md": "Title: 关于\n\n关于。\n",
    })
    with pytest.raises(Exception, match=r"news/2022/oops.md:3: 公开稿件引用了会员专属文件 files/members/x.txt"):
        run_build(content, tmp_path / "out", **PUBLIC_ONLY)


def test_leak_check_finds_planted_markers_without_exclusion_and_nothing_with_it(
    content: Path, tmp_path: Path
) -> None:
    # Both builds as published: feeds, sitemap and the Pagefind search index included.
    plugins = [p for p in public_plugins() if p != "members_only"]
    assert "site_search" in plugins
    leaky = run_build(content, tmp_path / "leaky", PLUGINS=plugins, SEARCH_INDEX=True)
    public = run_build(content, tmp_path / "public-search", SEARCH_INDEX=True)
    assert list((public / "pagefind/fragment").glob("*.pf_fragment")), "no search index was built"
    secrets = check_leaks.collect(content)
    found = [str(f) for f in check_leaks.scan(leaky, secrets)]
    assert any(f.startswith("pagefind/fragment/") and "documents/2022/rules.md" in f for f in found), found
    assert any(f.startswith("feeds/all.atom.xml: text of member-only") for f in found), found
    assert any(f.startswith("documents/2022/rules.html: page of member-only") for f in found), found
    assert any(f.startswith("files/members/2022/rules.txt: member-only file") for f in found), found
    assert any(f.startswith("images/members/chart.png") for f in found), found
    # The planted phrases are found from the content alone (body and text attachment).
    rules = next(i for i in secrets.items if i.source == "documents/2022/rules.md")
    rules.phrases = {p for p in rules.phrases if MARKER in p or FILE_MARKER in p}
    assert len(rules.phrases) >= 2, rules.phrases
    planted = [str(f) for f in check_leaks.scan(leaky, check_leaks.Secrets([rules], {}, ""))]
    assert any(f.startswith("documents/2022/rules.html: text of member-only") and MARKER in f
               for f in planted), planted
    assert any(f.startswith("files/members/2022/rules.txt: text of member-only") and FILE_MARKER in f
               for f in planted), planted
    assert any(f.startswith("pagefind/fragment/") and MARKER in f for f in planted), planted
    assert any("tender-detail" in f for f in found), found
    assert any(f.startswith("handbook/index.html") for f in found), found
    # The marker is found by the content-derived sentences alone, and by --marker too.
    marked = [str(f) for f in check_leaks.scan(leaky, secrets, markers=[MARKER, FILE_MARKER])]
    assert any(f"marker {MARKER!r}" in f for f in marked)
    assert any(f"marker {FILE_MARKER!r}" in f for f in marked)

    assert check_leaks.scan(public, secrets, markers=[MARKER, FILE_MARKER]) == []
    script = [sys.executable, str(ROOT / "scripts/check_leaks.py"), "--content", str(content),
              "--marker", MARKER, "--marker", FILE_MARKER]
    bad = subprocess.run([*script, "--output", str(leaky)], capture_output=True, text=True)
    good = subprocess.run([*script, "--output", str(public)], capture_output=True, text=True)
    assert bad.returncode == 1 and "LEAK" in bad.stdout
    assert good.returncode == 0, good.stdout + good.stderr
    assert "0 finding(s)" in good.stdout


def test_leak_check_reads_copies_under_other_names_and_gzip(content: Path, public: Path) -> None:
    import gzip
    import shutil

    shutil.copy(content / "files/members/2022/rules.txt", public / "renamed.bin")
    (public / "pagefind").mkdir(exist_ok=True)
    (public / "pagefind/x.pf_fragment").write_bytes(
        gzip.compress(("pagefind_dcd" + '{"content": "本汇编\u200b说明\u200b只给\u200b会员\u200b单位看，'
                       + "\u200b".join(MARKER) + '"}').encode())
    )
    found = [str(f) for f in check_leaks.scan(public, check_leaks.collect(content))]
    assert any(f.startswith("renamed.bin: copy of member-only file") for f in found), found
    assert any(f.startswith("pagefind/x.pf_fragment: text of member-only") for f in found), found


def test_sample_site_public_tree_has_no_leaks(sample_site: Path) -> None:
    code = check_leaks.main(["--content", str(ROOT / "content"), "--output", str(sample_site)])
    assert code == 0
    assert (sample_site / "documents/index.html").is_file()
    assert not (sample_site / "files/members").exists()


def test_members_tree_has_its_own_search_index_of_member_items(content: Path, tmp_path: Path) -> None:
    import gzip

    (content / "pages/search.md").write_text(
        (ROOT / "content/pages/search.md").read_text(encoding="utf-8"), encoding="utf-8")
    members = build_members(content, tmp_path / "members-search", SEARCH_INDEX=True)
    bundle = members / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    text = "".join(
        gzip.decompress(p.read_bytes()).decode("utf-8", "ignore") for p in bundle.glob("fragment/*.pf_fragment")
    ).replace("\u200b", "")
    assert MARKER in text
    page = soup(members / "search/index.html")
    assert page.select_one("#search-form")["data-bundle"] == "/members-area/pagefind/"
