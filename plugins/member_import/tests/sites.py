"""Fixture sites written for these tests, modelled on real VSB and Sudy pages.

* :func:`vsb_site`: GBK bytes (declared only in ``<meta>``), VSB list markup,
  a pager counting DOWN (``hqdt.htm`` -> ``hqdt/2.htm`` -> ``hqdt/1.htm``), a
  ``content.jsp`` alias of an ``/info/`` article, articles with tables,
  images (``src``/``orisrc``), attachments, hostile markup, a 系统提示 page and
  an item with no date anywhere.
* :func:`sudy_site`: UTF-8 with BOM, WebPlus list (sidebar list to ignore), pager
  counting UP, ``original-src`` images, ``2024.04.08`` dates, ETags.
* :func:`plain_site`: an unknown CMS that needs explicit selectors, Last-Modified.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from PIL import Image

from .fixture_server import FixtureServer


def png_bytes(width: int, height: int, color: tuple[int, int, int] = (30, 120, 200)) -> bytes:
    image = Image.new("RGB", (width, height), color)
    for x in range(0, width, 50):  # a few stripes so it is not trivially compressible
        for y in range(height):
            image.putpixel((x, y), (255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def jpeg_bytes(width: int, height: int) -> bytes:
    image = Image.new("RGB", (width, height), (200, 80, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


@dataclass
class Site:
    """What a fixture site holds, for the assertions."""

    server: FixtureServer
    list_url: str
    expected: dict[str, dict] = field(default_factory=dict)  # canonical URL -> facts
    not_imported: list[str] = field(default_factory=list)  # URLs that must not be fetched


# --------------------------------------------------------------------------- VSB
VSB_HEAD = """<!DOCTYPE html><html><head>
<script type="text/javascript" src="/system/resource/js/counter.js"></script>
<script>_jsq_(1018,'/list.jsp',-1,1744186045)</script>
<!--Announced by Visual SiteBuilder 9-->
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{title}-某大学后勤集团</title>{meta}
</head><body>
<ul class="mainMenu"><li><a href="/index.htm">首页</a></li><li><a href="/hqdt.htm">后勤动态</a></li></ul>
"""

VSB_ITEMS_P1 = [
    ("2024-04-06", "info/1018/2227.htm", "食堂开展食品安全检查"),
    ("2024-04-02", "info/1018/2220.htm", "宿舍楼维修改造工程招标公告（第二次）"),
    ("", "info/1018/2219.htm", "无日期的通知"),
    ("2024-03-20", "info/1018/2218.htm", "内部通知"),
]
VSB_ITEMS_P2 = [
    ("[03-02]", "../info/1018/2210.htm", "校园绿化养护工作简报"),
    ("2024-04-06", "../content.jsp?urltype=news.NewsContentUrl&wbtreeid=1018&wbnewsid=2227",
     "食堂开展食品安全检查"),
]
VSB_ITEMS_P3 = [("2023-12-01", "../info/1018/2100.htm", "第三页上的旧新闻")]


def _vsb_list(items: list[tuple[str, str, str]], pager: str) -> bytes:
    lis = "\n".join(
        f'<li>{f"<span>{d}</span>" if d else ""}<a href="{h}" target="_blank" title="{t}">{t}</a></li>'
        for d, h, t in items
    )
    html = (VSB_HEAD.format(title="后勤动态", meta="") +
            f'<div class="list01"><ul class="newsList">\n{lis}\n</ul>'
            f'<div class="pb_sys_common"><span class="p_t">共7条</span> <span class="p_pages">{pager}</span></div>'
            "</div></body></html>")
    return html.encode("gbk")


def _vsb_article(title: str, pubdate: str | None, body: str, time_text: str) -> bytes:
    meta = f'<meta name="ArticleTitle" content="{title}">' if pubdate else ""
    if pubdate:
        meta += f'<meta name="PubDate" content="{pubdate}">'
    html = (VSB_HEAD.format(title=title, meta=meta) +
            '<form name="_newscontent_fromname"><div class="title">' + title + "</div>"
            f'<div class="time">{time_text}<em>作者：</em>浏览次数：<span><script>_showDynClicks("wbnews", 1, 2227)</script></span></div>'
            '<div id="vsb_content"><div class="v_news_content">' + body + "</div></div>"
            '<div id="div_vote_id"></div>'
            '<ul style="list-style-type:none;"><li>附件【<a href="/system/_content/download.jsp?urltype=news.DownloadAttachUrl&amp;owner=1744186045&amp;wbfileid=9001" target="_blank">招标文件（宿舍楼）.docx</a>】已下载<span id="nattach9001"><script>getClickTimes(9001,1,"wbnewsfile","attach")</script></span>次</li></ul>'
            '</form></body></html>')
    return html.encode("gbk")


HOSTILE = (
    '<p onclick="steal()" style="color:red">　　为保障师生饮食安全，后勤集团对各食堂开展了食品安全检查。</p>'
    '<script>alert("x")</script><style>p{color:red}</style>'
    '<iframe src="https://evil.example/"></iframe>'
    '<p><a href="javascript:alert(1)">点击领奖</a> <a href="data:text/html,evil">数据链接</a> '
    '<a href="../../hqdt.htm">返回列表</a></p>'
    '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="内嵌"></p>'
    '<svg><script>alert(2)</script></svg>'
)


def vsb_site(server: FixtureServer, etag: bool = True) -> Site:
    """The GBK VSB site (campus news) on ``server``."""
    base = server.base
    site = Site(server=server, list_url=base + "/hqdt.htm")
    pager1 = ('<span class="p_first_d p_fun_d">首页</span><span class="p_prev_d p_fun_d">上页</span>'
              '<span class="p_no_d">1</span><span class="p_no"><a href="hqdt/2.htm">2</a></span>'
              '<span class="p_no"><a href="hqdt/1.htm">3</a></span>'
              '<span class="p_next p_fun"><a href="hqdt/2.htm">下页</a></span>'
              '<span class="p_last p_fun"><a href="hqdt/1.htm">尾页</a></span>')
    pager2 = ('<span class="p_first p_fun"><a href="../hqdt.htm">首页</a></span>'
              '<span class="p_no_d">2</span><span class="p_next p_fun"><a href="1.htm">下页</a></span>'
              '<span class="p_last p_fun"><a href="1.htm">尾页</a></span>')
    pager3 = '<span class="p_prev p_fun"><a href="2.htm">上页</a></span><span class="p_no_d">3</span>'
    tags = {"etag": '"vsb-p1-v1"'} if etag else {}
    server.add("/hqdt.htm", _vsb_list(VSB_ITEMS_P1, pager1), **tags)
    server.add("/hqdt/2.htm", _vsb_list(VSB_ITEMS_P2, pager2),
               **({"etag": '"vsb-p2-v1"'} if etag else {}))
    server.add("/hqdt/1.htm", _vsb_list(VSB_ITEMS_P3, pager3))
    server.add("/robots.txt", "User-agent: *\nDisallow: /admin/\n", content_type="text/plain")

    table = ('<table><tbody><tr><td colspan="2"><p>检查结果汇总</p></td></tr>'
             '<tr><td>食堂</td><td>结果</td></tr><tr><td>一食堂</td><td>合格</td></tr></tbody></table>')
    simple_table = ('<table><tr><td>项目</td><td>金额（万元）</td></tr>'
                    '<tr><td>维修</td><td>120</td></tr></table>')
    body_2227 = (HOSTILE + table +
                 '<p><img src="/__local/A/B/wide.png" width="2000" alt="检查现场"></p>'
                 '<p><img src="/__local/A/B/small_s.jpg" orisrc="/__local/A/B/big.jpg"></p>'
                 '<p><img src="/__local/missing.png" alt="丢失的图"></p>')
    server.add("/info/1018/2227.htm",
               _vsb_article("食堂开展食品安全检查", "2024-04-06 10:30", body_2227,
                            "发布时间：2024-04-06 10:30:00"))
    server.add("/__local/A/B/wide.png", png_bytes(2000, 600), content_type="image/png")
    server.add("/__local/A/B/big.jpg", jpeg_bytes(1600, 900), content_type="image/jpeg")
    server.add("/__local/A/B/small_s.jpg", jpeg_bytes(160, 90), content_type="image/jpeg")
    server.add("/info/1018/2220.htm",
               _vsb_article("宿舍楼维修改造工程招标公告（第二次）", None,
                            "<p>一、项目概况</p>" + simple_table, "2024年04月02日 09:00"))
    server.add("/info/1018/2219.htm",
               _vsb_article("无日期的通知", None, "<p>这篇通知没有日期。</p>", ""))
    server.add("/info/1018/2218.htm",
               ('<html><head><meta charset="gb2312"><title>系统提示</title></head><body>'
                '<div>系统提示</div><div>对不起，您没有权限访问此页面！</div></body></html>').encode("gbk"))
    server.add("/info/1018/2210.htm",
               _vsb_article("校园绿化养护工作简报", None, "<p>绿化养护工作有序推进。</p>", ""))
    site.expected = {
        base + "/info/1018/2227.htm": {"title": "食堂开展食品安全检查",
                                       "date": "2024-04-06 10:30:00+08:00"},
        base + "/info/1018/2220.htm": {"title": "宿舍楼维修改造工程招标公告（第二次）",
                                       "date": "2024-04-02 09:00:00+08:00"},
        base + "/info/1018/2210.htm": {"title": "校园绿化养护工作简报", "date": None},  # year-less
    }
    site.not_imported = [base + "/info/1018/2219.htm", base + "/info/1018/2218.htm",
                         base + "/info/1018/2100.htm"]
    return site


# --------------------------------------------------------------------------- Sudy
def _sudy_page(kind: str, title: str, inner: str) -> bytes:
    html = f"""<!DOCTYPE html>
