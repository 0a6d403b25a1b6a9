"""Deploy to a server: rsync into a new release folder, then switch ``current``.

Layout under a tree's root (``path`` or ``members_path`` of the target)::

    releases/<id>/            one complete copy of the tree per deploy
    releases/<id>.manifest    md5 of every file of that release
    current -> releases/<id>  what the web server serves (nginx root .../current)

A deploy copies into ``releases/.incoming-<id>/`` (unchanged files are
hard-linked from the current release: ``--link-dest``), renames it, then
replaces ``current`` with ``rename(2)``: readers see the old or the new site,
never a mix. An interrupted deploy leaves only an ``.incoming-*`` folder, which
the next one removes. Times are not copied (the build rewrites every file): a
file is linked when its bytes match (``--checksum``), so an unchanged file
keeps its first upload time, which web servers give as Last-Modified. The
newest ``keep`` releases are kept; ``rollback``
points ``current`` at the release before it.

With ``host`` set the commands run over SSH (key and known_hosts from the
environment); without, on this machine (a local or mounted target).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .manifest import Changes, Manifest, diff, from_text, to_text
from .targets import ServerTarget, TargetError, secret

STATE_SCRIPT = r"""
set -e
root=$1
mkdir -p "$root/releases"
cur=$(readlink "$root/current" 2>/dev/null || true)
cur=${cur##*/}
echo "current=$cur"
for d in "$root"/releases/*/; do [ -d "$d" ] && echo "release=$(basename "$d")"; done
if [ -n "$cur" ] && [ -f "$root/releases/$cur.manifest" ]; then
  echo "--manifest--"; cat "$root/releases/$cur.manifest"
fi
"""
PREPARE_SCRIPT = r"""
set -e
root=$1 id=$2
cd "$root/releases"
rm -rf .incoming-*
mkdir ".incoming-$id"
"""
SWITCH_SCRIPT = r"""
set -e
root=$1 id=$2 keep=$3
cd "$root/releases"
mv ".incoming-$id.manifest" "$id.manifest"
mv ".incoming-$id" "$id"
ln -sfn "releases/$id" "$root/.current.new"
mv -T "$root/.current.new" "$root/current"
ls -1d */ 2>/dev/null | sed 's#/$##' | sort -r | tail -n +$((keep + 1)) | while read -r old; do
  [ "$old" = "$id" ] || rm -rf "./$old" "./$old.manifest"
done
"""
ROLLBACK_SCRIPT = r"""
set -e
root=$1 only_if=$2
cur=$(readlink "$root/current" 2>/dev/null || true)
cur=${cur##*/}
[ -n "$cur" ] || { echo "no current release in $root" >&2; exit 3; }
if [ -n "$only_if" ] && [ "$cur" != "$only_if" ]; then echo "unchanged=$cur"; exit 0; fi
prev=$(ls -1d "$root"/releases/*/ | sed 's#/$##; s#.*/##' | sort | awk -v c="$cur" '$0 < c' | tail -n 1)
[ -n "$prev" ] || { echo "no release older than $cur in $root/releases" >&2; exit 3; }
ln -sfn "releases/$prev" "$root/.current.new"
mv -T "$root/.current.new" "$root/current"
echo "switched=$cur>$prev"
"""
TRANSFERRED = re.compile(r"Number of regular files transferred:\s*([\d,]+)")


class DeployError(RuntimeError):
    """A deploy command failed; the message says which and why."""


@dataclass
class RemoteState:
    current: str
    releases: list[str]
    manifest: Manifest


@dataclass
class TreeResult:
    tree: str
    root: str
    release: str | None
    uploaded: int
    changes: Changes
    seconds: float

    def to_json(self) -> dict[str, object]:
        return {"tree": self.tree, "root": self.root, "release": self.release, "uploaded": self.uploaded,
                "seconds": round(self.seconds, 3), **self.changes.to_json()}


class Server:
    """Runs the release scripts and rsync on the target (SSH or local)."""

    def __init__(self, target: ServerTarget, ssh_options: list[str]) -> None:
        self.target = target
        self.ssh_options = ssh_options

    @property
    def remote(self) -> str | None:
        if not self.target.host:
            return None
        return f"{self.target.user}@{self.target.host}" if self.target.user else self.target.host

    def ssh_command(self) -> list[str]:
        return ["ssh", "-p", str(self.target.port), *self.ssh_options]

    def script(self, text: str, *args: str, timeout: float = 300) -> str:
        if self.remote:
            argv = [*self.ssh_command(), self.remote, "sh -s -- " + shlex.join(args)]
        else:
            argv = ["sh", "-s", "--", *args]
        proc = subprocess.run(argv, input=text, capture_output=True, text=True, timeout=timeout)
        if proc.returncode != 0:
            where = self.remote or "this machine"
            raise DeployError(f"command on {where} failed (exit {proc.returncode}): "
                              f"{(proc.stderr or proc.stdout).strip()[-600:]}")
        return proc.stdout

    def dest(self, path: str) -> str:
        return f"{self.remote}:{path}" if self.remote else path

    def rsync(self, source: str, dest_path: str, extra: list[str]) -> str:
        argv = ["rsync", "-rl", "--checksum", "--delete", "--chmod=D755,F644", "--stats", *extra,
                *self.target.rsync_args]
        if self.remote:
            argv += ["-e", shlex.join(self.ssh_command())]
        argv += [source, self.dest(dest_path)]
        proc = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if proc.returncode != 0:
            raise DeployError(f"rsync to {self.dest(dest_path)} failed (exit {proc.returncode}): "
                              f"{(proc.stderr or proc.stdout).strip()[-600:]}")
        return proc.stdout

    # ------------------------------------------------------------------
    def state(self, root: str) -> RemoteState:
        out = self.script(STATE_SCRIPT, root)
        head, _, manifest = out.partition("--manifest--\n")
        current, releases = "", []
        for line in head.splitlines():
            key, _, value = line.partition("=")
            if key == "current":
                current = value
            elif key == "release":
                releases.append(value)
        return RemoteState(current, sorted(releases), from_text(manifest))

    def deploy_tree(self, tree: str, local: Path, manifest: Manifest, root: str, release: str) -> TreeResult:
        started = time.monotonic()
        state = self.state(root)
        changes = diff(manifest, state.manifest if state.current else {})
        if state.current and not changes:
            return TreeResult(tree, root, None, 0, changes, time.monotonic() - started)
        self.script(PREPARE_SCRIPT, root, release)
        incoming = f"{root}/releases/.incoming-{release}"
        link = [f"--link-dest=../{state.current}"] if state.current else []
        stats = self.rsync(f"{local}/", f"{incoming}/", link)
        match = TRANSFERRED.search(stats)
        uploaded = int(match.group(1).replace(",", "")) if match else len(changes.upload)
        with tempfile.TemporaryDirectory(prefix="manifest-") as tmp:
            listing = Path(tmp) / "manifest"
            listing.write_text(to_text(manifest), encoding="utf-8")
            self.rsync(str(listing), f"{incoming}.manifest", [])
        self.script(SWITCH_SCRIPT, root, release, str(self.target.keep))
        return TreeResult(tree, root, release, uploaded, changes, time.monotonic() - started)

    def rollback(self, root: str, only_if: str = "") -> str:
        return self.script(ROLLBACK_SCRIPT, root, only_if).strip()


@contextmanager
def connect(target: ServerTarget) -> Iterator[Server]:
    """A :class:`Server` with SSH key and known_hosts written from the environment."""
    if not target.host:
        yield Server(target, [])
        return
    with tempfile.TemporaryDirectory(prefix="deploy-ssh-") as tmp:
        options = ["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=20",
                   "-o", "ServerAliveInterval=15"]
        key = secret(target.ssh_key_env, f"target {target.name}: SSH key") if target.ssh_key_env else None
        key_file = secret(target.ssh_key_file_env, f"target {target.name}: SSH key file") \
            if target.ssh_key_file_env else None
        if key:
            path = Path(tmp) / "id"
            path.write_text(key.strip() + "\n", encoding="utf-8")
            os.chmod(path, 0o600)
            key_file = str(path)
        if key_file:
            options += ["-i", key_file, "-o", "IdentitiesOnly=yes"]
        if target.known_hosts_env:
            hosts = secret(target.known_hosts_env, f"target {target.name}: known_hosts")
            path = Path(tmp) / "known_hosts"
            path.write_text(hosts.strip() + "\n", encoding="utf-8")
            options += ["-o", f"UserKnownHostsFile={path}"]
        yield Server(target, options)


def deploy(target: ServerTarget, trees: dict[str, tuple[Path, Manifest]], release: str) -> list[TreeResult]:
    """Deploy ``{"public": (dir, manifest), "members": (...)}``; public first."""
    results = []
    with connect(target) as server:
        for tree, (local, manifest) in trees.items():
            root = target.path if tree == "public" else target.members_path
            if root is None:
                continue
            results.append(server.deploy_tree(tree, local, manifest, root, release))
    return results


def rollback(target: ServerTarget) -> list[str]:
    """Switch the public tree back one release, and the members tree when it was
    deployed in the same run (same release id)."""
    if not target.path:
        raise TargetError(f"target {target.name}: no path")
    with connect(target) as server:
        public_release = server.state(target.path).current
        lines = [f"public: {server.rollback(target.path)}"]
        if target.members_path:
            lines.append(f"members: {server.rollback(target.members_path, public_release)}")
    return lines
