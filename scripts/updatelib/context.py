"""What one update run knows: options, the target, the record, and the step machinery."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .runlog import RunLog
from .targets import Target

#: Exit status of a run that stopped at this step (0 = every step passed).
EXIT_CODES = {"preflight": 10, "sync": 11, "import": 12, "commit": 13, "push": 14, "check": 15,
              "build": 16, "leaks": 17, "members": 18, "deploy": 19, "lock": 20}
EXIT_BUSY = 75  # another run holds the lock
EXIT_INTERRUPTED = 130


class StepFailed(RuntimeError):
    """A step found a problem: the run stops before anything is deployed."""


@dataclass
class Options:
    """What ``scripts/update_site.py`` was asked to do."""

    root: Path
    mode: str = "update"  # update | deploy
    target: str | None = None
    targets_file: Path = Path("deploy/targets.yml")
    members_file: Path = Path("content/data/members.yml")
    fetch_args: list[str] = field(default_factory=list)
    commit: bool = True
    pull: bool = False
    push: bool = False
    allow_dirty: bool = False
    bot_name: str = "SCGXHQ update bot"
    bot_email: str = "update-bot@scgxhq.org.cn"
    python: str = sys.executable
    output: str = "output"
    members_output: str = "output-members"
    verbose: bool = False
    deploy_progress: Callable[[str, str], None] | None = None  # S3 uploads (tests interrupt here)


@dataclass
class Context:
    """Shared state of the steps of one run."""

    options: Options
    log: RunLog
    target: Target | None = None
    status_changed: bool = False
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.options.root

    def path(self, rel: str | Path) -> Path:
        rel = Path(rel)
        return rel if rel.is_absolute() else self.root / rel

    def run_command(self, step: str, argv: list[str], env: dict[str, str] | None = None,
                    timeout: float | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``argv`` in the project; on failure keep its output in reports/logs/."""
        run_env = {**os.environ, **(env or {})}
        proc = subprocess.run(argv, cwd=self.root, env=run_env, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
        if self.options.verbose:
            sys.stdout.write(proc.stdout)
            sys.stderr.write(proc.stderr)
        if proc.returncode != 0:
            logs = self.log.reports / "logs"
            logs.mkdir(parents=True, exist_ok=True)
            log_file = logs / f"{self.log.run['id']}-{step}.log"
            log_file.write_text(f"$ {' '.join(argv)}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}",
                                encoding="utf-8")
            self.data.setdefault("logs", {})[step] = str(log_file.relative_to(self.root)) \
                if log_file.is_relative_to(self.root) else str(log_file)
        return proc


def tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])
