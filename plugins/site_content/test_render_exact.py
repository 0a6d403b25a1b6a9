"""Differential fuzzer: the site's rendering path gives exactly Pelican's Python-Markdown output.

The reference is Pelican's own ``MarkdownReader`` (a fresh ``Markdown`` per
file, the file opened as Pelican opens it) with the site's extensions. The
site's path is what a build uses: bytes decoded by the reader, the header
parsed by ``header.py``, one reused ``Markdown`` instance (``Renderer``, as in
a worker that renders thousands of files in a row) and a round trip through
the render cache. Bodies and formatted fields (``Summary``) must be equal byte
for byte.

Documents are random text near the edges of Markdown: tables followed by
headings and lists without a blank line, non-ASCII digits and spaces
(``１. ``, ``٣.``, U+0085, U+2028…), ``**``/``#``/``|`` in odd places,
abbreviations and footnotes that must not leak into the next document,
CRLF, lone CR, BOM. The bounded run is part of ``make test``; a long run:

    RENDER_FUZZ=100000 .venv/bin/pytest plugins/site_content/test_render_exact.py

(``RENDER_FUZZ_SEED`` picks another seed).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG, read_settings

from site_content.cache import RenderCache
from site_content.reader import Renderer, _bytes_renderer
from site_content.renderkey import render_fingerprint

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = int(os.environ.get("RENDER_FUZZ", "600"))
SEED = int(os.environ.get("RENDER_FUZZ_SEED", "14"))

WORDS = ["食品安全", "培训", "协会", "，", "。", "“", "”", "（", "）", "、", "：", "Hello", "world", "API",
         "3078", "12.5", "１２", "٣", "٠", "Ａ", "℃", "①", "——", "…", "·"]
INLINE = ["**", "*", "_", "__", "`", "``", "[", "]", "(", ")", "](", "![", "<", ">", "&", "&amp;", "&#8220;",
          "\\", "\\*", "|", "#", ":", "~~", "^", "{", "}", '"', "'", "[^1]", "[^x]", "HTML", "<b>", "</b>",
          "<span>", "</span>", "http://a.cn/x_y", "<http://a.cn>", "a@b.cn", "{: .c }", "=", "-", "+"]
SPACES = [" ", " ", " ", "  ", "\t", "\u00a0", "\u3000", "\u0085", "\u1680", "\u2028", "\u2029", "\u200b",
          "\u2003", "\x0b", "\x0c"]
MARKERS = ["", "", "", "# ", "## ", "###### ", "####### ", "#", "## ", "- ", "* ", "+ ", "1. ", "2) ", "01. ",
           "１. ", "３. ", "1０. ", "٣. ", "0. ", "10. ", "> ", ">> ", "    ", "  ", "   - ", "    1. ", ": ",
           "!!! note ", "!!! warning \"注意\"\n    ", "[^1]: ", "*[HTML]: ", "*[API]: ", "| ", "|", "\t",
           "```\n", "~~~\n", "<div markdown=\"1\">\n", "<table>\n", "<!-- ", "=== ", "--- ", "***", "___",
           "[link]: http://a.cn \"t\"\n", "{: #id }\n"]
TABLE_RULES = ["| --- | --- |", "|---|---|", "| :-- | --: |", "| :-: | --- |", "--- | ---", "| - | - |",
               "| --- |", "|:--|:--:|--:|"]


def _inline(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 10)):
        roll = rng.random()
        parts.append(rng.choice(WORDS) if roll < 0.55 else rng.choice(INLINE) if roll < 0.85 else rng.choice(SPACES))
    return "".join(parts)


def _table(rng: random.Random) -> list[str]:
    cols = rng.randint(1, 3)
    rows = ["| " + " | ".join(_inline(rng) for _ in range(cols)) + " |", rng.choice(TABLE_RULES)]
    rows += ["| " + " | ".join(_inline(rng) for _ in range(rng.randint(1, cols + 1))) + " |"
             for _ in range(rng.randint(0, 3))]
    return rows


def document(rng: random.Random) -> str:
    """A random Markdown body."""
    lines: list[str] = []
    for _ in range(rng.randint(1, 14)):
        roll = rng.random()
        if roll < 0.15:
            lines += _table(rng)
        elif roll < 0.25:
            lines.append("")
        elif roll < 0.3:
            lines.append(rng.choice(SPACES) * rng.randint(1, 3))
        else:
            lines.append(rng.choice(MARKERS) + _inline(rng) + (rng.choice(SPACES) if rng.random() < 0.2 else ""))
    return "\n".join(lines)


def file_bytes(rng: random.Random, body: str) -> bytes:
    header = ["Title: 测试", "Date: 2023-03-01"]
    if rng.random() < 0.3:
        header.append("Summary: " + _inline(rng).strip() + ("\n    " + _inline(rng).strip() if rng.random() < 0.3 else ""))
    text = "\n".join(header) + "\n\n" + body + "\n"
    newline = rng.choice(["\n"] * 6 + ["\r\n", "\r"])
    text = text.replace("\n", newline)
    return (b"\xef\xbb\xbf" if rng.random() < 0.1 else b"") + text.encode("utf-8")


@pytest.fixture(scope="module")
def settings() -> dict:
    loaded = read_settings(str(ROOT / "pelicanconf.py"))
    configs = {**loaded["MARKDOWN"]["extension_configs"], "cjk_markdown.extension": {}}  # as the plugin adds it
    return {**DEFAULT_CONFIG, "MARKDOWN": {**loaded["MARKDOWN"], "extension_configs": configs},
            "FORMATTED_FIELDS": loaded["FORMATTED_FIELDS"]}


def reference(settings: dict, path: Path) -> tuple[str, str | None]:
    """Pelican's own reader: a fresh Markdown instance, the file opened as Pelican does."""
    reader = MarkdownReader({**settings, "MARKDOWN": {k: (dict(v) if isinstance(v, dict) else list(v)
                                                          if isinstance(v, list) else v)
                                                      for k, v in settings["MARKDOWN"].items()}})
    html, metadata = reader.read(str(path))
    return html, metadata.get("summary")


