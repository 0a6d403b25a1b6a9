"""The render cache cannot serve stale HTML: its key follows code, versions and settings."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import markdown
import pytest
from markdown.extensions.toc import slugify, slugify_unicode

from site_content.renderkey import render_fingerprint, stable_repr

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = {
    "MARKDOWN": {"extension_configs": {"markdown.extensions.toc": {"slugify": slugify_unicode},
                                       "cjk_markdown.extension": {}}, "output_format": "html5"},
    "FORMATTED_FIELDS": ["summary"],
}

BUILD = """\
import sys
from pelican import Pelican
from pelican.settings import read_settings
root, content, output, cache, plugins = sys.argv[1:]
settings = read_settings(root + "/pelicanconf.py", override={
    "PATH": content, "OUTPUT_PATH": output, "CACHE_PATH": cache, "PLUGIN_PATHS": [plugins],
    "SEARCH_INDEX": False})
Pelican(settings).run()
"""


def test_fingerprint_is_stable_and_follows_versions_and_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    first = render_fingerprint(SETTINGS)
    assert first == render_fingerprint(dict(SETTINGS))
    other = {**SETTINGS, "MARKDOWN": {**SETTINGS["MARKDOWN"], "extension_configs": {
        **SETTINGS["MARKDOWN"]["extension_configs"], "markdown.extensions.toc": {"slugify": slugify}}}}
    assert render_fingerprint(other) != first
    assert render_fingerprint({**SETTINGS, "FORMATTED_FIELDS": ["summary", "note"]}) != first
    monkeypatch.setattr(markdown, "__version__", "99.0")
    assert render_fingerprint(SETTINGS) != first


def test_stable_repr_has_no_addresses() -> None:
    text = stable_repr({"b": [slugify_unicode, object], "a": {1, 2}})
    assert "0x" not in text and "markdown.extensions.toc.slugify_unicode" in text


def test_changing_the_joiner_code_re_renders_cached_articles(tmp_path: Path) -> None:
    """The issue's case: the joiner turned off, then a rebuild with the same cache."""
    plugins = shutil.copytree(ROOT / "plugins", tmp_path / "plugins",
                              ignore=shutil.ignore_patterns("__pycache__", "tests", "test_*"))
    content = tmp_path / "content"
    for rel, text in {
        "news/_index.md": "Title: 协会动态\n\n协会新闻。\n",
        "news/2023/old.md": "Title: 旧文\nDate: 2023-03-01\n\n食品安全\n远程培训\n",
    }.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    (content / "pages").mkdir()
    output, cache = tmp_path / "output", tmp_path / "cache"
    script = tmp_path / "build.py"
    script.write_text(BUILD, encoding="utf-8")

    def build() -> None:
        subprocess.run([sys.executable, str(script), str(ROOT), str(content), str(output), str(cache),
                        str(plugins)], check=True, capture_output=True, cwd=tmp_path)

    build()
    assert "食品安全远程培训" in (output / "news/2023/old.html").read_text(encoding="utf-8")
    rules = plugins / "cjk_markdown" / "rules.py"
    code = rules.read_text(encoding="utf-8")
    marker = "    a, b = kind(left), kind(right)\n"
    assert marker in code
    rules.write_text(code.replace(marker, "    return False  # joining off\n" + marker), encoding="utf-8")
    (content / "news/2023/new.md").write_text(textwrap.dedent("""\
        Title: 新文
        Date: 2023-03-02

        食品安全
        远程培训
        """), encoding="utf-8")
    build()
    for name in ("old", "new"):  # the old article is not served from the cache
        html = (output / f"news/2023/{name}.html").read_text(encoding="utf-8")
        assert "食品安全\n远程培训" in html, name


def test_installed_distributions_kept_while_the_installed_set_is_the_same(tmp_path: Path) -> None:
    """The scan of site-packages is kept in CACHE_PATH and redone when any
    distribution folder (name and version) is added, removed or renamed."""
    import json

    from site_content import renderkey

    scanned = renderkey._distributions.__wrapped__(str(tmp_path))
    kept = tmp_path / renderkey.DISTRIBUTIONS_FILE
    saved = json.loads(kept.read_text(encoding="utf-8"))
    assert "Markdown" in scanned["markdown"] and saved["distributions"] == scanned
    saved["distributions"]["markdown"] = ["Markdown", "from-the-cache"]
    kept.write_text(json.dumps(saved), encoding="utf-8")
    assert renderkey._distributions.__wrapped__(str(tmp_path))["markdown"] == ["Markdown", "from-the-cache"]
    saved["listing"] = saved["listing"][1:]  # as if a package had been installed since
    kept.write_text(json.dumps(saved), encoding="utf-8")
    assert renderkey._distributions.__wrapped__(str(tmp_path)) == scanned
