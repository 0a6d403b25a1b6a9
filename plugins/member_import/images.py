"""Download article images next to the article, small.

Each image (≤ 2 MB downloaded) is downscaled to at most 1280 px wide and
recompressed with Pillow, saved as ``<stem>-<n>.<ext>`` beside the article and
referenced as ``{static}<stem>-<n>.<ext>``. An image that cannot be
downloaded (every candidate URL failed, or downloads are off) is dropped and
its alt text, when the source page wrote one, kept as text: a public page
makes no request to a member site. The reason is reported.
"""

from __future__ import annotations

import io
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .fetch import FetchError, Fetcher
from .parse import soup_of
from .store import Store

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_WIDTH = 1280
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
JPEG_QUALITY = 82
PNG_AS_JPEG_ABOVE = 300 * 1024
# Decoded images are big (a 4000x3000 photo is 36 MB): decode a few at a time,
# whatever the number of download threads.
_DECODING = threading.BoundedSemaphore(max(1, min(4, os.cpu_count() or 1)))


@dataclass
class LocalisedHtml:
    """HTML with local image references, and one note per image dropped."""

    html: str
    saved: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def shrink(data: bytes, max_width: int = MAX_WIDTH) -> tuple[bytes, str]:
    """Downscale to ``max_width`` and recompress; return ``(bytes, extension)``.

    Raises ValueError for data that is not a usable image.
    """
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError) as exc:
        raise ValueError(f"not an image ({exc})") from exc
    with image:
        fmt = (image.format or "").upper()
        if image.width * image.height > MAX_PIXELS:
            raise ValueError(f"{image.width}x{image.height} pixels is too many")
        if fmt == "GIF" and getattr(image, "n_frames", 1) > 1 and image.width <= max_width:
            return data, "gif"  # keep small animations as they are
        if fmt == "JPEG" and image.width > max_width:
            # decode at a reduced DCT scale (never below the target size): much faster
            image.draft("RGB", (max_width, max(1, image.height * max_width // image.width)))
        try:
            image.load()
            if image.getexif().get(0x0112, 1) != 1:  # rotated by EXIF: apply it
                image = ImageOps.exif_transpose(image)
        except (OSError, SyntaxError, ValueError) as exc:
            raise ValueError(f"broken image ({exc})") from exc
        resized = image.width > max_width
        if resized:
            height = max(1, round(image.height * max_width / image.width))
            image = image.resize((max_width, height), Image.Resampling.BICUBIC, reducing_gap=3.0)
        alpha = image.mode in ("RGBA", "LA", "PA") or (
            image.mode == "P" and "transparency" in image.info)
        out = io.BytesIO()
        if fmt in ("PNG", "GIF", "BMP") or alpha:
            if alpha:
                image = image.convert("RGBA") if image.mode not in ("RGBA", "LA") else image
            elif image.mode not in ("RGB", "L", "P"):
                image = image.convert("RGB")
            image.save(out, "PNG", optimize=True)
            if alpha or out.tell() <= PNG_AS_JPEG_ABOVE:
                result, ext = out.getvalue(), "png"
                if not resized and fmt == "PNG" and len(data) < len(result):
                    result = data
                return result, ext
            out = io.BytesIO()  # a photo saved as PNG: JPEG is far smaller
        image = image.convert("RGB") if image.mode != "RGB" else image
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        result = out.getvalue()
        if not resized and fmt == "JPEG" and len(data) < len(result):
            result = data
        return result, "jpg"


def localise_images(html: str, fallbacks: dict[str, list[str]], stem: str, folder: Path,
                    fetcher: Fetcher, store: Store, download: bool = True,
                    title: str = "") -> LocalisedHtml:
    """Download each ``<img>`` of sanitised ``html`` into ``folder`` and point at it.

    Images without alt text get ``<title> 图<n>`` (sites rarely write alt text);
    an image that is not downloaded is replaced by the alt text its page wrote.
    """
    soup = soup_of(html)
    images = soup.find_all("img")
    result = LocalisedHtml(html=html)
    if not images:
        return result
    written = {id(img): (img.get("alt") or "").strip() for img in images}
    for index, img in enumerate(images, 1):
        if not written[id(img)]:
            img["alt"] = f"{title} 图{index}".strip()
    done: dict[str, str] = {}
    dropped: set[str] = set()
    number = 0
    for img in images:
        src = img.get("src", "")
        if src in done:
            img["src"] = done[src]
            continue
        reasons = []
        if src in dropped:
            reasons.append(f"{src}: failed above")
        elif not download:
            reasons.append("downloads are off (--no-images or --dry-run)")
        elif not src.startswith(("http://", "https://")):
            reasons.append(f"{src or 'no src'}: not an http(s) URL")
        else:
            for url in [src, *fallbacks.get(src, [])]:
                try:
                    resp = fetcher.get(url, max_bytes=MAX_IMAGE_BYTES)
                    with _DECODING:
                        data, ext = shrink(resp.body)
                except (FetchError, ValueError) as exc:
                    reasons.append(f"{url}: {exc}")
                    continue
                number += 1
                name = f"{stem}-{number}.{ext}"
                store.create(folder / name, data)  # an existing file from a past run is kept
                done[src] = "{static}" + name
                img["src"] = done[src]
                result.saved.append(name)
                break
        if src not in done:
            dropped.add(src)
            alt = written[id(img)]
            img.replace_with(alt)
            if download and len(reasons) and not reasons[0].endswith("failed above"):
                result.problems.append(f"image dropped ({'alt text kept' if alt else 'no alt text'}): "
                                       + "; ".join(reasons))
    root = soup.body if soup.body is not None else soup
    result.html = root.decode_contents()
    return result
