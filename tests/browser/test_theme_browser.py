"""The public face in real headless Chromium: compact phone header and its menu,
desktop navigation, spacing, the reading layout, print, the masthead date, the
订阅 page's copy button, feeds opened in a browser and the 年度统计 bars."""

from __future__ import annotations

from datetime import date

import feedparser
import pytest

from conftest import ROOT

from .conftest import PAGE_TYPES

pytestmark = pytest.mark.slow

BRAND = "rgb(158, 27, 27)"
TEXT = "rgb(31, 35, 40)"
PRINTS = ROOT / "test-artifacts" / "print"


def style(page, selector: str, prop: str, pseudo: str | None = None) -> str:
    return page.eval_on_selector(selector, f"(el) => getComputedStyle(el, {pseudo!r} || null)[{prop!r}]"
                                 if pseudo else f"(el) => getComputedStyle(el)[{prop!r}]")


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_phone_header_is_under_120px_with_menu_search_and_reading_aids_in_one_tap(visitor, name: str) -> None:
    page = visitor.page(width=375, height=812)
    page.goto(PAGE_TYPES[name])
    height = page.eval_on_selector("header.site-header", "el => el.getBoundingClientRect().height")
    assert height < 120, height
    for control in ["header summary", "header a.phone-search", "header button:has-text('大字')",
                    "header button:has-text('高对比度')"]:
        box = page.locator(control).bounding_box()
        assert box and box["y"] + box["height"] <= height, control
    assert not page.locator(".site-nav").is_visible()  # the full menu is behind 栏目


def test_phone_menu_opens_the_full_column_menu(visitor) -> None:
    page = visitor.page(width=375, height=812)
    page.goto("/")
    panel = page.locator("details.menu nav")
    assert not panel.is_visible()
    page.locator("details.menu summary").click()
    assert panel.is_visible()
    names = panel.locator("a").all_inner_texts()
    for wanted in ["首页", "协会动态", "通知公告", "协会党建动态", "党建制度与规定", "政策法规", "理论与实践",
                   "学校后勤动态", "招投标", "会员单位", "年度统计", "订阅", "协会简介"]:
        assert wanted in names, wanted
    for link in panel.locator("a").all():  # every entry is reachable on screen, none cut off
        box = link.bounding_box()
        assert box and 0 <= box["x"] and box["x"] + box["width"] <= 375, link.inner_text()
    page.locator("details.menu nav a", has_text="学校后勤动态").click()
    page.wait_for_url("**/campus/")


def test_desktop_nav_shows_every_item_and_focus_rings_are_not_clipped(visitor) -> None:
    page = visitor.page(width=1280)
    page.goto("/")
    nav = page.locator(".site-nav ul")
    assert nav.evaluate("el => el.scrollWidth <= el.clientWidth && getComputedStyle(el).overflowX === 'visible'")
    links = page.locator(".site-nav a")
    assert links.count() >= 10
    for i in range(links.count()):
        link = links.nth(i)
        link.focus()
        box = link.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 1280
        assert link.evaluate("el => getComputedStyle(el).outlineStyle") != "none"


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", ["home", "column", "article", "stats"])
def test_gap_under_the_nav_and_above_the_footer(visitor, name: str, width: int) -> None:
    page = visitor.page(width=width)
    page.goto(PAGE_TYPES[name])
    gaps = page.evaluate("""() => {
      const header = document.querySelector('header.site-header').getBoundingClientRect();
      const first = document.querySelector('main .wrap > :not(.visually-hidden)').getBoundingClientRect();
      const kids = [...document.querySelectorAll('main .wrap > *')];
      const last = kids[kids.length - 1].getBoundingClientRect();
      const footer = document.querySelector('footer').getBoundingClientRect();
      return {top: first.top - header.bottom, bottom: footer.top - last.bottom};
    }""")
    assert gaps["top"] >= 16 and gaps["bottom"] >= 24, gaps


def test_article_is_centred_with_centred_title_and_meta_and_right_aligned_signature(visitor) -> None:
    page = visitor.page(width=1280)
    page.goto(PAGE_TYPES["signature"])
    box = page.locator("article.article").bounding_box()
    main = page.locator("main .wrap").bounding_box()
    assert abs((box["x"] - main["x"]) - (main["x"] + main["width"] - box["x"] - box["width"])) < 2
    assert style(page, "article h1", "textAlign") == "center"
    assert style(page, ".article-meta", "justifyContent") == "center"
    assert style(page, ".article-body p.signature", "textAlign") == "right"
    assert style(page, ".article-body p:not(.signature)", "textAlign") == "justify"
    sign = page.locator(".signature").bounding_box()
    assert abs((sign["x"] + sign["width"]) - (box["x"] + box["width"])) < 2


