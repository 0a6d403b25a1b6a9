"""Unit tests of the pure parts: dates, canonical URLs, encodings, sanitising, Markdown."""

from __future__ import annotations

import io
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from member_import.canonical import canonical_url, dedup_key, item_guid, item_stem
from member_import.convert import attachments_markdown, html_to_markdown, summary_of
from member_import.dates import TZ, format_date, parse_date
from member_import.encoding import decode_html
from member_import.images import shrink
from member_import.parse import page_problem, parse_article, parse_list
from member_import.presets import SUDY, VSB, detect, resolve
from member_import.report import RunReport, SourceReport, format_table
from member_import.sanitize import sanitize_html
from member_import.store import State, Store, read_header
from members.registry import Selectors

from .sites import jpeg_bytes, png_bytes

NOW = datetime(2024, 3, 15, 12, 0, tzinfo=TZ)


# ------------------------------------------------------------------ dates
@pytest.mark.parametrize("text,expected", [
    ("2022-12-01", "2022-12-01 00:00:00+08:00"),
    ("2021年10月27日", "2021-10-27 00:00:00+08:00"),
    ("2022年12月01日 10:30", "2022-12-01 10:30:00+08:00"),
    ("2022.09.30", "2022-09-30 00:00:00+08:00"),
    ("[12-01]", "2023-12-01 00:00:00+08:00"),       # year-less, not in the future
    ("12-01", "2023-12-01 00:00:00+08:00"),
    ("03-15", "2024-03-15 00:00:00+08:00"),         # today is allowed
    ("03-16", "2023-03-16 00:00:00+08:00"),         # tomorrow would be the future
    ("02-29", "2024-02-29 00:00:00+08:00"),
    ("发布时间：2022-12-01 10:30:00", "2022-12-01 10:30:00+08:00"),
    ("2022-01-20作者：浏览次数：", "2022-01-20 00:00:00+08:00"),
    ("点击：2023-01-01 发布日期：2022-12-01", "2022-12-01 00:00:00+08:00"),  # the labelled one
    ("2024/4/6 9:05", "2024-04-06 09:05:00+08:00"),
])
def test_dates_in_every_reference_format(text, expected):
    found = parse_date(text, NOW)
    assert found is not None and format_date(found) == expected


@pytest.mark.parametrize("text", ["", None, "没有日期", "电话：0514-87979213", "2022-13-01",
                                  "比分 3-2 获胜", "2024年硕士研究生招生"])
def test_no_date_is_none_never_invented(text):
    assert parse_date(text, NOW) is None


def test_yearless_date_in_a_leap_day_takes_latest_leap_year():
    assert parse_date("02-29", datetime(2025, 3, 1, tzinfo=TZ)).year == 2024


# ------------------------------------------------------------------ canonical
def test_vsb_content_jsp_is_the_same_article_as_info():
    info = "https://hq.scu.edu.cn/info/1018/2227.htm"
    alias = ("https://HQ.scu.edu.cn:443/content.jsp?urltype=news.NewsContentUrl"
             "&wbtreeid=1018&wbnewsid=2227#top")
    assert canonical_url(alias) == info == canonical_url(info + "#x")
    assert canonical_url("../info/1018/2227.htm", "https://hq.scu.edu.cn/hqdt/11.htm") == info
    assert canonical_url("http://a.cn/sub/content.jsp?wbnewsid=5&wbtreeid=7") == \
        "http://a.cn/sub/info/7/5.htm"
    assert dedup_key("http://hq.scu.edu.cn/info/1018/2227.htm") == dedup_key(info)


def test_stem_and_guid_are_stable_ascii():
    canon = "https://hq.scu.edu.cn/info/1018/2227.htm"
    stem = item_stem("scu", canon)
    assert stem == item_stem("scu", canon) and stem.isascii() and stem.startswith("scu-")
    assert len(stem) == len("scu-") + 10
    assert item_guid(canon) == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, canon)}"


# ------------------------------------------------------------------ encodings
def test_gbk_declared_only_in_meta_after_long_scripts():
    body = (b"<html><head>" + b"<script>var x=1;</script>" * 200 +
            '<meta charset="gb2312"><title>食堂开展检查</title>'.encode("gbk"))
    text, used = decode_html(body, "text/html")
    assert used == "gb18030" and "食堂开展检查" in text


