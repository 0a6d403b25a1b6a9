"""content_target's shortcut for plain paths gives what the full rule gives."""

from __future__ import annotations

import posixpath
import random

from site_content.links import _clean, _path_only, content_target, pelican_kind

PIECES = ["a", "图片", "x.jpg", "..", ".", "", "2024", ".hidden", "a b", "%E5%9B%BE", "c:d", "a?x=1", "b#frag",
          "p;q", "~u", "-z", "_y", "a.tar.gz", "\\", "ｆ", "é"]


def full_rule(ref: str, source_rel: str) -> str | None:
    """content_target without the shortcut (the rule as Pelican applies it)."""
    kind = pelican_kind(ref)
    if kind not in ("filename", "static", "attach"):
        return None
    path = _path_only(ref[len(kind) + 2:])
    if path.startswith("/"):
        return _clean(path)
    return _clean(posixpath.join(posixpath.dirname(source_rel), path))


def test_shortcut_matches_the_full_rule() -> None:
    rng = random.Random(14)
    sources = ["x.md", "news/2024/a.md", "campus/m001/2024/b.md", "新闻/2024/c.md", "a b/c.md", "../d.md"]
    checked = 0
    for _ in range(20000):
        path = "/".join(rng.choice(PIECES) for _ in range(rng.randint(1, 4)))
        for lead in ("", "/", "//"):
            ref = f"{{{rng.choice(('static', 'filename', 'attach'))}}}{lead}{path}"
            source = rng.choice(sources)
            assert content_target(ref, source) == full_rule(ref, source), (ref, source)
            checked += 1
    assert content_target("{static}m001-1.jpg", "campus/m001/2024/b.md") == "campus/m001/2024/m001-1.jpg"
    assert content_target("{static}/images/a.jpg", "news/2024/a.md") == "images/a.jpg"
    assert checked == 60000
