"""Fixtures that build real sites with Pelican into temporary directories."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
from pelican import Pelican
from pelican.settings import read_settings
from plugin_testing import write_files  # noqa: F401 (tests import it from here)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = ROOT / "content"

COLUMNS_MINI = {
    "news/_index.md": "Title: 协会动态\nSection: 协会工作\nOrder: 10\n\n协会新闻。\n",
    "notices/_index.md": "Title: 通知公告\nSection: 协会工作\nOrder: 20\n\n通知。\n",
    "party/_index.md": "Title: 协会党建动态\nSection: 党建思政\nOrder: 30\n\n党建。\n",
}


def pelican_settings(content: Path, output: Path, **overrides: Any) -> dict[str, Any]:
    """The project's pelicanconf.py settings, pointed at ``content`` and ``output``."""
    cache = output.parent / f"{output.name}-cache"
    override = {"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache), **overrides}
    return read_settings(str(ROOT / "pelicanconf.py"), override=override)


def run_build(content: Path, output: Path, **overrides: Any) -> Path:
    """Run a real Pelican build; return the output directory."""
    Pelican(pelican_settings(content, output, **overrides)).run()
    return output


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own sample content, built once for the session."""
    output = tmp_path_factory.mktemp("sample-output")
    return run_build(SAMPLE_CONTENT, output)


@pytest.fixture
def mini_site(tmp_path: Path) -> Callable[..., Path]:
    """Build a small fixture site: ``mini_site(files, **settings)`` → output dir."""

    def build(files: dict[str, str | bytes], with_columns: bool = True, **overrides: Any) -> Path:
        content = tmp_path / "content"
        if with_columns:
            write_files(content, COLUMNS_MINI)
        write_files(content, files)
        (content / "pages").mkdir(parents=True, exist_ok=True)
        output = tmp_path / "output"
        return run_build(content, output, **overrides)

    build.content = tmp_path / "content"  # type: ignore[attr-defined]
    return build


def copy_sample(dest: Path) -> Path:
    shutil.copytree(SAMPLE_CONTENT, dest)
    return dest
