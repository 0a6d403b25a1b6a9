"""A site indexed in shards of years searches exactly like one indexed whole."""

from __future__ import annotations

import functools
import json
import os
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from conftest import SAMPLE_CONTENT, run_build

from .conftest import Visitor, _Handler
from .test_visitor import results, total


@pytest.fixture(scope="module")
def sharded_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    output = tmp_path_factory.mktemp("sharded-site")
    saved = os.environ.pop("SITE_SEARCH_INDEX", None)
    try:
        run_build(SAMPLE_CONTENT, output, SEARCH_INDEX=True, SEARCH_SHARD_PAGES=5)
    finally:
        if saved is not None:
            os.environ["SITE_SEARCH_INDEX"] = saved
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(output)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", output
    finally:
        server.shutdown()
        server.server_close()


def test_shards_are_written_and_listed(sharded_url) -> None:
    _, output = sharded_url
    shards = json.loads((output / "pagefind/shards.json").read_text())
    assert len(shards) >= 2
    for path in shards:
        assert (output / "pagefind" / path / "pagefind-entry.json").is_file(), path


@pytest.mark.parametrize("word", ["食品安全", "后勤"])
def test_sharded_search_finds_what_the_whole_index_finds(browser, base_url, sharded_url, word) -> None:
    found = {}
    for url in (base_url, sharded_url[0]):
        visitor = Visitor(browser, url)
        page = visitor.page(width=1280)
        page.goto(f"/search/?q={word}")
        count = total(page)
        while page.locator("#search-results li").count() < count:
            shown = page.locator("#search-results li").count()
            page.locator("#search-more").click()
            page.wait_for_function(f"document.querySelectorAll('#search-results li').length > {shown}")
        found[url] = sorted(r["url"] for r in results(page))
        visitor.close()
        assert not visitor.stray
    whole, sharded = found[base_url], found[sharded_url[0]]
    assert whole and sharded == whole
