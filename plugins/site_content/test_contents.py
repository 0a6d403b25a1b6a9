"""contents.py: the cached URL classes answer exactly as Pelican's own classes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.contents import Static
from pelican.settings import DEFAULT_CONFIG

from site_content.contents import CachedUrlStatic


@pytest.mark.parametrize("patterns", [("{path}", "{path}"), ("static/{path}", "/s/{path}"),
                                      ("{lang}/{path}", "{slug}-{path}")])
@pytest.mark.parametrize("metadata", [{}, {"path": "moved/photo 1.png"}, {"slug": "x", "lang": "zh"}])
def test_static_url_and_save_as_are_pelicans(tmp_path: Path, patterns: tuple[str, str], metadata: dict) -> None:
    settings = {**DEFAULT_CONFIG, "PATH": str(tmp_path), "STATIC_SAVE_AS": patterns[0], "STATIC_URL": patterns[1], "DEFAULT_LANG": "zh"}
    source = str(tmp_path / "campus" / "2024" / "图 1.png")
    ours = CachedUrlStatic("", metadata=dict(metadata), settings=settings, source_path=source)
    stock = Static("", metadata=dict(metadata), settings=settings, source_path=source)
    assert (ours.url, ours.save_as) == (stock.url, stock.save_as)
