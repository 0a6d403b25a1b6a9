#!/usr/bin/env python3
"""Draw the site's emblem: theme/static/img/emblem.svg, emblem.png (share image), favicon.

The emblem was drawn for this project (it is not the association's registered
logo; set ``SITE_LOGO`` / ``SITE_SHARE_IMAGE`` in pelicanconf.py to the real
files). One list of shapes on a 100 x 100 grid makes both files: a white disc
ringed in the brand red, a roof (后勤: the services that house campus life),
three strokes of 川 (Sichuan) and an open book (the universities).

The outputs are committed; run this again only to change them:
`.venv/bin/python scripts/make_emblem.py` (tests/test_theme.py checks that the
committed SVG is what this script draws).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "theme/static/img"
RED = "#9e1b1b"
WHITE = "#ffffff"
PNG_SIZE = 512

# (kind, fill, geometry) on a 100 x 100 grid.
# circle: (cx, cy, r); polygon: ((x, y), ...); bar: (x0, y0, x1, y1, radius).
SHAPES: list[tuple[str, str, tuple]] = [
    ("circle", RED, (50, 50, 50)),
    ("circle", WHITE, (50, 50, 46)),
    ("circle", RED, (50, 50, 42)),
    ("circle", WHITE, (50, 50, 39.5)),
    # roof
    ("polygon", RED, ((18, 45), (50, 19), (82, 45), (82, 51), (50, 26.5), (18, 51))),
    # 川: three strokes, the left one sweeping down to the left
    ("polygon", RED, ((37.5, 38), (42.5, 38), (42, 55), (37, 65), (33.5, 63), (37.5, 54.5))),
    ("bar", RED, (47.5, 35, 52.5, 63, 1.5)),
    ("bar", RED, (57.5, 37.5, 62.5, 67, 1.5)),
    # open book
    ("polygon", RED, ((22, 69), (48.5, 74), (48.5, 81), (22, 76))),
    ("polygon", RED, ((51.5, 74), (78, 69), (78, 76), (51.5, 81))),
]


def _num(value: float) -> str:
    return f"{value:g}"


def svg() -> str:
    """The emblem as a small, dependency-free SVG document."""
    parts = []
    for kind, fill, geometry in SHAPES:
        if kind == "circle":
            cx, cy, r = geometry
            parts.append(f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{_num(r)}" fill="{fill}"/>')
        elif kind == "polygon":
            points = " ".join(f"{_num(x)},{_num(y)}" for x, y in geometry)
            parts.append(f'<polygon points="{points}" fill="{fill}"/>')
        else:
            x0, y0, x1, y1, radius = geometry
            parts.append(f'<rect x="{_num(x0)}" y="{_num(y0)}" width="{_num(x1 - x0)}" '
                         f'height="{_num(y1 - y0)}" rx="{_num(radius)}" fill="{fill}"/>')
    body = "\n  ".join(parts)
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">\n'
            f"  {body}\n</svg>\n")


def png(path: Path, size: int = PNG_SIZE) -> None:
    """The emblem centred on a white square (share image: WeChat, Weibo, search engines)."""
    from PIL import Image, ImageDraw

    scale, pad = 4, size // 8  # draw at 4x, then downsample: smooth edges
    big = (size - 2 * pad) * scale
    img = Image.new("RGB", (big, big), WHITE)
    draw = ImageDraw.Draw(img)
    unit = big / 100
    for kind, fill, geometry in SHAPES:
        if kind == "circle":
            cx, cy, r = (v * unit for v in geometry)
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
        elif kind == "polygon":
            draw.polygon([(x * unit, y * unit) for x, y in geometry], fill=fill)
        else:
            x0, y0, x1, y1, radius = (v * unit for v in geometry)
            draw.rounded_rectangle((x0, y0, x1, y1), radius=radius, fill=fill)
    canvas = Image.new("RGB", (size, size), WHITE)
    canvas.paste(img.resize((size - 2 * pad, size - 2 * pad), Image.LANCZOS), (pad, pad))
    canvas.quantize(16).save(path, optimize=True)  # few colours: a small file


def favicon(path: Path) -> None:
    """favicon.ico (16, 32 and 48 px) from the share image."""
    from PIL import Image

    with Image.open(IMG / "emblem.png") as image:
        image.convert("RGBA").save(path, sizes=[(16, 16), (32, 32), (48, 48)])


def main() -> None:
    IMG.mkdir(parents=True, exist_ok=True)
    (IMG / "emblem.svg").write_text(svg(), encoding="utf-8")
    png(IMG / "emblem.png")
    favicon(ROOT / "content/extra/favicon.ico")


if __name__ == "__main__":
    main()
