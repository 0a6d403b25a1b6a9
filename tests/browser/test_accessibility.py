"""Accessibility in real headless Chromium: axe-core, reading aids, keyboard, targets, reflow.

WCAG 2.1 AA is the bar: 0 axe-core violations (axe-playwright-python bundles axe)
on every page type at 375 and 1280 px, in the normal, 大字 and 高对比度 modes. Each
page type is also saved in each mode and width as a full-page screenshot
(test-artifacts/screenshots/<type>-<width>-<mode>.png) for people to look at.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import MODES, PAGE_TYPES, WIDTHS

pytestmark = pytest.mark.slow

AXE = Axe()
# Stand-alone links and controls must be 44 x 44 px; links inside running text are
# exempt (the WCAG "inline" exception).
TARGETS_JS = """() => {
  const inline = '.article-body p, .article-body li, .article-body td, .article-body th, .column-intro, ' +
                 '.search-intro, .search-excerpt, .search-status, .article-meta, .site-footer p:not(.filings)';
  const small = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;            // not rendered
    if (el.classList.contains('skip-link')) continue;         // off screen until focused
    if (el.closest('details:not([open]) > :not(summary)')) continue;  // a closed menu: not displayed
    if (el.tagName === 'A' && el.closest(inline)) continue;
    if (r.width < 43.5 || r.height < 43.5)
      small.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return small;
}"""
# Content that sticks out of the viewport (outside scroll containers such as wide tables).
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth, out = [];
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return true; } return false; };
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.closest('.skip-link, .visually-hidden')) continue;
    if (el.closest('details:not([open]) > :not(summary)')) continue;  // not displayed
    if ((r.right > width + 1 || r.left < -1) && !scrolls(el))
      out.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 10)};
}"""


def open_page(visitor, name: str, width: int, height: int = 900, mode: str = "normal", **options):
    page = visitor.page(width=width, height=height, mode=mode, **options)
    response = page.goto(PAGE_TYPES[name])
    if name == "404":
        assert response.status == 404
    if name == "search":
        page.wait_for_selector("#search-results li")
    page.wait_for_load_state("load")
    return page


def violations_report(results) -> str:
    return results.generate_report() if results.violations_count else ""


# Buttons that put a page in each reading mode (the same attributes a stored choice sets).
MODE_BUTTONS = {"normal": ["标准"], "large": ["大字"], "contrast": ["标准", "高对比度"]}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_axe_finds_no_violations_and_screenshot(visitor, screenshots, name: str, width: int) -> None:
    """Each mode in turn on one page: axe, then a full-page screenshot."""
    page = open_page(visitor, name, width)
    found = {}
    for mode in MODES:
        for label in MODE_BUTTONS[mode]:
            page.get_by_role("button", name=label, exact=True).click()
        applied = page.evaluate("[document.documentElement.dataset.font || null, document.documentElement.dataset.contrast || null]")
        assert applied == [MODES[mode].get("font"), MODES[mode].get("contrast")], (mode, applied)
        page.screenshot(path=str(screenshots / f"{name}-{width}-{mode}.png"), full_page=True)
        results = AXE.run(page)
        found[mode] = violations_report(results)
    assert not any(found.values()), found


@pytest.mark.parametrize("name", ["home", "article", "search"])
def test_axe_finds_no_violations_in_large_font_and_high_contrast(visitor, screenshots, name: str) -> None:
    page = open_page(visitor, name, 375)
    page.get_by_role("button", name="大字").click()
    page.get_by_role("button", name="高对比度").click()
    page.reload()
    if name == "search":
        page.wait_for_selector("#search-results li")
    assert page.evaluate("document.documentElement.dataset.font") == "large"
    assert page.evaluate("document.documentElement.dataset.contrast") == "high"
    page.screenshot(path=str(screenshots / f"{name}-375-large-contrast.png"), full_page=True)
    results = AXE.run(page)
    assert results.violations_count == 0, violations_report(results)


def test_axe_reports_real_violations(visitor) -> None:
    page = visitor.page(width=375)
    page.goto("/")
    page.evaluate("""() => {
      const main = document.querySelector('main');
      main.insertAdjacentHTML('beforeend',
        '<img src="/theme/img/emblem.png"><p style="color:#ccc;background:#fff">浅色文字</p>' +
        '<button type="button"></button>');
    }""")
    ids = {v["id"] for v in AXE.run(page).response["violations"]}
    assert {"image-alt", "color-contrast", "button-name"} <= ids, ids


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_touch_targets_are_at_least_44px(visitor, name: str, width: int) -> None:
    page = open_page(visitor, name, width)
    assert page.evaluate(TARGETS_JS) == []


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-font"])
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_readable_at_200_percent_zoom_on_a_375px_screen(visitor, name: str, large: bool) -> None:
    # 200 % zoom on a 375 px screen leaves a 187.5 CSS px wide layout viewport.
    page = open_page(visitor, name, 188, 667, device_scale_factor=2)
    if large:
        page.get_by_role("button", name="大字").click()
    result = page.evaluate(OVERFLOW_JS)
    assert result["scrollWidth"] <= result["width"], result
    assert result["out"] == [], result
    if name in ("home", "article"):  # the phone menu, opened, fits too
        page.locator("details.menu summary").click()
        opened = page.evaluate(OVERFLOW_JS)
        assert opened["scrollWidth"] <= opened["width"] and opened["out"] == [], opened
    # The main text is still laid out as text, not squeezed to a sliver.
    box = page.locator("main :is(h1, h2):not(.visually-hidden)").first.bounding_box()
    assert box and box["width"] > 120


