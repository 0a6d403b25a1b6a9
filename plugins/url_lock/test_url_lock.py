"""Published URLs and GUIDs never change: real builds of a small site, a lock
written as `make publish` writes it, then a rename, a year change and a delete,
each without and with a redirect."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from pelican import Pelican
from pelican.settings import read_settings

from site_content.problems import ContentError

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import make_nginx_conf  # noqa: E402

GUID = "tag:scgxhq.org.cn,2006:/news/2023/meeting.html"
FILES = {
    "news/_index.md": "Title: 协会动态\nSection: 协会工作\nOrder: 10\n\n协会新闻。\n",
    "news/2023/meeting.md": "Title: 协会召开年度会议\nDate: 2023-05-06\n\n会议正文。\n",
    "news/2023/other.md": "Title: 另一篇新闻\nDate: 2023-06-01\n\n正文。\n",
    "pages/about.md": "Title: 关于\nSlug: about\n\n关于协会。\n",
}


def build(content: Path, output: Path) -> Path:
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(output) + "-cache",
        "SEARCH_INDEX": False})
    Pelican(settings).run()
    return output


def lock(content: Path, output: Path) -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts/lock_urls.py"), "-s", str(ROOT / "pelicanconf.py"),
                    "-o", str(output), "--cache", str(output) + "-cache", "--content", str(content)],
                   check=True, capture_output=True, cwd=ROOT)


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    for rel, text in FILES.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    output = build(content, tmp_path / "out")
    lock(content, output)
    return content, output


def redirect(content: Path, line: str) -> None:
    (content / "data/redirects.yml").write_text(line + "\n", encoding="utf-8")


def error(content: Path, tmp_path: Path) -> str:
    with pytest.raises(ContentError) as caught:
        build(content, tmp_path / "again")
    return str(caught.value)


def test_the_lock_holds_every_public_url_with_its_guid(site: tuple[Path, Path]) -> None:
    content, _ = site
    text = (content / "data/published.lock").read_text(encoding="utf-8")
    assert f"/news/2023/meeting.html\t{GUID}\tnews/2023/meeting.md" in text
    assert "/about/\t-\tpages/about.md" in text


MOVES = {
    "rename": ("news/2023/meeting.md", "news/2023/annual-meeting.md", "Date: 2023-05-06",
               "/news/2023/annual-meeting.html"),
    "year change": ("news/2023/meeting.md", "news/2024/meeting.md", "Date: 2024-01-06",
                    "/news/2024/meeting.html"),
}


@pytest.mark.parametrize("move", MOVES, ids=list(MOVES))
def test_a_moved_article_stops_the_build_until_redirected(move: str, site: tuple[Path, Path],
                                                          tmp_path: Path) -> None:
    content, _ = site
    old, new, date, new_url = MOVES[move]
    text = (content / old).read_text(encoding="utf-8").replace("Date: 2023-05-06", date)
    (content / old).unlink()
    (content / new).parent.mkdir(parents=True, exist_ok=True)
    (content / new).write_text(text, encoding="utf-8")
    message = error(content, tmp_path)
    assert ("news/2023/meeting.md: 网址 /news/2023/meeting.html 已经发布过，但现在没有文件生成它（文件被改名、移动、"
            "删除或改了年份）— 请恢复这个文件；或在 content/data/redirects.yml 中加一行 "
            "`/news/2023/meeting.html: /新网址` 指向新位置，或 `/news/2023/meeting.html: gone` 表示已删除") in message

    redirect(content, f"/news/2023/meeting.html: {new_url}")
    output = build(content, tmp_path / "redirected")
    page = (output / "news/2023/meeting.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url={new_url}">' in page
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{new_url}">' in page
    feed = feedparser.parse((output / "feeds/all.atom.xml").read_bytes())
    moved = next(e for e in feed.entries if e.link.endswith(new_url))
    assert moved.id == GUID, "a renamed file keeps its feed GUID"


def test_a_deleted_article_needs_gone(site: tuple[Path, Path], tmp_path: Path) -> None:
    content, _ = site
    (content / "news/2023/meeting.md").unlink()
    assert "news/2023/meeting.md: 网址 /news/2023/meeting.html 已经发布过" in error(content, tmp_path)
    redirect(content, "/news/2023/meeting.html: gone")
    output = build(content, tmp_path / "gone")
    assert "本页已删除" in (output / "news/2023/meeting.html").read_text(encoding="utf-8")
    conf = make_nginx_conf.http_block(make_nginx_conf.NginxSite(redirects=content / "data/redirects.yml"))
    assert "location = /news/2023/meeting.html { return 410; }" in conf


def test_a_changed_guid_stops_the_build(site: tuple[Path, Path], tmp_path: Path) -> None:
    content, _ = site
    path = content / "news/2023/meeting.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Date:", "Guid: urn:new\nDate:"), encoding="utf-8")
    assert (f"news/2023/meeting.md:2: 网址 /news/2023/meeting.html 的订阅标识（GUID）从 {GUID} 变成了 urn:new，"
            "订阅者会再次收到这篇文章") in error(content, tmp_path)


@pytest.mark.parametrize("line, message", [
    ("/news/2023/meeting.html: /news/2023/other.html",
     "data/redirects.yml:1: /news/2023/meeting.html 仍由 news/2023/meeting.md 生成，不能再跳转 — 请删去这一行跳转"),
    ("/news/2022/old.html: /news/2023/nothing.html",
     "data/redirects.yml:1: /news/2022/old.html 跳转到的 /news/2023/nothing.html 不存在"),
    ("/news/2022/old.html：/news/2023/other.html", "data/redirects.yml:1: 文件格式有误 — 每行写"),
    ("/news/2022/old.html:", "data/redirects.yml:1: 这一行应写成 `/旧网址.html: /新网址.html`"),
    ("- /news/2022/old.html", "data/redirects.yml:1: 文件格式有误"),
])
def test_bad_redirects_are_named_by_line(line: str, message: str, site: tuple[Path, Path],
                                         tmp_path: Path) -> None:
    content, _ = site
    redirect(content, line)
    assert message in error(content, tmp_path)


def test_nginx_config_returns_301_for_each_redirect(tmp_path: Path) -> None:
    redirects = tmp_path / "redirects.yml"
    redirects.write_text("/news/2023/a.html: /news/2024/a.html\n/about/: /intro/\n", encoding="utf-8")
    conf = make_nginx_conf.http_block(make_nginx_conf.NginxSite(redirects=redirects))
    assert "location = /news/2023/a.html { return 301 /news/2024/a.html; }" in conf
    assert "location = /about/ { return 301 /intro/; }" in conf
    assert "location = /about/index.html { return 301 /intro/; }" in conf