def test_header_charset_utf8_bom_and_wrong_declarations():
    utf8 = "<p>复旦大学后勤</p>".encode("utf-8")
    assert decode_html(b"\xef\xbb\xbf" + utf8, "text/html; charset=GBK") == ("<p>复旦大学后勤</p>", "utf-8")
    gbk = "<p>四川大学后勤</p>".encode("gbk")
    assert "四川大学后勤" in decode_html(gbk, "text/html; charset=utf-8")[0]      # wrong header
    assert "四川大学后勤" in decode_html(gbk, "text/html; charset=ISO-8859-1")[0]  # server default
    assert "四川大学后勤" in decode_html(gbk, None)[0]                              # undeclared
    assert decode_html(utf8, "text/html; charset=utf-8")[1] == "utf-8"


# ------------------------------------------------------------------ sanitising
def test_sanitiser_strips_everything_active_and_resolves_urls():
    html = ('<p onclick="x()" style="color:red">正文<script>alert(1)</script></p>'
            '<style>p{}</style><iframe src="https://e.com"></iframe><svg><script>1</script></svg>'
            '<a href="javascript:alert(1)">js</a><a href="data:text/html,x">d</a>'
            '<a href="JaVaScRiPt:alert(1)">js2</a><a href="../list.htm">相对</a>'
            '<img src="a_s.jpg" orisrc="/__local/A/a.jpg" onerror="x()">'
            '<img src="data:image/png;base64,AAAA"><img src="x.png" original-src="/o.png">')
    clean = sanitize_html(html, "https://hq.example.edu.cn/info/1018/1.htm")
    low = clean.html.lower()
    for bad in ("<script", "<style", "<iframe", "<svg", "onclick", "onerror", "javascript:",
                "data:", "style="):
        assert bad not in low, bad
    assert 'href="https://hq.example.edu.cn/info/list.htm"' in clean.html
    assert 'src="https://hq.example.edu.cn/__local/A/a.jpg"' in clean.html
    assert clean.image_fallbacks["https://hq.example.edu.cn/__local/A/a.jpg"] == \
        ["https://hq.example.edu.cn/info/1018/a_s.jpg"]
    assert 'src="https://hq.example.edu.cn/o.png"' in clean.html
    assert "正文" in clean.html


# ------------------------------------------------------------------ Markdown
def test_tables_are_kept_simple_as_pipes_complex_as_html():
    md = html_to_markdown(
        "<p>　　开头缩进。</p><table><tr><td><p>名称</p></td><td>数量</td></tr>"
        "<tr><td>大米</td><td>20</td></tr></table>"
        '<table><tr><td colspan="2">合并单元格</td></tr><tr><td>甲</td><td>乙</td></tr></table>'
        "<table><tr><td>a|b</td><td>c</td></tr></table>")
    assert "| 名称 | 数量 |" in md and "| 大米 | 20 |" in md
    assert '<td colspan="2">合并单元格</td>' in md
    assert "<td>a|b</td>" in md
    assert md.startswith("开头缩进。")


def test_attachments_and_summary():
    md = attachments_markdown([("招标文件[1].docx", "https://a.cn/download.jsp?wbfileid=2&owner=1")])
    assert "[招标文件\\[1\\].docx](<https://a.cn/download.jsp?wbfileid=2&owner=1>)" in md
    assert summary_of("<p>" + "字" * 300 + "</p>").endswith("…")


def test_summary_is_the_first_paragraph_joined():
    lead = "为保障师生饮食安全，后勤集团对各食堂\n开展了<b>食品安全</b>检查，共有\n4029名员工参加。"
    html = (f"<p><a href='x'>点此查看</a></p><table><tr><td>保障项目</td><td>人数</td></tr>"
            f"<tr><td>培训</td><td>12</td></tr></table><p><img src='a.jpg'></p><p>{lead}</p><p>第二段。</p>")
    assert summary_of(html) == "为保障师生饮食安全，后勤集团对各食堂开展了食品安全检查，共有4029名员工参加。"
    assert summary_of(f"<p>{lead}</p><p>第二段。</p>") == \
        "为保障师生饮食安全，后勤集团对各食堂开展了食品安全检查，共有4029名员工参加。"
    assert summary_of("<div>各会员单位：<br>现将2024年度后勤工作总结报送有关事项通知如下，请\n按时报送。<br>附件</div>") == \
        "各会员单位：现将2024年度后勤工作总结报送有关事项通知如下，请按时报送。"  # a salutation alone is too short
    assert summary_of("<p>Annual\nmeeting</p>") == "Annual meeting"


# ------------------------------------------------------------------ presets + parse
def test_detection_and_selector_override():
    assert detect("<!--Announced by Visual SiteBuilder 9--><ul></ul>") == "vsb"
    assert detect('<html class="webplus-list"><div class="wp_paging"></div>') == "sudy"
    assert detect("<html><body><ul><li>x</li></ul></body></html>") is None
    assert resolve("auto", "<html></html>", None) is None
    custom = resolve("auto", "<html></html>", Selectors(item="dd", link="a", date="em",
                                                       content="#body"))
    assert custom is not None and custom.item == "dd" and custom.article_content == ("#body",)
    assert resolve("vsb", "", None) is VSB and resolve("sudy", "", None) is SUDY


