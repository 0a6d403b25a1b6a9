"""The parsers on real pages from ../shared/reference/member-sites (skipped when absent)."""

from __future__ import annotations

from datetime import datetime

import pytest

from member_import.dates import TZ
from member_import.encoding import decode_html
from member_import.parse import page_problem, parse_article, parse_list
from member_import.presets import PRESETS, detect
from member_import.sanitize import sanitize_html

from .helpers import REFERENCE

NOW = datetime(2025, 1, 1, tzinfo=TZ)


def page(name: str) -> str:
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"reference page {name} not available ({REFERENCE} absent)")
    text, _ = decode_html(path.read_bytes(), "text/html")
    return text


def test_vsb_list_yzu_counts_down():
    html = page("vsb_list_yzu-yjszs_tzgg.html")
    assert detect(html) == "vsb"
    result = parse_list(html, "https://yjszs.yzu.edu.cn/tzgg.htm", PRESETS["vsb"], NOW)
    assert len(result.items) == 25
    first = result.items[0]
    assert first.url == "https://yjszs.yzu.edu.cn/info/1018/2227.htm"
    assert first.title == "扬州大学2024年硕士研究生招生拟调剂专业信息公告"
    assert first.date.date().isoformat() == "2024-04-06"
    assert all(item.date is not None for item in result.items)
    assert result.next_url == "https://yjszs.yzu.edu.cn/tzgg/11.htm"  # page 2 is 11.htm


def test_vsb_list_cqjtu_chinese_dates_old_pager():
    html = page("vsb_list_cqjtu-yjszs_tzgg.html")
    result = parse_list(html, "http://yjszs.cqjtu.edu.cn/tzgg.htm", PRESETS[detect(html)], NOW)
    assert len(result.items) == 7
    assert result.items[0].date.date().isoformat() == "2021-10-27"
    assert result.items[-1].title == "关于优秀考生奖学金提档升级的公示"
    assert result.next_url is None  # 1/1, PrevDisabled/NextDisabled


def test_vsb_article_cqjtu_content_date_and_attachments():
    html = page("vsb_article_cqjtu-yjszs_info_1056_1872.html")
    url = "http://yjszs.cqjtu.edu.cn/info/1056/1872.htm"
    article = parse_article(html, url, PRESETS["vsb"], NOW)
    assert article.title == "2022年硕士研究生招生复试大纲"
    assert article.date.date().isoformat() == "2022-01-20"
    clean = sanitize_html(article.content_html, url)
    assert clean.html.count("download.jsp") >= 30  # ~36 attachments, absolute links kept
    assert "<script" not in clean.html and "http://yjszs.cqjtu.edu.cn/system/_content/" in clean.html


def test_sudy_list_fudan_main_list_only_counts_up():
    html = page("sudy_list_fudan-cs_24258_list.html")
    assert detect(html) == "sudy"
    result = parse_list(html, "https://cs.fudan.edu.cn/24258/list.htm", PRESETS["sudy"], NOW)
    assert len(result.items) == 18  # sidebar lists ignored
    assert result.items[0].title.startswith("同心协力，顽强“乒”搏 | 我院乒乓球队")
    assert "\n" not in result.items[0].title
    assert result.next_url == "https://cs.fudan.edu.cn/24258/list2.html"


def test_sudy_article_fudan_original_src_images():
    html = page("sudy_article_fudan-cs_c24258a461132_page.html")
    url = "https://cs.fudan.edu.cn/09/4c/c24258a461132/page.htm"
    article = parse_article(html, url, PRESETS["sudy"], NOW)
    assert article.date.date().isoformat() == "2022-09-30"
    assert article.title.endswith("团体赛冠军")
    clean = sanitize_html(article.content_html, url)
    assert "https://cs.fudan.edu.cn/_upload/article/images/d9/aa/" in clean.html
    assert "_d.jpg" in clean.html and clean.image_fallbacks  # original-src first, src kept


def test_gbk_article_decodes_without_mojibake():
    html = page("gbk_article_he-xinhuanet_content_25340717.html")
    assert "话剧《约定无期限》河北各市巡演结束" in html
    assert "\ufffd" not in html[:5000]
    assert page_problem(200, html) is None
