"""Many small fixture member sites at once (the importer benchmark, `make update-demo`,
the update tests): half VSB-like GBK sites, half Sudy-like UTF-8-with-BOM sites, each
with a campus and a tenders list of ``pages`` pages of ``per_page`` items, served by
``FixtureServer`` on 127.0.0.1. The richer single sites of the importer's tests are
in sites.py."""

from __future__ import annotations

PARAGRAPH = ("为进一步提升后勤服务保障水平，学校后勤处组织开展了专项检查与服务提升活动，"
             "围绕食堂餐饮、学生公寓、校园环境、能源管理等重点领域逐项排查，"
             "现场督促整改，切实保障师生日常生活。")


def _vsb_list(items: list[tuple[str, str, str]], next_href: str | None) -> bytes:
    lis = "".join(f'<li><span>{d}</span><a href="{h}" title="{t}">{t}</a></li>\n' for d, h, t in items)
    pager = (f'<span class="p_pages"><span class="p_next p_fun"><a href="{next_href}">下页</a></span></span>'
             if next_href else '<span class="p_pages"><span class="p_no_d">末页</span></span>')
    return ('<html><head><!--Announced by Visual SiteBuilder 9-->'
            '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>列表</title></head>'
            f'<body><ul class="newsList">{lis}</ul><div>{pager}</div></body></html>').encode("gbk")


def _vsb_article(title: str, when: str, body: str) -> bytes:
    return ('<html><head><!--Announced by Visual SiteBuilder 9-->'
            f'<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>{title}</title>'
            f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{when}"></head>'
            f'<body><form name="_newscontent_fromname"><div class="title">{title}</div>'
            f'<div class="time">发布时间：{when}</div><div id="vsb_content"><div class="v_news_content">'
            f'{body}</div></div></form></body></html>').encode("gbk")


def _sudy_list(items: list[tuple[str, str, str]], next_href: str | None) -> bytes:
    lis = "".join(f'<li class="news"><div class="news_title"><a href="{h}" title="{t}">{t}</a></div>'
                  f'<div class="news_meta">{d}</div></li>\n' for d, h, t in items)
    nxt = f'<a class="next" href="{next_href}">下一页</a>' if next_href else ""
    return ("\ufeff<!DOCTYPE html><html class=\"webplus-list\"><head><meta charset=\"utf-8\"></head><body>"
            f'<div portletmode="simpleList"><ul class="news_list">{lis}</ul>'
            f'<ul class="wp_paging">{nxt}</ul></div></body></html>').encode("utf-8")


def _sudy_article(title: str, when: str, body: str) -> bytes:
    return ("\ufeff<!DOCTYPE html><html class=\"webplus-page\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title></head><body><div portletmode=\"simpleArticleAttri\">"
            f'<h1 class="arti_title">{title}</h1><p class="arti_metas"><span class="arti_update">'
            f'{when[:10].replace("-", ".")}</span></p><div class="wp_articlecontent">{body}</div>'
            "</div></body></html>").encode("utf-8")


def fixture_jpeg(width: int, height: int) -> bytes:
    import io

    from PIL import Image

    image = Image.new("RGB", (width, height), (40, 110, 170))
    for x in range(0, width, 7):
        for y in range(0, height, 9):
            image.putpixel((x, y), ((x * 3) % 255, (y * 5) % 255, 90))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def build_site(server, index: int, pages: int, per_page: int, images: dict[str, bytes],
               extra: int = 0) -> tuple[str, str]:
    """Campus and tenders lists for member ``index`` on ``server``; returns their URLs.

    ``extra``: newer items put at the top of the first campus page (calling again
    with a larger value publishes new items; the list's ETag changes with it).
    """
    vsb = index % 2 == 0
    urls = []
    for column, tree in (("campus", 1018), ("tenders", 1020)):
        for page in range(pages):
            items = []
            first = -extra if (page == 0 and column == "campus") else 0
            for n in range(first, per_page):
                number = page * per_page + n
                news = 5000 - number
                day = 1 + abs(number) % 28
                month = 1 + (abs(number) // 28) % 12
                year = 2025 if number < 0 else 2024
                when = f"{year}-{month:02d}-{day:02d} 09:{abs(number) % 60:02d}"
                title = f"{'后勤动态' if column == 'campus' else '招标公告'}第{index}-{number}号：食堂与公寓服务"
                if vsb:
                    path, href = f"/info/{tree}/{news}.htm", f"{'../' if page else ''}info/{tree}/{news}.htm"
                else:
                    path = f"/{year}/{month:02d}{day:02d}/c{tree}a{news}/page.htm"
                    href = path
                img = ""
                if number % 4 == 0 and images:
                    name = "wide.jpg" if number % 8 == 0 else "photo.jpg"
                    img = f'<p><img src="/__local/{tree}/{news}/{name}" alt="现场照片"></p>'
                    server.add(f"/__local/{tree}/{news}/{name}", images[name], content_type="image/jpeg")
                table = ("<table><tr><td>项目</td><td>金额</td></tr><tr><td>维修</td><td>120</td></tr></table>"
                         if column == "tenders" else "")
                body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(3)) + img + table
                server.add(path, (_vsb_article if vsb else _sudy_article)(title, when, body))
                items.append((when[:10], href, title))
            base = f"/{column}"
            if vsb:  # VSB counts down: list.htm, list/{pages-1}.htm, ... list/1.htm
                own = f"{base}.htm" if page == 0 else f"{base}/{pages - page}.htm"
                nxt = None
                if page + 1 < pages:
                    nxt = f"{column}/{pages - page - 1}.htm" if page == 0 else f"{pages - page - 1}.htm"
                server.add(own, _vsb_list(items, nxt), etag=f'"{column}-{page}-{extra}"')
            else:  # Sudy counts up: list.htm, list2.htm, ...
                own = f"{base}/list.htm" if page == 0 else f"{base}/list{page + 1}.htm"
                nxt = f"list{page + 2}.htm" if page + 1 < pages else None
                server.add(own, _sudy_list(items, nxt), etag=f'"{column}-{page}-{extra}"')
            if page == 0:
                urls.append(server.url(own))
    return urls[0], urls[1]
