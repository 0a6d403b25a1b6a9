"""`make devserver` in real Chromium: a save rebuilds the site and the open page
reloads itself; a content problem shows on the page and goes away when fixed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE_CONTENT

pytestmark = pytest.mark.slow
ARTICLE = "news/2022/ruziniu-awards.md"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def devserver(tmp_path: Path):
    content = shutil.copytree(SAMPLE_CONTENT, tmp_path / "content")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts/devserver.py"), str(content), "-o", str(tmp_path / "out"),
         "-s", str(ROOT / "pelicanconf.py"), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert proc.poll() is None, proc.stdout.read()
            time.sleep(0.2)
    try:
        yield f"http://127.0.0.1:{port}", content
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_saving_reloads_the_open_page_and_problems_show_on_it(browser, devserver) -> None:
    base, content = devserver
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{base}/news/2022/ruziniu-awards.html")
    page.wait_for_function("() => performance.getEntriesByType('resource').some(r => r.name.includes('__devserver'))")
    source = content / ARTICLE
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("Title: ", "Title: 预览测试：", 1), encoding="utf-8")
    page.wait_for_function("() => document.querySelector('h1').textContent.includes('预览测试：')")

    source.write_text(text.replace("Date: ", "Date：", 1), encoding="utf-8")
    box = page.locator("#devserver-problems")
    box.wait_for()
    assert "用了全角冒号" in box.text_content()
    assert f"{ARTICLE}:" in box.text_content()

    source.write_text(text, encoding="utf-8")
    page.wait_for_function("() => !document.querySelector('#devserver-problems') && "
                           "!document.querySelector('h1').textContent.includes('预览测试：')")
    context.close()