<html class="webplus-{kind}">
<head>
    <meta charset="utf-8">
    <title>{title}</title>
    <script language="javascript" src="/_js/jquery.min.js" sudy-wp-context="" sudy-wp-siteid="77"></script>
</head>
<body>
{inner}
<div class="footer"><div id="wp_news_w21"><ul class="news_list clearfix">
  <li class="news n1 clearfix"><div class="news_title"><a href="/2019/0101/c9a1/page.htm" title="侧栏旧闻">侧栏旧闻</a></div><div class="news_meta">2019-01-01</div></li>
</ul></div></div>
</body></html>"""
    return b"\xef\xbb\xbf" + html.encode("utf-8")


def _wrapped(title: str) -> str:
    """Titles wrapped over several source lines, as WebPlus templates do."""
    return title.replace("，", "，\n      ")


def _sudy_list(items: list[tuple[str, str, str]], page: int, pages: int) -> bytes:
    lis = "\n".join(
        f"""<li class="news n{i} clearfix">
  <div class="news_title"><a href='{href}' target='_self'
      title='{title}'>{_wrapped(title)}</a></div>
  <div class="news_meta">{date}</div>
</li>""" for i, (date, href, title) in enumerate(items, 1))
    nxt = f'<a class="next" href="list{page + 1}.htm" target="_self"><span>下一页&gt;&gt;</span></a>' \
        if page < pages else '<a class="next" href="javascript:void(0);" target="_self"><span>下一页&gt;&gt;</span></a>'
    inner = f"""<div frag="窗口6" portletmode="simpleList"><div id="wp_news_w6">