@pytest.mark.timeout(max(600, DOCUMENTS // 10))  # a long run takes ~10 ms a document
def test_rendering_path_is_byte_identical_to_python_markdown(settings: dict, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    render = _bytes_renderer(lambda: Renderer(settings["MARKDOWN"], settings["FORMATTED_FIELDS"]))
    cache = RenderCache(tmp_path / "cache", render_fingerprint(settings))
    differences: list[str] = []
    for number in range(DOCUMENTS):
        raw = file_bytes(rng, document(rng))
        path = tmp_path / "doc.md"
        path.write_bytes(raw)
        expected_html, expected_summary = reference(settings, path)
        rendered = render(raw)
        assert rendered is not None
        key = cache.key(raw)
        cache.put(key, rendered)
        cache.flush()
        html, fields = cache.get(key)  # type: ignore[misc]
        # An empty Summary: counts as absent on this site (the automatic summary), so
        # only a non-empty one is compared.
        if html != expected_html or (expected_summary and fields.get("summary") != expected_summary):
            differences.append(f"document {number}: {raw!r}\n  site: {html!r} {fields.get('summary')!r}\n  Markdown: {expected_html!r} {expected_summary!r}")
    assert not differences, f"{len(differences)} of {DOCUMENTS} differ:\n" + "\n".join(differences[:5])


def test_documents_reach_the_edges(settings: dict) -> None:
    """The generator makes what it claims: tables then headings, odd digits and spaces, CRLF."""
    rng = random.Random(SEED)
    texts = [document(rng) for _ in range(300)]
    joined = "\n".join(texts)
    for needle in ("|\n## ", "１. ", "٣. ", "\u2028", "\u0085", "*[HTML]", "[^1]: ", "!!! note"):
        assert needle in joined, needle
    raws = [file_bytes(rng, "x") for _ in range(300)]
    assert any(b"\r\n" in r for r in raws) and any(r.startswith(b"\xef\xbb\xbf") for r in raws)
