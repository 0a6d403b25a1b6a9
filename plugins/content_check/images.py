"""Images too heavy for readers on phones: over 1 MB, or wider than 2000 px (warnings)."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from PIL import Image, UnidentifiedImageError

from site_content.problems import WARNING, Problem

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
MAX_BYTES = 1024 * 1024
MAX_WIDTH = 2000


def width_of(path: Path) -> int | None:
    """The image's width, read from its header only: JPEG, PNG, GIF and WebP
    headers directly (a few small reads; tens of thousands of imported
    photos are checked on a cold run), anything else through Pillow."""
    try:
        with open(path, "rb") as source:
            width = header_width(source)
    except OSError:
        return None
    if width is not None:
        return width
    try:
        with Image.open(path) as image:
            return image.width
    except (OSError, UnidentifiedImageError):
        return None


def header_width(source: BinaryIO) -> int | None:
    """The width an image's header gives, as Pillow reports it, or None when
    the format is not one of these or the header is not as expected."""
    head = source.read(30)
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return int.from_bytes(head[16:20], "big")  # PNG: the IHDR chunk comes first
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return int.from_bytes(head[6:8], "little")  # logical screen width
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp_width(head)
    if head[:2] == b"\xff\xd8":
        source.seek(2)
        return _jpeg_width(source)
    return None


def _webp_width(head: bytes) -> int | None:
    chunk = head[12:16]
    if chunk == b"VP8X":  # extended: canvas width - 1, 24 bits
        return int.from_bytes(head[24:27], "little") + 1
    if chunk == b"VP8L" and head[20] == 0x2F:  # lossless: 14 bits of width - 1
        return (int.from_bytes(head[21:23], "little") & 0x3FFF) + 1
    if chunk == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":  # lossy key frame
        return int.from_bytes(head[26:28], "little") & 0x3FFF
    return None


#: Start-of-frame markers (baseline, progressive, lossless, arithmetic…): not DHT, JPG, DAC.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def _jpeg_width(source: BinaryIO) -> int | None:
    """Walk the JPEG segments (after SOI) to the first start-of-frame."""
    while True:
        marker = source.read(2)
        while marker[:1] == b"\xff" and marker[1:2] == b"\xff":  # fill bytes
            marker = marker[1:] + source.read(1)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        kind = marker[1]
        if kind == 0x01 or 0xD0 <= kind <= 0xD7:  # segments without a length
            continue
        if kind in (0xD9, 0xDA):  # end of image, start of scan: no frame header first
            return None
        length = int.from_bytes(source.read(2), "big")
        if length < 2:
            return None
        if kind in _SOF:
            frame = source.read(5)  # precision, height, width
            return int.from_bytes(frame[3:5], "big") if len(frame) == 5 else None
        source.seek(length - 2, 1)


def image_problems(rel: str, size: int, width: int | None) -> list[Problem]:
    command = f"make shrink IMG=content/{rel}"
    problems = []
    if size > MAX_BYTES:
        problems.append(Problem.of(rel, None, "image_too_big", severity=WARNING,
                                   size=f"{size / 1024 / 1024:.1f}", command=command))
    if width is not None and width > MAX_WIDTH:
        problems.append(Problem.of(rel, None, "image_too_wide", severity=WARNING, width=width, command=command))
    return problems
