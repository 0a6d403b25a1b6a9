"""CDN purge hook: a command template run with the URLs that changed.

``purge_command`` in deploy/targets.yml is split like a shell command line (no
shell runs it). Placeholders: ``{urls}`` as a word of its own becomes one
argument per URL; ``{urls_file}`` a file with one URL per line; ``{count}``.
Long lists are cut into batches of ``purge_batch`` URLs.
"""

from __future__ import annotations

import shlex
import subprocess
import tempfile
from pathlib import Path


def changed_urls(paths: list[str], public_url: str | None) -> list[str]:
    """Public URLs of changed files; ``x/index.html`` also as ``x/``."""
    base = (public_url or "").rstrip("/")
    urls: list[str] = []
    for rel in sorted(paths):
        urls.append(f"{base}/{rel}")
        if rel == "index.html" or rel.endswith("/index.html"):
            urls.append(f"{base}/{rel[: -len('index.html')]}")
    return urls


def run_purge(template: str, urls: list[str], batch: int = 100, timeout: float = 300) -> int:
    """Run the purge command for ``urls``; return how many URLs were purged."""
    if not urls:
        return 0
    words = shlex.split(template)
    with tempfile.TemporaryDirectory(prefix="purge-") as tmp:
        for start in range(0, len(urls), max(1, batch)):
            part = urls[start:start + batch]
            listing = Path(tmp) / f"urls-{start}.txt"
            listing.write_text("".join(u + "\n" for u in part), encoding="utf-8")
            argv: list[str] = []
            for word in words:
                if word == "{urls}":
                    argv.extend(part)
                else:
                    argv.append(word.replace("{urls_file}", str(listing)).replace("{count}", str(len(part))))
            proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
            if proc.returncode != 0:
                raise RuntimeError(f"CDN purge command failed (exit {proc.returncode}): "
                                   f"{(proc.stderr or proc.stdout).strip()[-500:]}")
    return len(urls)
