"""The run record: ``reports/<date>.json`` (one file per day, Asia/Shanghai), written
after every step so an interrupted run leaves a trace, and ``reports/status.json``
for the editors' status page.
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from update_status.history import STATUS_FILE, load_runs, status_snapshot

TZ = ZoneInfo("Asia/Shanghai")


def now() -> datetime:
    return datetime.now(TZ).replace(microsecond=0)


def write_json(path: Path, data: Any) -> bool:
    """Write atomically; False (file untouched) when it already holds these bytes."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, ValueError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)
    return True


class RunLog:
    """One run's record inside its day's report file."""

    def __init__(self, reports: Path, mode: str, target: str | None) -> None:
        self.reports = Path(reports)
        started = now()
        self.path = self.reports / f"{started:%Y-%m-%d}.json"
        self.run: dict[str, Any] = {
            "id": datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
            "mode": mode, "target": target, "started": started.isoformat(), "finished": None,
            "seconds": None, "ok": None, "exit_status": None, "failed_step": None, "failure": None,
            "interrupted": False, "steps": [], "import": None, "commit": None, "deploy": None,
            "changed": None, "notifications": [], "summary": "",
        }

    def mark_interrupted(self) -> int:
        """Runs left unfinished by an earlier, interrupted run are marked so."""
        marked = 0
        if not self.reports.is_dir():
            return 0
        for path in sorted(self.reports.glob("????-??-??.json"))[-3:]:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            touched = False
            for run in data.get("runs", []):
                if run.get("finished") is None and not run.get("interrupted"):
                    run["interrupted"] = True
                    touched = True
                    marked += 1
            if touched:
                write_json(path, data)
        return marked

    def save(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {"date": self.path.stem, "runs": []}
        runs = [r for r in data.get("runs", []) if r.get("id") != self.run["id"]]
        runs.append(self.run)
        data["runs"] = runs
        write_json(self.path, data)

    def finish(self, exit_status: int, summary: str) -> None:
        finished = now()
        self.run.update(finished=finished.isoformat(), exit_status=exit_status, ok=exit_status == 0,
                        summary=summary,
                        seconds=round((finished - datetime.fromisoformat(self.run["started"])).total_seconds(), 3))
        self.save()

    def write_status(self) -> bool:
        """Refresh reports/status.json; True when it changed (the members tree must be rebuilt)."""
        return write_json(self.reports / STATUS_FILE, status_snapshot(load_runs(self.reports)))
