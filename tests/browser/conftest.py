"""Real headless Chromium (Debian's /usr/bin/chromium) against the built sample site.

The site is built once with its search index and served by ``http.server`` on
127.0.0.1 (ephemeral port) in a thread; a missing path gets the site's 404.html
with status 404, as the production host is configured. Every request a page makes
is recorded; anything not on the loopback server is aborted and reported.
Screenshots go to ``test-artifacts/screenshots/`` at the repository root.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, SAMPLE_CONTENT, run_build

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = {"mobile": 375, "desktop": 1280}
# Reading modes: the 大字 and 高对比度 choices a11y.js stores, applied before first paint.
MODES = {"normal": {}, "large": {"font": "large"}, "contrast": {"contrast": "high"}}

# Page types checked at both widths (axe, screenshots, reflow): name -> path.
PAGE_TYPES = {
    "home": "/",
    "column": "/news/",
    "year": "/party/2022/",
    "article": "/news/2022/food-safety-remote-training.html",
    "attachments": "/policy/2021/db51-t2769-2021.html",
    "signature": "/party/2023/party-building-report-2022.html",
    "imported": "/campus/2023/scu-canteen-self-check.html",
    "search": "/search/?q=%E9%A3%9F%E5%93%81%E5%AE%89%E5%85%A8",  # ?q=食品安全
    "stats": "/stats/",
    "feeds": "/feeds/",
    "members": "/members/",
    "member": "/members/scu/",
    "page": "/about/",
    "404": "/no-such-page/",
}


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.is_file():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


_Handler.extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                           ".js": "text/javascript", ".wasm": "application/wasm",
                           ".pagefind": "application/octet-stream"}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site with its Pagefind index."""
    return build_indexed(SAMPLE_CONTENT, tmp_path_factory.mktemp("browser-site"))


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (ephemeral port) in a thread; yield its base URL."""
    handler = functools.partial(_Handler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def build_indexed(content: Path, output: Path, **overrides: object) -> Path:
    """A real build with its Pagefind index, whatever SITE_SEARCH_INDEX says."""
    saved = os.environ.pop("SITE_SEARCH_INDEX", None)
    try:
        run_build(content, output, SEARCH_INDEX=True, **overrides)
    finally:
        if saved is not None:
            os.environ["SITE_SEARCH_INDEX"] = saved
    assert (output / "pagefind" / "pagefind.js").is_file(), "the build wrote no search index"
    return output


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator["object"]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: run scripts/install_test_deps.sh"
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """The screenshot folder, emptied of an earlier run's pictures."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    return SCREENSHOTS


class Visitor:
    """Opens contexts confined to the loopback server and remembers stray requests."""

    def __init__(self, browser: object, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.stray: list[str] = []
        self.contexts: list[object] = []

    def page(self, width: int = 1280, height: int = 900, mode: str = "normal", **options: object):
        """A page in a fresh context; ``mode`` (see MODES) is stored as a11y.js stores it."""
        context = self.browser.new_context(
            viewport={"width": width, "height": height}, base_url=self.base_url,
            locale="zh-CN", accept_downloads=True, **options)
        context.route("**/*", self._route)
        for key, value in MODES[mode].items():
            context.add_init_script(f"try {{ localStorage.setItem({key!r}, {value!r}) }} catch (e) {{}}")
        self.contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    def _route(self, route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.netloc == self.host:
            route.continue_()
        else:
            self.stray.append(url)
            route.abort()

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def visitor(browser, base_url) -> Iterator[Visitor]:
    v = Visitor(browser, base_url)
    yield v
    v.close()
    assert not v.stray, f"requests left the loopback server: {v.stray}"


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # noqa: ARG001
    """Name the folder the screenshots went to."""
    shots = sorted(SCREENSHOTS.glob("*.png")) if SCREENSHOTS.is_dir() else []
    if shots:
        terminalreporter.write_line(f"browser screenshots: {SCREENSHOTS} ({len(shots)} files)")