def test_list_titles_are_dark_with_a_hover_colour_and_dates_sit_on_their_line(visitor) -> None:
    page = visitor.page(width=1280)
    page.goto(PAGE_TYPES["column"])
    link = page.locator(".item-list li > a").first
    assert style(page, ".item-list li > a", "color") == TEXT
    assert style(page, ".item-list li > a", "textDecorationLine") == "none"
    link.hover()
    assert style(page, ".item-list li > a", "color") == BRAND
    offsets = page.eval_on_selector_all(".item-list li", """items => items.map(li => {
      const a = li.querySelector('a'), t = li.querySelector('time');
      const range = document.createRange();
      const text = [...a.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
      range.setStart(text, 0); range.setEnd(text, 1);
      return Math.abs(range.getBoundingClientRect().bottom - t.getBoundingClientRect().bottom);
    })""")
    assert offsets and max(offsets) < 4, offsets


def test_attachment_titles_do_not_overflow_on_a_phone(visitor) -> None:
    page = visitor.page(width=375)
    page.goto(PAGE_TYPES["attachments"])
    titles = page.locator(".attachments .file-title").all_inner_texts()
    assert titles[0].startswith("附件1：《四川省学校物业服务和管理规范》")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_print_stylesheet_prints_black_text_attachments_and_the_address_not_the_nav(visitor) -> None:
    page = visitor.page(width=1280)
    page.goto(PAGE_TYPES["attachments"])
    page.emulate_media(media="print")
    for hidden in [".site-nav", ".breadcrumb", ".site-footer", ".a11y-tools", ".header-search", ".neighbors", ".menu"]:
        assert style(page, hidden, "display") == "none", hidden
    for dark in [".brand-name", ".brand-en", ".article-body p", ".file-type", ".attachments a"]:
        assert style(page, dark, "color") == "rgb(0, 0, 0)", dark
    assert style(page, ".file-type", "borderTopStyle") == "solid"
    assert page.locator(".file-type").first.is_visible()
    after = style(page, ".attachments a", "content", "::after")
    assert "http://127.0.0.1:8000/files/2021/db51-t2769-2021-brief.pdf" in after, after
    url = page.locator(".print-url")
    assert url.is_visible() and "本文网址：http://127.0.0.1:8000/policy/2021/db51-t2769-2021.html" in url.inner_text()
    PRINTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(PRINTS / "attachments-article.pdf"), format="A4")
    assert (PRINTS / "attachments-article.pdf").stat().st_size > 10_000
    page.emulate_media(media="screen")
    assert not url.is_visible()


def test_masthead_shows_todays_date(visitor) -> None:
    page = visitor.page(width=1280)
    page.goto("/")
    today = page.evaluate("(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; })()")
    shown = page.locator(".today")
    assert shown.is_visible()
    assert shown.inner_text().startswith(f"{today[0]}年{today[1]}月{today[2]}日 星期")
    assert date(*today).year >= 2024


def test_copy_button_copies_the_feed_address(visitor) -> None:
    page = visitor.page(width=375)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/feeds/")
    button = page.locator("#all-title ~ * button[data-copy], section:has(#all-title) button[data-copy]").first
    assert button.is_visible()
    button.click()
    assert page.evaluate("navigator.clipboard.readText()") == "http://127.0.0.1:8000/feeds/all.rss.xml"
    assert "已复制" in page.locator(".copy-status").inner_text()


@pytest.mark.parametrize("feed", ["news.rss.xml", "news.atom.xml", "all.rss.xml"])
def test_a_feed_opened_in_a_browser_is_a_readable_chinese_page(visitor, built_site, feed: str) -> None:
    parsed = feedparser.parse((built_site / "feeds" / feed).read_bytes())
    page = visitor.page(width=375)
    page.goto(f"/feeds/{feed}")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("h1").inner_text() == parsed.feed.title
    hint = page.locator("header.hint").inner_text()
    assert "订阅源" in hint and "RSS 阅读器" in hint and f"http://127.0.0.1:8000/feeds/{feed}" in hint
    items = page.locator("main li")
    assert items.count() == len(parsed.entries)
    first = items.first
    assert first.locator("a").inner_text() == parsed.entries[0].title
    assert first.locator("time").inner_text() == "{:04d}-{:02d}-{:02d}".format(*parsed.entries[0].published_parsed[:3])
    assert "<" not in first.locator("p").inner_text()
    page.locator("header.hint a").click()
    page.wait_for_url("**/feeds/")
    assert page.locator("main h1").inner_text() == "订阅"


@pytest.mark.parametrize("mode", ["large", "contrast"])
def test_stats_bars_follow_large_font_and_high_contrast(visitor, mode: str) -> None:
    normal = visitor.page(width=375)
    normal.goto("/stats/")
    chosen = visitor.page(width=375, mode=mode)
    chosen.goto("/stats/")
    bar = "#chart-years .bar"
    if mode == "large":
        ratio = chosen.eval_on_selector(bar, "el => el.getBoundingClientRect().height") / \
            normal.eval_on_selector(bar, "el => el.getBoundingClientRect().height")
        assert ratio >= 1.2, ratio
        assert float(style(chosen, "#chart-years td.num", "fontSize")[:-2]) >= 1.2 * float(style(normal, "#chart-years td.num", "fontSize")[:-2])
    else:
        assert style(normal, f"{bar} .bar-fill", "fill") == BRAND
        assert style(chosen, f"{bar} .bar-fill", "fill") == "rgb(0, 0, 0)"
        assert style(chosen, f"{bar} .bar-track", "stroke") == "rgb(0, 0, 0)"
