"""scripts/build.py: builds like pelican, and stops at once when nothing changed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import COLUMNS_MINI, ROOT, write_files


def build(content: Path, out: Path, cache: Path, search: str = "0") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SITE_SEARCH_INDEX": search}
    return subprocess.run(
        [sys.executable, "scripts/build.py", str(content), "-o", str(out), "-s", "pelicanconf.py",
         "-e", f'CACHE_PATH="{cache}"'],
        cwd=ROOT, capture_output=True, text=True, env=env,
    )


def test_up_to_date_check_and_rebuilds(tmp_path: Path) -> None:
    content, out, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    write_files(content, {**COLUMNS_MINI, "news/2023/a.md": "Title: 甲\nDate: 2023-01-01\n\n正文\n"})
    (content / "pages").mkdir()
    first = build(content, out, cache)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (out / "news/2023/a.html").is_file()

    second = build(content, out, cache)
    assert second.returncode == 0 and "Nothing changed" in second.stdout

    (content / "news/2023/a.md").write_text("Title: 甲（改）\nDate: 2023-01-01\n\n新正文\n", encoding="utf-8")
    third = build(content, out, cache)
    assert "Nothing changed" not in third.stdout
    assert "新正文" in (out / "news/2023/a.html").read_text(encoding="utf-8")

    (out / "news/2023/a.html").unlink()  # output damaged: rebuilt, not trusted
    fourth = build(content, out, cache)
    assert "Nothing changed" not in fourth.stdout and (out / "news/2023/a.html").is_file()

    fifth = build(content, out, cache, search="1")  # an environment input changed
    assert "Nothing changed" not in fifth.stdout


def test_failed_build_exits_non_zero_and_is_not_recorded(tmp_path: Path) -> None:
    content, out, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    write_files(content, {**COLUMNS_MINI, "news/2023/a.md": "Title: 甲\n\n没有日期\n"})
    (content / "pages").mkdir()
    for _ in range(2):
        result = build(content, out, cache)
        assert result.returncode != 0
        assert "news/2023/a.md" in result.stdout + result.stderr
        assert "Nothing changed" not in result.stdout


def test_installed_package_versions_are_inputs() -> None:
    """Upgrading Markdown (or any package) is a change: the site is built again."""
    import importlib.metadata

    sys.path.insert(0, str(ROOT / "scripts"))
    import build as build_script

    listed = build_script.installed_packages().lower()
    assert f"markdown-{importlib.metadata.version('markdown')}.dist-info" in listed
    assert f"pelican-{importlib.metadata.version('pelican')}.dist-info" in listed


def test_search_is_indexed_after_the_build_process_hands_over(tmp_path: Path) -> None:
    """With search on, the build process (every article in memory) replaces itself
    with a small one that runs Pagefind; the build is recorded only after that."""
    content, out, cache = tmp_path / "content", tmp_path / "out", tmp_path / "cache"
    write_files(content, {**COLUMNS_MINI, "news/2023/a.md": "Title: 食堂检查\nDate: 2023-01-01\n\n协会组织食堂检查。\n"})
    (content / "pages").mkdir()
    first = build(content, out, cache, search="1")
    assert first.returncode == 0, first.stdout + first.stderr
    log = first.stdout + first.stderr
    assert "site_search: indexed 1 pages" in log and log.index("Done: Processed") < log.index("site_search: indexed")
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    assert not list(cache.glob("search-job-*.json"))  # the hand-over file is consumed
    second = build(content, out, cache, search="1")
    assert "Nothing changed" in second.stdout, second.stdout + second.stderr  # the record covers the index
