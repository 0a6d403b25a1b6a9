"""The image width the check reads from headers is the width Pillow reports."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image

from content_check.images import header_width, width_of


def _image(fmt: str, size: tuple[int, int], rng: random.Random) -> bytes:
    mode = {"JPEG": rng.choice(["RGB", "L", "CMYK"]), "PNG": rng.choice(["RGB", "RGBA", "P", "L"]),
            "GIF": "P", "WEBP": rng.choice(["RGB", "RGBA"])}[fmt]
    image = Image.new(mode, size)
    out = io.BytesIO()
    options: dict = {}
    if fmt == "JPEG":
        options = {"progressive": rng.random() < 0.5, "quality": rng.randint(30, 95)}
        if rng.random() < 0.5:  # a large EXIF block before the frame header, as cameras write
            exif = Image.Exif()
            exif[0x010E] = "x" * rng.randint(10, 60000)
            options["exif"] = exif.tobytes()
        if rng.random() < 0.3:
            options["icc_profile"] = bytes(rng.randrange(256) for _ in range(rng.randint(100, 3000)))
    if fmt == "WEBP":
        options = {"lossless": rng.random() < 0.5}
        if rng.random() < 0.3:
            options["exif"] = b"Exif\x00\x00" + bytes(40)  # makes it an extended (VP8X) file
    image.save(out, fmt, **options)
    return out.getvalue()


def test_header_width_is_pillows_width(tmp_path: Path) -> None:
    rng = random.Random(11)
    checked = {"JPEG": 0, "PNG": 0, "GIF": 0, "WEBP": 0}
    for n in range(160):
        fmt = list(checked)[n % 4]
        size = (rng.choice([1, 2, 17, 640, 1999, 2000, 2001, 4100, 16383]), rng.choice([1, 9, 300]))
        data = _image(fmt, size, rng)
        path = tmp_path / f"{n}.img"
        path.write_bytes(data)
        with Image.open(path) as image:
            expected = image.width
        assert header_width(io.BytesIO(data)) == expected == size[0], (fmt, size)
        assert width_of(path) == expected
        checked[fmt] += 1
    assert min(checked.values()) == 40


def test_other_or_broken_files_fall_back_to_pillow(tmp_path: Path) -> None:
    bmp = io.BytesIO()
    Image.new("RGB", (2100, 3)).save(bmp, "BMP")
    cases = {"a.bmp": (bmp.getvalue(), 2100), "b.jpg": (b"\xff\xd8\xff\xe0\x00", None), "c.png": (b"not an image", None),
             "d.jpg": (b"", None)}
    for name, (data, width) in cases.items():
        (tmp_path / name).write_bytes(data)
        assert width_of(tmp_path / name) == width, name
    assert header_width(io.BytesIO(b"\xff\xd8\xff\xda\x00\x08")) is None  # a scan before any frame header
