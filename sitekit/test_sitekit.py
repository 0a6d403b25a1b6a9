"""The shared helpers behave as the plugins relied on when each had its own copy."""

from __future__ import annotations

import os
import types
from pathlib import Path

from sitekit.files import write_if_changed
from sitekit.links import mentions_links
from sitekit.plugins import listed


def test_write_if_changed_keeps_an_unchanged_file_untouched(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "feed.xml"
    assert write_if_changed(path, b"one") is True  # folders made
    os.utime(path, ns=(1, 1))
    assert write_if_changed(path, b"one") is False and path.stat().st_mtime_ns == 1
    assert write_if_changed(str(path), b"two") is True and path.read_bytes() == b"two"
    known: set[str] = set()
    assert write_if_changed(tmp_path / "c" / "x.html", b"x", compare=False, known_dirs=known)
    assert known == {str(tmp_path / "c")}


def test_listed_by_module_name_string_or_module_object() -> None:
    settings = {"PLUGINS": ["site_content", "site_search"]}
    assert listed(settings, "site_search") and listed(settings, "site_content.reader")
    assert not listed(settings, "site_feeds") and not listed({}, "site_feeds")
    assert listed({"PLUGINS": [types.ModuleType("plugins.site_feeds")]}, "site_feeds")
    assert not listed({"PLUGINS": ["not_site_feeds"]}, "site_feeds")


def test_mentions_links_prefers_the_recorded_answer() -> None:
    item = types.SimpleNamespace(_content="<a href='{filename}x.md'>x</a>")
    assert mentions_links(item)
    item.__dict__["_mentions_links"] = False
    assert not mentions_links(item)
    assert not mentions_links(types.SimpleNamespace(_content="<p>正文</p>"))


def test_flat_settings_defaults_conversions_and_errors() -> None:
    import pytest

    from column_pages.settings import load as column_settings
    from site_search.settings import load as search_settings
    from sitekit.settings import OptionsError

    assert column_settings({}).page_size == 20 and column_settings({}).home_blocks is None
    assert column_settings({"COLUMN_PAGE_SIZE": "3"}).page_size == 3  # int() as before
    assert search_settings({"SEARCH_INDEX": 0}).index is False
    assert search_settings({"SEARCH_EXCLUDE_SELECTORS": [".ad"]}).exclude_selectors == [".ad"]
    with pytest.raises(OptionsError, match=r"column_pages: setting COLUMN_PAGE_SIZE must be int, got 'x'"):
        column_settings({"COLUMN_PAGE_SIZE": "x"})
    with pytest.raises(OptionsError, match=r"column_pages: setting HOME_BLOCKS must be list or tuple"):
        column_settings({"HOME_BLOCKS": "news"})
    with pytest.raises(OptionsError, match=r"site_search: setting SEARCH_BUNDLE_DIR must be str"):
        search_settings({"SEARCH_BUNDLE_DIR": 3})


def test_members_area_build() -> None:
    from sitekit.settings import members_area_build

    assert members_area_build({"MEMBERS_ONLY_MODE": "Members"})
    assert not members_area_build({}) and not members_area_build({"MEMBERS_ONLY_MODE": "public"})


def test_early_digest_is_the_walk_of_its_folder(tmp_path: Path) -> None:
    from sitekit.treestats import EarlyDigest, tree_digest

    (tmp_path / "a" / "__pycache__").mkdir(parents=True)
    (tmp_path / "a" / "x.md").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "__pycache__" / "x.pyc").write_bytes(b"1")
    (tmp_path / "b").mkdir()
    early = EarlyDigest(str(tmp_path / "a"))
    assert early.digest(str(tmp_path / "a")) == tree_digest(tmp_path / "a")
    assert early.digest(str(tmp_path / "b")) == tree_digest(tmp_path / "b") != tree_digest(tmp_path / "a")
    before = tree_digest(tmp_path / "a")
    (tmp_path / "a" / "__pycache__" / "x.pyc").write_bytes(b"22")  # caches do not count
    assert tree_digest(tmp_path / "a") == before
    (tmp_path / "a" / "x.md").write_text("xy", encoding="utf-8")
    assert tree_digest(tmp_path / "a") != before
    assert EarlyDigest("").digest(str(tmp_path / "a")) == tree_digest(tmp_path / "a")
