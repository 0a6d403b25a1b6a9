"""Fixtures of the update-run tests: scratch projects, fixture member sites, and real
servers on 127.0.0.1 (moto S3, sshd with a throwaway key, aiosmtpd)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "plugins"))

from updatelib.localsites import MemberSites, S3Server, free_port, make_project  # noqa: E402

FILING = 'ICP_NUMBER = "蜀ICP备00000000号-1"\nCONTACT = {**CONTACT, "phone": "028-00000000"}'
FETCH = "--delay 0 --retries 0 --timeout 5"


@dataclass
class Result:
    status: int
    stdout: str
    stderr: str
    run: dict

    def step(self, name: str) -> dict:
        return next(s for s in self.run["steps"] if s["name"] == name)


def last_run(project: Path) -> dict:
    reports = sorted((project / "reports").glob("????-??-??.json"))
    if not reports:
        return {}
    return json.loads(reports[-1].read_text(encoding="utf-8"))["runs"][-1]


def update(project: Path, *args: str, env: dict[str, str] | None = None, mode: str = "update",
           timeout: float = 300) -> Result:
    """Run scripts/update_site.py in ``project`` as its own process."""
    argv = [sys.executable, "scripts/update_site.py", mode, "--fetch-args", FETCH, *args]
    proc = subprocess.run(argv, cwd=project, env={**os.environ, **(env or {})}, capture_output=True,
                          text=True, timeout=timeout)
    return Result(proc.returncode, proc.stdout, proc.stderr, last_run(project))


def git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(project), *args], check=True, capture_output=True,
                          text=True).stdout


def commit_all(project: Path, message: str) -> None:
    git(project, "add", "-A")
    git(project, "-c", "user.name=Editor", "-c", "user.email=editor@example.org", "commit", "-q", "-m", message)


def add_target(project: Path, name: str, spec: str) -> None:
    """Append a target to the project's deploy/targets.yml (and commit it)."""
    path = project / "deploy" / "targets.yml"
    path.write_text(path.read_text(encoding="utf-8") + f"  {name}:\n" +
                    "".join(f"    {line}\n" for line in spec.strip().splitlines()), encoding="utf-8")
    commit_all(project, f"target {name}")


@pytest.fixture
def sites() -> Iterator[MemberSites]:
    started = MemberSites(3, per_page=2, review=(2,))
    yield started
    started.stop()


@pytest.fixture
def project(tmp_path: Path, sites: MemberSites) -> Path:
    """A scratch site project whose registry points at the fixture member sites."""
    return make_project(tmp_path / "site", members=sites.registry(), settings=FILING)


@pytest.fixture(scope="session")
def s3() -> Iterator[S3Server]:
    server = S3Server()
    yield server
    server.stop()


@dataclass
class Sshd:
    port: int
    user: str
    key: str
    known_hosts: str


@pytest.fixture(scope="session")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    """A real OpenSSH server on a loopback port, accepting one throwaway key."""
    if not Path("/usr/sbin/sshd").exists() or not shutil.which("rsync"):
        pytest.fail("sshd or rsync missing: run scripts/install_test_deps.sh (make test does)")
    folder = tmp_path_factory.mktemp("sshd")
    folder.chmod(0o700)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / "host")], check=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / "client")], check=True)
    (folder / "authorized_keys").write_text((folder / "client.pub").read_text())
    (folder / "authorized_keys").chmod(0o600)
    user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(f"""Port {port}
ListenAddress 127.0.0.1
HostKey {folder / 'host'}
PidFile {folder / 'sshd.pid'}
AuthorizedKeysFile {folder / 'authorized_keys'}
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
AllowUsers {user}
UsePAM no
StrictModes no
Subsystem sftp internal-sftp
""")
    Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation directory
    proc = subprocess.Popen(["/usr/sbin/sshd", "-D", "-e", "-f", str(config)], stdout=subprocess.DEVNULL,
                            stderr=open(folder / "sshd.log", "w"))
    host_key = (folder / "host.pub").read_text().split()
    known = f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}"
    deadline = time.monotonic() + 20
    while True:
        probe = subprocess.run(["ssh", "-p", str(port), "-i", str(folder / "client"), "-o", "BatchMode=yes",
                                "-o", f"UserKnownHostsFile={folder / 'kh'}", "-o", "StrictHostKeyChecking=no",
                                f"{user}@127.0.0.1", "true"], capture_output=True)
        if probe.returncode == 0:
            break
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("sshd did not start: " + (folder / "sshd.log").read_text()[-1000:])
        time.sleep(0.2)
    yield Sshd(port, user, (folder / "client").read_text(), known)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=10)


def remove_published(project: Path, rel: str) -> None:
    """Delete a published article as an editor must: `git rm` and a `gone` redirect (the URL lock)."""
    git(project, "rm", "-q", f"content/{rel}")
    url = "/" + rel.rsplit(".", 1)[0] + ".html"
    redirects = project / "content/data/redirects.yml"
    text = redirects.read_text(encoding="utf-8") if redirects.exists() else ""
    redirects.write_text(text + f"{url}: gone\n", encoding="utf-8")