<ul class="news_list list2">
{lis}
</ul></div>
<div id="wp_paging_w6"><ul class="wp_paging clearfix"><li class="pages_count">
<span class="all_count">总共&nbsp;<em class="all_count">5</em>&nbsp;记录&nbsp;</span></li>
<li class="page_nav"><a class="first" href="javascript:void(0);">第一页</a>{nxt}
<a class="last" href="list{pages}.htm" target="_self"><span>尾页</span></a></li></ul></div></div>"""
    return _sudy_page("list", "学校后勤动态", inner)


def _sudy_article(title: str, date: str, content: str) -> bytes:
    inner = f"""<div class="article" frag="窗口3" portletmode="simpleArticleAttri">
  <h1 class="arti_title">{title}</h1>
  <p class="arti_metas"><span class="arti_update">{date}</span><span class="arti_views">浏览：<span class="WP_VisitCount">12</span></span></p>
  <div class="entry"><div class="read"><div class='wp_articlecontent'>{content}</div></div></div>
</div>"""
    return _sudy_page("page", title, inner)


def sudy_site(server: FixtureServer) -> Site:
    """The UTF-8-with-BOM Sudy WebPlus site (tender notices) on ``server``."""
    base = server.base
    site = Site(server=server, list_url=base + "/zbxx/list.htm")
    p1 = [("2024-04-08", "/2024/0408/c1234a5678/page.htm", "学生公寓家具采购项目，竞争性磋商公告"),
          ("2024-04-01", "../2024/0401/c1234a5601/page.htm", "食堂油烟净化设备采购，中标结果公示")]
    p2 = [("2024-03-15", "/2024/0315/c1234a5500/page.htm", "物业服务项目，招标公告")]
    p3 = [("2024-02-01", "/2024/0201/c1234a5400/page.htm", "第三页，不应抓取")]
    server.add("/zbxx/list.htm", _sudy_list(p1, 1, 3), etag='"sudy-1"',
               content_type="text/html; charset=GBK")  # wrong charset header: the BOM wins
    server.add("/zbxx/list2.htm", _sudy_list(p2, 2, 3), etag='"sudy-2"')
    server.add("/zbxx/list3.htm", _sudy_list(p3, 3, 3), etag='"sudy-3"')
    img = ('<p><img data-layer="photo" src="/_upload/article/images/aa/bb/photo_s.jpg" '
           'original-src="/_upload/article/images/aa/bb/photo_d.jpg" '
           "sudyfile-attr=\"{'title':'图片1.jpg'}\"></p>")
    server.add("/2024/0408/c1234a5678/page.htm", _sudy_article(
        "学生公寓家具采购项目，竞争性磋商公告", "2024.04.08",
        "<p>采购人：某大学后勤处。</p>" + img +
        '<p>附件：<a href="/_upload/article/files/aa/bb/磋商文件.pdf">磋商文件.pdf</a></p>'))
    # original-src 404s: the src fallback is used
    server.add("/_upload/article/images/aa/bb/photo_s.jpg", jpeg_bytes(640, 360),
               content_type="image/jpeg")
    server.add("/2024/0401/c1234a5601/page.htm", _sudy_article(
        "食堂油烟净化设备采购，中标结果公示", "发布时间：2024-04-01 16:20:00",
        "<p>中标单位：某环保科技有限公司。</p>"))
    server.add("/2024/0315/c1234a5500/page.htm", _sudy_article(
        "物业服务项目，招标公告", "2024.03.15", "<p>物业服务项目公开招标。</p>"))
    site.expected = {
        base + "/2024/0408/c1234a5678/page.htm": {"title": "学生公寓家具采购项目，竞争性磋商公告",
                                                  "date": "2024-04-08 00:00:00+08:00"},
        base + "/2024/0401/c1234a5601/page.htm": {"title": "食堂油烟净化设备采购，中标结果公示",
                                                  "date": "2024-04-01 16:20:00+08:00"},
        base + "/2024/0315/c1234a5500/page.htm": {"title": "物业服务项目，招标公告",
                                                  "date": "2024-03-15 00:00:00+08:00"},
    }
    site.not_imported = [base + "/2024/0201/c1234a5400/page.htm", base + "/2019/0101/c9a1/page.htm"]
    return site


# --------------------------------------------------------------------------- plain
PLAIN_LM = "Mon, 08 Apr 2024 02:00:00 GMT"


def plain_list(items: list[tuple[str, str, str]]) -> str:
    dds = "\n".join(f'<dd><a href="{h}">{t}</a><em>{d}</em></dd>' for d, h, t in items)
    return f"""<html><head><meta charset="utf-8"><title>后勤新闻</title></head><body>
