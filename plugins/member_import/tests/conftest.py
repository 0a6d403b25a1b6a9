"""Fixtures: real HTTP servers on 127.0.0.1 and a temporary project."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from .fixture_server import FixtureServer
from .helpers import Env


@pytest.fixture
def servers() -> Callable[[], FixtureServer]:
    """Factory of started fixture servers (one host:port each), stopped afterwards."""
    started: list[FixtureServer] = []

    def make() -> FixtureServer:
        server = FixtureServer().start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def env(tmp_path: Path) -> Env:
    return Env(tmp_path, tmp_path / "members.yml", tmp_path / "content",
               tmp_path / "cache" / "fetch_state.json")
