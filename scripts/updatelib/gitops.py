"""Git for the update run: commit exactly the imported files, pull and push.

A commit is made with ``git commit --only -- <paths>`` after ``git add -- <paths>``:
whatever else is staged or changed in the work tree stays out of it.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: Files the importer writes: <column>/<member>/<yyyy>/<member>-<10 hex>[-n].<ext>
IMPORTED_FILE = re.compile(
    r"^(campus|tenders)/([a-z0-9][a-z0-9-]*)/(\d{4})/\2-[0-9a-f]{10}(-\d+)?\.(md|jpg|jpeg|png|gif|webp)$")


class GitError(RuntimeError):
    """A git command failed; the message has its output."""


@dataclass(frozen=True)
class Identity:
    """Who the bot commits as (settings or environment)."""

    name: str
    email: str


def git(root: Path, *args: str, env: dict[str, str] | None = None, check: bool = True) -> str:
    run_env = {**os.environ, **(env or {}), "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    proc = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                          env=run_env, stdin=subprocess.DEVNULL)
    if check and proc.returncode != 0:
        raise GitError(f"git {' '.join(args[:3])}…: {(proc.stderr or proc.stdout).strip()[-800:]}")
    return proc.stdout


def is_repo(root: Path) -> bool:
    return subprocess.run(["git", "-C", str(root), "rev-parse", "--git-dir"], capture_output=True,
                          stdin=subprocess.DEVNULL).returncode == 0


def content_prefix(root: Path, content: Path) -> str:
    """The content folder's path inside the repository, with a trailing slash (or '')."""
    top = Path(git(root, "rev-parse", "--show-toplevel").strip()).resolve()
    rel = Path(content).resolve().relative_to(top).as_posix()
    return "" if rel == "." else rel + "/"


def untracked_imports(root: Path, content: Path) -> list[str]:
    """Importer files (by name pattern) that git does not track yet, relative to ``content``.

    Picks up what an interrupted run imported but did not commit.
    """
    prefix = content_prefix(root, content)
    out = git(root, "ls-files", "--others", "--exclude-standard", "-z", "--",
              *(f"{prefix}{column}" for column in ("campus", "tenders")))
    found = []
    for entry in filter(None, out.split("\0")):
        rel = entry[len(prefix):] if entry.startswith(prefix) else entry
        if IMPORTED_FILE.match(rel):
            found.append(rel)
    return sorted(found)


def dirty_paths(root: Path, paths: list[str]) -> list[str]:
    """Changed or untracked files under ``paths`` (``git status --porcelain``)."""
    out = git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", *paths)
    entries = [e for e in out.split("\0") if e]
    return sorted(e[3:] for e in entries if len(e) > 3)


def commit_paths(root: Path, files: list[Path], message: str, identity: Identity | None,
                 verify: bool = False) -> str:
    """Commit exactly ``files`` (nothing else); return the new commit id."""
    rels = [os.path.relpath(f, root) for f in files]
    literal = [f":(literal){r}" for r in rels]
    git(root, "add", "--", *literal)
    env = {}
    if identity is not None:
        env = {"GIT_AUTHOR_NAME": identity.name, "GIT_AUTHOR_EMAIL": identity.email,
               "GIT_COMMITTER_NAME": identity.name, "GIT_COMMITTER_EMAIL": identity.email}
    args = ["commit", "--only", "--quiet", "-m", message]
    if not verify:
        args.append("--no-verify")
    git(root, *args, "--", *literal, env=env)
    return git(root, "rev-parse", "HEAD").strip()


def head(root: Path) -> str:
    return git(root, "rev-parse", "HEAD").strip()


def pull(root: Path) -> str:
    """Fast-forward to the upstream branch; refuses to merge."""
    return git(root, "pull", "--ff-only", "--quiet").strip()


def push(root: Path) -> str:
    return git(root, "push", "--quiet").strip()
