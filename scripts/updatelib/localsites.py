"""Local stand-ins for the outside world, for tests, the demo and the benchmark.

* :func:`make_project`: a scratch project (its own git repository, content,
  settings and deploy/ files; code, theme, plugins and .venv linked to this
  checkout), so an update run can commit and deploy without touching the
  checkout it was started from.
* :class:`MemberSites`: fixture member sites (VSB-like and Sudy-like, from
  bench/bench_import.py) on 127.0.0.1, one port per member, and the
  registry pointing at them; :meth:`MemberSites.publish` adds new items.
* :class:`S3Server`: ``moto_server`` (a real S3 API) on a loopback port.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

CODE = Path(__file__).resolve().parents[2]
LINKED = ("scripts", "plugins", "theme", "archetypes", "Makefile", "requirements.txt", "constraints.txt", ".venv", "conftest.py")
COPIED = ("content", "deploy", "pelicanconf.py", "publishconf.py", "membersconf.py", ".gitignore")


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True).stdout


def make_project(dest: Path, code: Path = CODE, members: list[dict] | None = None,
                 settings: str = "") -> Path:
    """Create the scratch project ``dest``; ``settings`` is appended to its pelicanconf.py."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = code / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, dest / name)
    for name in LINKED:
        if (code / name).exists():
            (dest / name).symlink_to(code / name)
    if members is not None:
        write_registry(dest / "content" / "data" / "members.yml", members)
        # The sample's own imported items name the sample's members, which this registry replaces.
        ids = {m["id"] for m in members}
        for column in ("campus", "tenders"):
            for folder in (dest / "content" / column).glob("*/"):
                if folder.is_dir() and folder.name not in ids:
                    shutil.rmtree(folder)
    if settings:
        with (dest / "pelicanconf.py").open("a", encoding="utf-8") as handle:
            handle.write("\n" + settings + "\n")
    git(dest, "init", "-q", "-b", "main")
    (dest / ".git" / "info" / "exclude").write_text(".venv\nreports/\n", encoding="utf-8")
    git(dest, "add", "-A")
    git(dest, "-c", "user.name=Editor", "-c", "user.email=editor@example.org", "commit", "-q", "-m", "Site")
    return dest


def write_registry(path: Path, members: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(members, allow_unicode=True, sort_keys=False), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MemberSites:
    """``count`` fixture member sites, ``per_page`` items per list (campus and tenders)."""

    def __init__(self, count: int, per_page: int = 3, pages: int = 1, images: bool = False,
                 review: tuple[int, ...] = ()) -> None:
        sys.path.insert(0, str(CODE / "plugins"))
        from member_import.tests.bulk_sites import build_site, fixture_jpeg
        from member_import.tests.fixture_server import FixtureServer

        self._build = build_site
        self.pages, self.per_page = pages, per_page
        self.images = {"photo.jpg": fixture_jpeg(300, 200), "wide.jpg": fixture_jpeg(1400, 300)} if images else {}
        self.servers = [FixtureServer().start() for _ in range(count)]
        self.extra = [0] * count
        self.review = review
        self.urls = [build_site(s, i, pages, per_page, self.images) for i, s in enumerate(self.servers)]

    def registry(self) -> list[dict]:
        return [{
            "id": f"m{i:03d}", "name": f"第{i}号会员大学", "kind": "university", "region": "成都片区",
            "homepage": campus.rsplit("/", 1)[0] + "/",
            "sources": [{"column": "campus", "list_url": campus, "max_pages": self.pages,
                         **({"review": True} if i in self.review else {})},
                        {"column": "tenders", "list_url": tenders, "max_pages": self.pages}],
        } for i, (campus, tenders) in enumerate(self.urls)]

    def publish(self, member: int, count: int = 1) -> None:
        """``count`` new items at the top of member ``member``'s campus list."""
        self.extra[member] += count
        self._build(self.servers[member], member, self.pages, self.per_page, self.images,
                    extra=self.extra[member])

    def break_source(self, member: int) -> None:
        """Make the campus list answer 500 (a failing source)."""
        server = self.servers[member]
        path = self.urls[member][0][len(server.base):]
        server.add(path, b"<html><body>error</body></html>", status=500)

    def stop(self) -> None:
        for server in self.servers:
            server.stop()


class S3Server:
    """A moto S3 server on 127.0.0.1 (child process)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        moto = Path(sys.executable).with_name("moto_server")
        self.proc = subprocess.Popen([str(moto), "-H", "127.0.0.1", "-p", str(self.port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=1).read()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto_server did not start on port {self.port}") from None
                time.sleep(0.1)

    def client(self):  # noqa: ANN201
        import boto3
        from botocore.config import Config

        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id="test", aws_secret_access_key="test",
                            config=Config(s3={"addressing_style": "path"}))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