def test_font_switch_grows_text_and_is_remembered(visitor) -> None:
    page = visitor.page(width=375)
    page.goto(PAGE_TYPES["article"])
    size = lambda sel: page.eval_on_selector(sel, "el => parseFloat(getComputedStyle(el).fontSize)")  # noqa: E731
    standard = size(".article-body p")
    large_button = page.get_by_role("button", name="大字")
    assert large_button.get_attribute("aria-pressed") == "false"
    large_button.click()
    assert large_button.get_attribute("aria-pressed") == "true"
    assert size(".article-body p") >= standard * 1.2
    # Remembered on the next page, applied before the first paint (no script needed to run).
    page.goto(PAGE_TYPES["column"])
    assert page.evaluate("document.documentElement.dataset.font") == "large"
    assert size(".item-list li > a") >= standard * 1.2
    assert page.get_by_role("button", name="大字").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="标准").click()
    page.goto(PAGE_TYPES["article"])
    assert size(".article-body p") == standard


def test_high_contrast_mode_is_black_on_white_and_remembered(visitor) -> None:
    page = visitor.page(width=1280)
    page.goto(PAGE_TYPES["article"])
    color = lambda sel, prop="color": page.eval_on_selector(sel, f"el => getComputedStyle(el).{prop}")  # noqa: E731
    assert color(".article-meta") != "rgb(0, 0, 0)"
    toggle = page.get_by_role("button", name="高对比度")
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert color("body") == "rgb(0, 0, 0)" and color("body", "backgroundColor") == "rgb(255, 255, 255)"
    assert color(".article-meta") == "rgb(0, 0, 0)"
    page.goto(PAGE_TYPES["home"])
    assert page.evaluate("document.documentElement.dataset.contrast") == "high"
    page.get_by_role("button", name="高对比度").click()
    page.reload()
    assert page.evaluate("document.documentElement.dataset.contrast") is None


def focus_ring(page) -> dict:
    return page.evaluate("""() => {
      const el = document.activeElement, s = getComputedStyle(el), r = el.getBoundingClientRect();
      return {tag: el.tagName, id: el.id, text: (el.textContent || '').trim().slice(0, 20),
              outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
              shadow: s.boxShadow !== 'none',
              visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight &&
                       r.right > 0 && r.left < innerWidth};
    }""")


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_skip_link_reaches_main_content_by_keyboard(visitor, width: int) -> None:
    page = visitor.page(width=width)
    page.goto(PAGE_TYPES["article"])
    page.keyboard.press("Tab")
    first = focus_ring(page)
    assert first["text"] == "跳到正文" and first["visible"] and first["outline"], first
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    # The next stop is the breadcrumb, the one after that leads into the article.
    assert page.evaluate("document.activeElement.closest('.breadcrumb') !== null")


@pytest.mark.parametrize("name", ["home", "article", "search"])
def test_every_tab_stop_shows_a_focus_ring(visitor, name: str) -> None:
    page = open_page(visitor, name, 375)
    seen = []
    for _ in range(150):
        page.keyboard.press("Tab")
        ring = focus_ring(page)
        if ring["tag"] == "BODY" or (seen and ring == seen[0]):
            break
        assert ring["outline"] and ring["visible"], ring
        seen.append(ring)
    texts = [r["text"] for r in seen]
    assert texts[0] == "跳到正文"
    assert {"标准", "大字", "高对比度", "搜索"} <= set(texts), texts
    assert len(seen) > 10


def test_no_popups_animations_or_moving_content(visitor) -> None:
    dialogs = []
    page = visitor.page(width=375)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for name in PAGE_TYPES:
        page.goto(PAGE_TYPES[name])
        page.wait_for_timeout(200)
        assert page.evaluate("document.getAnimations().length") == 0, name
        assert page.locator("marquee, video[autoplay], audio[autoplay], dialog[open], [aria-modal=true]").count() == 0
        fixed = page.evaluate("""() => [...document.querySelectorAll('body *')].filter(
            el => ['fixed', 'sticky'].includes(getComputedStyle(el).position)).length""")
        assert fixed == 0, name
    assert dialogs == []


def test_readable_without_javascript(visitor) -> None:
    page = visitor.page(width=375, java_script_enabled=False)
    page.goto(PAGE_TYPES["article"])
    assert page.locator("h1").inner_text() == "协会2022年举办三期食品安全远程培训"
    assert page.locator(".article-body table").is_visible()
    assert not page.locator(".a11y-tools").is_visible()  # the buttons need script: hidden
    # Phones: the column menu opens without script; search is one tap away.
    menu = page.locator("header details.menu")
    assert not menu.locator("nav a", has_text="学校后勤动态").is_visible()
    menu.locator("summary").click()
    assert menu.locator("nav a", has_text="学校后勤动态").is_visible()
    assert page.locator("header a.phone-search").get_attribute("href") == "/search/"
    page.goto("/search/?q=%E9%A3%9F%E5%93%81")
    assert re.search(r"需要.*JavaScript", page.locator("main").inner_text())
    wide = visitor.page(width=1280, java_script_enabled=False)
    wide.goto(PAGE_TYPES["article"])
    assert wide.locator("header form[role=search] input[name=q]").is_visible()
