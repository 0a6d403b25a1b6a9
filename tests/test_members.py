"""Imported items on the site: source link, member page, member feed, 会员单位 page."""

from __future__ import annotations

import feedparser
import pytest
from bs4 import BeautifulSoup

from members.registry import RegistryError

REGISTRY = """\
- id: scu
  name: 四川大学
  kind: university
  region: 成都片区
  homepage: https://www.scu.edu.cn/
- id: acme
  name: 某后勤服务公司
  kind: enterprise
  region: 成都片区
  homepage: https://example.com/
"""
CAMPUS = {"campus/_index.md": "Title: 学校后勤动态\nSection: 后勤动态\nOrder: 70\n\n会员动态。\n"}
IMPORTED = """\
Title: 食堂开展食品安全检查
Date: 2024-04-06 10:30:00+08:00
Source: 四川大学
Source_url: https://hq.scu.edu.cn/info/1018/2227.htm
Guid: urn:uuid:6f1c1f4e-0000-5000-8000-000000000001
Member: scu

四川大学后勤处开展食品安全检查。
"""


def test_imported_item_links_source_member_page_and_feed(mini_site) -> None:
    out = mini_site({**CAMPUS, "data/members.yml": REGISTRY, "campus/scu/2024/scu-0123456789.md": IMPORTED})
    article = BeautifulSoup((out / "campus/2024/scu-0123456789.html").read_text(encoding="utf-8"), "html.parser")
    meta = article.select_one(".article-meta").get_text(" ", strip=True)
    assert "来源：" in meta and "四川大学" in meta
    assert article.select_one(".article-meta a[href='https://hq.scu.edu.cn/info/1018/2227.htm']")

    member = BeautifulSoup((out / "members/scu/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in member.select(".item-list a")] == ["/campus/2024/scu-0123456789.html"]
    assert member.find("link", rel="alternate", href="/feeds/members/scu.atom.xml")

    feed = feedparser.parse((out / "feeds/members/scu.atom.xml").read_bytes())
    assert not feed.bozo
    assert [e.id for e in feed.entries] == ["urn:uuid:6f1c1f4e-0000-5000-8000-000000000001"]
    assert not (out / "feeds/members/acme.atom.xml").exists()  # no items, no feed


def test_members_page_lists_units_by_region_with_links(mini_site) -> None:
    files = {**CAMPUS, "data/members.yml": REGISTRY, "campus/scu/2024/scu-0123456789.md": IMPORTED,
             "pages/members.md": "Title: 会员单位\nSlug: members\nTemplate: members\n\n说明\n"}
    out = mini_site(files)
    page = BeautifulSoup((out / "members/index.html").read_text(encoding="utf-8"), "html.parser")
    rows = page.select(".member-table tbody tr")
    assert [r.a.get_text() for r in rows] == ["四川大学", "某后勤服务公司"]
    assert rows[0].a["href"] == "/members/scu/"
    assert "企业" in rows[1].get_text()
    assert (out / "members/acme/index.html").is_file()


def test_unknown_member_stops_the_build(mini_site) -> None:
    with pytest.raises(RegistryError, match="campus/x/2024/x-1.md: Member 'nobody'"):
        mini_site({**CAMPUS, "data/members.yml": REGISTRY,
                   "campus/x/2024/x-1.md": IMPORTED.replace("Member: scu", "Member: nobody")})