<div class="nav"><a href="/">首页</a></div>
<div class="newslist"><dl>
{dds}
</dl></div></body></html>"""


PLAIN_ITEMS = [("2024年04月07日", "show.php?id=31", "节能宣传周活动启动"),
               ("2024年03月30日", "show.php?id=30", "校园水电安全巡查")]


def plain_site(server: FixtureServer) -> Site:
    """A site no preset recognises: needs explicit selectors."""
    base = server.base
    site = Site(server=server, list_url=base + "/news/index.html")
    server.add("/news/index.html", plain_list(PLAIN_ITEMS), last_modified=PLAIN_LM)
    for ident, title, text in ((31, "节能宣传周活动启动", "节能宣传周活动在校园启动。"),
                               (30, "校园水电安全巡查", "后勤处开展水电安全巡查。")):
        server.add(f"/news/show.php?id={ident}", f"""<html><head><meta charset="utf-8">
<title>{title}</title></head><body><div class="nav">导航</div>
<div class="art"><h2>{title}</h2><div id="art-body"><p>{text}</p></div></div></body></html>""")
    site.expected = {
        base + "/news/show.php?id=31": {"title": "节能宣传周活动启动", "date": "2024-04-07 00:00:00+08:00"},
        base + "/news/show.php?id=30": {"title": "校园水电安全巡查", "date": "2024-03-30 00:00:00+08:00"},
    }
    return site


PLAIN_SELECTORS = {"item": "div.newslist dd", "link": "a", "date": "em", "content": "#art-body"}
