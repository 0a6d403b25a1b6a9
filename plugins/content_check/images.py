"""Images too heavy for readers on phones: over 1 MB, or wider than 2000 px (warnings)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

from site_content.problems import WARNING, Problem

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
MAX_BYTES = 1024 * 1024
MAX_WIDTH = 2000


def width_of(path: Path) -> int | None:
    """The image's width, read from its header only."""
    try:
        with Image.open(path) as image:
            return image.width
    except (OSError, UnidentifiedImageError):
        return None


def image_problems(rel: str, size: int, width: int | None) -> list[Problem]:
    command = f"make shrink IMG=content/{rel}"
    problems = []
    if size > MAX_BYTES:
        problems.append(Problem.of(rel, None, "image_too_big", severity=WARNING,
                                   size=f"{size / 1024 / 1024:.1f}", command=command))
    if width is not None and width > MAX_WIDTH:
        problems.append(Problem.of(rel, None, "image_too_wide", severity=WARNING, width=width, command=command))
    return problems
