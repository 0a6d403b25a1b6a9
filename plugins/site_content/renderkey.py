"""What besides a file's bytes shapes its rendered HTML: the render cache's salt.

A cached rendering is valid only while every input of the renderer is the
same. The fingerprint covers:

- the Python-Markdown version, and the version of every installed package an
  extension comes from (pymdown-extensions…);
- the Markdown settings (extensions and their configuration; a function such
  as toc's ``slugify`` counts by its module and name, an extension object by
  its class and configuration) and ``FORMATTED_FIELDS``;
- the code of every local module on the rendering path: each local package
  (not installed in site-packages) that provides an extension, and this
  plugin's own package (reader, header parsing, summary), every ``.py`` file
  except tests, by content.

So upgrading Markdown, changing an extension setting or editing the joiner
(``cjk_markdown``) makes every file miss the cache and render again; no
``make clean`` is needed. ``test_renderkey.py`` proves it with real builds.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.metadata
import json
import sys
import sysconfig
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import markdown
from sitekit import installed_distributions
from sitekit.files import write_if_changed

#: The installed distributions' top-level modules, kept in CACHE_PATH (``_distributions``).
DISTRIBUTIONS_FILE = "installed-distributions.json"
#: Bump when the reader's output for the same inputs changes in a way the
#: code hash cannot see.
CACHE_VERSION = "3"


def render_fingerprint(settings: dict[str, Any]) -> str:
    """Hex digest of everything besides the file that shapes its rendering."""
    config = settings.get("MARKDOWN") or {}
    modules = {__name__.rsplit(".", 1)[0]}  # this plugin's package
    modules.update(_extension_modules(config))
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{CACHE_VERSION}|{markdown.__version__}|{sys.version_info[:2]}|".encode())
    digest.update(stable_repr(config).encode())
    digest.update(stable_repr(settings.get("FORMATTED_FIELDS")).encode())
    cache = str(settings.get("CACHE_PATH") or "")
    for name in sorted(modules):
        digest.update(f"<{name}>{_module_code(name, cache)}".encode())
    return digest.hexdigest()


def _extension_modules(config: dict[str, Any]) -> set[str]:
    """Modules the configured extensions come from."""
    names: set[str] = set()
    listed = [*(config.get("extensions") or []), *(config.get("extension_configs") or {})]
    for extension in listed:
        if isinstance(extension, str):
            names.add(extension.split(":", 1)[0])
        else:
            names.add(type(extension).__module__)
    return names


@lru_cache(maxsize=None)
def _module_code(name: str, cache: str = "") -> str:
    """A local module's package code hash, or an installed one's version."""
    try:
        module = importlib.import_module(name)
    except ImportError:
        return "missing"  # Markdown itself reports it when it loads the extension
    top = name.split(".", 1)[0]
    folder = _package_folder(module)
    if folder is None or _installed(folder):
        return f"version {_distribution_version(top, cache)}"
    digest = hashlib.blake2b(digest_size=16)
    files = [folder] if folder.is_file() else sorted(folder.rglob("*.py"))
    for path in files:
        if _is_test(path):
            continue
        digest.update(str(path.relative_to(folder.parent)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _package_folder(module: ModuleType) -> Path | None:
    """The top-level package folder of ``module`` (or its file when it is a module)."""
    top = sys.modules.get(module.__name__.split(".", 1)[0], module)
    file = getattr(top, "__file__", None)
    if file is None:
        return None
    path = Path(file).resolve()
    return path.parent if path.name == "__init__.py" else path


def _installed(path: Path) -> bool:
    roots = {sysconfig.get_paths()[key] for key in ("purelib", "platlib", "stdlib", "platstdlib")}
    return any(path.is_relative_to(Path(root).resolve()) for root in roots)


@lru_cache(maxsize=None)
def _distributions(cache: str = "") -> dict[str, list[str]]:
    """Top-level module -> distributions. Scanning site-packages reads every
    installed package's metadata and file list (about 0.25 s, in every build
    process), so the answer is kept in ``cache`` (CACHE_PATH) beside the list of
    installed distributions' folders (name and version) it was made from, and
    scanned again when that list changes."""
    listing = installed_distributions()
    kept = Path(cache) / DISTRIBUTIONS_FILE if cache else None
    if kept is not None:
        try:
            found = json.loads(kept.read_text(encoding="utf-8"))
            if found.get("listing") == listing:
                return found["distributions"]
        except (OSError, ValueError, KeyError, AttributeError):
            pass
    distributions = {top: sorted(set(names)) for top, names in importlib.metadata.packages_distributions().items()}
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(kept, json.dumps({"listing": listing, "distributions": distributions}).encode())
    return distributions


def _distribution_version(top_level: str, cache: str = "") -> str:
    dists = _distributions(cache).get(top_level) or []
    versions = []
    for dist in sorted(set(dists)):
        try:
            versions.append(f"{dist}=={importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    return ",".join(versions) or "unknown"


def _is_test(path: Path) -> bool:
    return path.name.startswith("test_") or "tests" in path.parts or "__pycache__" in path.parts


def stable_repr(value: Any) -> str:
    """``repr`` without memory addresses: functions by module and name, other
    objects by class and attributes, dicts with sorted keys."""
    if isinstance(value, dict):
        items = sorted(((stable_repr(k), stable_repr(v)) for k, v in value.items()))
        return "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [stable_repr(v) for v in value]
        if isinstance(value, (set, frozenset)):
            items.sort()
        return f"{type(value).__name__}[" + ", ".join(items) + "]"
    if value is None or isinstance(value, (str, int, float, bool, bytes)):
        return repr(value)
    if callable(value) and hasattr(value, "__qualname__"):
        return f"<{getattr(value, '__module__', '?')}.{value.__qualname__}>"
    configs = getattr(value, "getConfigs", None)
    state = configs() if callable(configs) else getattr(value, "__dict__", {})
    return f"<{type(value).__module__}.{type(value).__qualname__} {stable_repr(state)}>"