def test_problem_pages_are_recognised():
    challenge = "<html><head><script>document.cookie='a=b';location.reload();</script></head></html>"
    assert page_problem(412, challenge)[0] == "challenge"
    assert page_problem(200, challenge)[0] == "challenge"
    perm = "<html><head><title>系统提示</title></head><body>对不起，您没有权限访问此页面！</body></html>"
    assert page_problem(200, perm)[0] == "permission"
    assert page_problem(200, "<html><body><p>正常的新闻，" + "内容" * 200 + "</p></body></html>") is None


def test_generic_list_with_selectors_and_article_without_content():
    preset = resolve("auto", "", Selectors(item="div.list dd", link="a", date="em", content="#c"))
    page = parse_list('<div class="list"><dl><dd><a href="a.htm">标题一</a><em>2024年04月07日</em></dd>'
                      '<dd><a href="javascript:void(0)">坏链接</a></dd></dl></div>',
                      "http://x.cn/news/", preset, NOW)
    assert [(i.url, i.title, i.date.day) for i in page.items] == [("http://x.cn/news/a.htm", "标题一", 7)]
    article = parse_article("<html><body><div id='other'>x</div></body></html>", "http://x.cn/a", preset)
    assert article.content_html is None


# ------------------------------------------------------------------ images
def test_shrink_downscales_wide_images_and_recompresses():
    data, ext = shrink(png_bytes(2000, 500))
    with Image.open(io.BytesIO(data)) as image:
        assert image.width == 1280 and ext == "png"
    data, ext = shrink(jpeg_bytes(3000, 1500))
    with Image.open(io.BytesIO(data)) as image:
        assert image.width == 1280 and image.height == 640 and ext == "jpg"
    small = jpeg_bytes(200, 100)
    assert shrink(small)[0] == small or len(shrink(small)[0]) <= len(small)
    with pytest.raises(ValueError):
        shrink(b"<html>not an image</html>")


# ------------------------------------------------------------------ store
def test_store_creates_but_never_overwrites(tmp_path: Path):
    store = Store(tmp_path)
    target = tmp_path / "campus" / "scu" / "2024" / "scu-abc.md"
    assert store.create(target, b"Title: A\nSource_url: http://a.cn/info/1/2.htm\n\nx\n")
    assert not store.create(target, b"other")
    assert target.read_bytes().startswith(b"Title: A")
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".")]
    fresh = Store(tmp_path)
    assert fresh.scan() == 1 and not fresh.claim(dedup_key("https://a.cn/info/1/2.htm"))
    assert read_header(target)["source_url"] == "http://a.cn/info/1/2.htm"


def test_state_round_trip_and_corrupt_state(tmp_path: Path):
    path = tmp_path / "state.json"
    path.write_text("{not json", encoding="utf-8")
    state = State.load(path)
    assert state.data["lists"] == {}
    state.set_source("a|campus|u", last_count=3)
    state.save()
    assert State.load(path).source("a|campus|u")["last_count"] == 3


def test_report_table_and_exit_status():
    report = RunReport()
    ok = SourceReport("scu", "四川大学", "campus", "http://a")
    ok.new.append("campus/scu/2024/scu-1.md")
    bad = SourceReport("swjtu", "西南交通大学", "tenders", "http://b")
    bad.fail("HTTP 500 after 2 retries")
    report.add(ok)
    report.add(bad)
    table = format_table(report)
    assert "scu 四川大学" in table and "FAILED: HTTP 500" in table
    assert report.exit_status == 1 and report.to_json()["totals"]["new"] == 1


def test_vsb_list_ignores_a_sidebar_list_away_from_the_pager():
    html = ('<!--Announced by Visual SiteBuilder 9--><div class="left"><ul>'
            '<li><a href="info/1020/9.htm">侧栏：招标公告</a><span>2024-04-01</span></li></ul></div>'
            '<div class="list"><ul><li><span>2024-04-06</span><a href="info/1018/2.htm">正文列表一</a></li>'
            '<li><span>2024-04-05</span><a href="info/1018/1.htm">正文列表二</a></li></ul>'
            '<div class="pb_sys_common"><span class="p_pages"><span class="p_next"><a href="list/1.htm">下页</a>'
            '</span></span></div></div>')
    page = parse_list(html, "http://hq.x.cn/hqdt.htm", VSB, NOW)
    assert [i.title for i in page.items] == ["正文列表一", "正文列表二"]
    assert page.next_url == "http://hq.x.cn/list/1.htm"
