"""Deploy to a server over SSH: a real sshd on a loopback port with a throwaway key,
rsync into release folders and an atomic `current` switch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from updatelib.manifest import build_manifest

from .conftest import add_target, commit_all, git, remove_published, update


@pytest.fixture
def server(project: Path, sshd, tmp_path: Path):
    spec = f"""kind: server
host: 127.0.0.1
port: {sshd.port}
user: {sshd.user}
path: ${{SITE_DEPLOY}}/site
members_path: ${{SITE_DEPLOY}}/members
keep: 3
ssh_key_env: TEST_SSH_KEY
known_hosts_env: TEST_SSH_KNOWN_HOSTS
"""
    add_target(project, "ssh", spec)
    add_target(project, "ssh-slow", spec + 'rsync_args: ["--bwlimit=64"]\n')
    env = {"SITE_DEPLOY": str(tmp_path / "deploy"), "TEST_SSH_KEY": sshd.key, "TEST_SSH_KNOWN_HOSTS": sshd.known_hosts}
    return project, tmp_path / "deploy", env


def current(deploy: Path, tree: str = "site") -> Path:
    return deploy / tree / "current"


def release_names(deploy: Path) -> list[str]:
    return sorted(p.name for p in (deploy / "site" / "releases").iterdir() if p.is_dir() and p.name[0] != ".")


def test_releases_changed_files_only_rollback_and_pruning(server):
    project, deploy, env = server
    first = update(project, "--target", "ssh", env=env, mode="deploy")
    assert first.status == 0, first.stdout + first.stderr
    assert current(deploy).is_symlink()
    assert build_manifest(current(deploy)) == build_manifest(project / "output")
    assert build_manifest(current(deploy, "members")) == build_manifest(project / "output-members")
    assert not (current(deploy) / "status").exists() and (current(deploy, "members") / "status/index.html").exists()
    r1 = os.readlink(current(deploy))

    # One edited article: only the changed files travel; the rest are hard links to the last release.
    before = build_manifest(project / "output")
    article = project / "content/news/2022/ruziniu-awards.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n补充说明一则。\n", encoding="utf-8")
    commit_all(project, "edit")
    second = update(project, "--target", "ssh", env=env, mode="deploy")
    assert second.status == 0, second.stdout
    after = build_manifest(project / "output")
    changed = {k for k, v in after.items() if before.get(k) != v}
    new, old = current(deploy), deploy / "site" / r1
    copied = {k for k in after if not (old / k).exists() or (new / k).stat().st_ino != (old / k).stat().st_ino}
    assert "news/2022/ruziniu-awards.html" in changed
    assert copied == changed and second.run["deploy"][0]["uploaded"] == len(changed)
    print(f"one edited article: {len(changed)} of {len(after)} files sent over SSH")
    r2 = os.readlink(current(deploy))

    # A deleted article is gone from the new release (its URL answers "本页已删除"); rollback
    # brings the previous release back.
    remove_published(project, "news/2022/ruziniu-awards.md")
    commit_all(project, "delete")
    assert update(project, "--target", "ssh", env=env, mode="deploy").status == 0
    assert "本页已删除" in (current(deploy) / "news/2022/ruziniu-awards.html").read_text(encoding="utf-8")
    rollback = subprocess.run([sys.executable, "scripts/update_site.py", "rollback", "--target", "ssh"],
                              cwd=project, env={**os.environ, **env}, capture_output=True, text=True)
    assert rollback.returncode == 0, rollback.stderr
    assert os.readlink(current(deploy)) == r2
    assert "本页已删除" not in (current(deploy) / "news/2022/ruziniu-awards.html").read_text(encoding="utf-8")

    # Pruning: only the newest `keep` (3 here, 5 by default) releases stay.
    (project / "content/news/2022/late-notice.md").write_text("Title: 补发通知\nDate: 2022-12-30\n\n正文。\n",
                                                                encoding="utf-8")
    commit_all(project, "add")
    assert update(project, "--target", "ssh", env=env, mode="deploy").status == 0
    assert len(release_names(deploy)) == 3 and r1 not in {f"releases/{n}" for n in release_names(deploy)}
    assert (current(deploy) / "news/2022/late-notice.html").exists()


def test_interrupted_transfer_leaves_the_site_as_it_was(server):
    project, deploy, env = server
    assert update(project, "--target", "ssh", env=env, mode="deploy").status == 0
    live = os.readlink(current(deploy))
    before = build_manifest(current(deploy))
    big = project / "content/files/2021/annual-report.pdf"
    big.write_bytes(os.urandom(3 * 1024 * 1024))  # takes ~45 s at the slow target's 64 KB/s
    article = project / "content/policy/2021/db51-t2769-2021.md"  # only files a public item links are published
    article.write_text(article.read_text(encoding="utf-8").replace(
        "Attachments: ", "Attachments: files/2021/annual-report.pdf, ", 1), encoding="utf-8")
    commit_all(project, "big attachment")
    proc = subprocess.Popen([sys.executable, "scripts/update_site.py", "deploy", "--target", "ssh-slow"],
                            cwd=project, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    releases = deploy / "site" / "releases"
    deadline = time.monotonic() + 120
    while not any(p.name.startswith(".incoming-") and any(p.rglob("*.html")) for p in releases.iterdir()):
        assert proc.poll() is None and time.monotonic() < deadline
        time.sleep(0.2)
    time.sleep(1)
    os.killpg(proc.pid, signal.SIGKILL)  # power cut: no clean-up at all
    proc.wait(timeout=30)
    assert os.readlink(current(deploy)) == live and build_manifest(current(deploy)) == before
    result = update(project, "--target", "ssh", env=env, mode="deploy")
    assert result.status == 0, result.stdout
    assert not [p for p in releases.iterdir() if p.name.startswith(".incoming-")]
    assert (current(deploy) / "files/2021/annual-report.pdf").read_bytes() == big.read_bytes()


def test_unknown_host_key_is_refused(server, sshd):
    project, deploy, env = server
    other = env | {"TEST_SSH_KNOWN_HOSTS": sshd.known_hosts.replace("AAAA", "AAAB", 1)}
    result = update(project, "--target", "ssh", env=other, mode="deploy")
    assert result.status == 19 and not deploy.exists()
