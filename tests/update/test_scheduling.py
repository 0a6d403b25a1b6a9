"""Scheduling: the systemd units (generated, verified by systemd's own tools) and the
Actions workflow (GitHub, Gitea and Forgejo syntax)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
import yaml

from .conftest import ROOT

UNITS = ROOT / "deploy" / "systemd"


def test_committed_units_are_what_make_systemd_units_writes(tmp_path):
    subprocess.run([sys.executable, str(ROOT / "scripts/make_systemd_units.py"), "--out", str(tmp_path)],
                   check=True, capture_output=True)
    for name in ("scgxhq-update.service", "scgxhq-update.timer"):
        assert (tmp_path / name).read_text() == (UNITS / name).read_text(), f"run `make systemd-units` ({name})"


def test_service_locks_logs_to_the_journal_and_runs_make_update():
    service = (UNITS / "scgxhq-update.service").read_text()
    assert re.search(r"^ExecStart=/usr/bin/flock --nonblock .* /usr/bin/make update TARGET=production", service, re.M)
    assert "StandardOutput=journal" in service and "SyslogIdentifier=scgxhq-update" in service
    assert "Type=oneshot" in service and "SuccessExitStatus=75" in service
    if shutil.which("systemd-analyze"):
        check = subprocess.run(["systemd-analyze", "verify", "--man=no", str(UNITS / "scgxhq-update.service"),
                                str(UNITS / "scgxhq-update.timer")], capture_output=True, text=True)
        assert check.returncode == 0 and "error" not in check.stderr.lower(), check.stderr


def test_timer_runs_every_two_hours_from_7_to_21_shanghai_time():
    timer = (UNITS / "scgxhq-update.timer").read_text()
    calendar = re.search(r"^OnCalendar=(.*)$", timer, re.M).group(1)
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze missing")
    out = subprocess.run(["systemd-analyze", "calendar", "--iterations=16", calendar], capture_output=True,
                         text=True, check=True, env={"TZ": "UTC", "LC_ALL": "C"}).stdout
    times = [datetime.strptime(m, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
             for m in re.findall(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC", out)]
    shanghai = sorted({(t + timedelta(hours=8)).hour for t in times})
    assert shanghai == [7, 9, 11, 13, 15, 17, 19, 21], out


def test_workflow_runs_make_update_on_schedule_and_by_hand():
    workflow = yaml.safe_load((ROOT / ".github/workflows/update.yml").read_text())
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    hours = sorted(int(h) for h in on["schedule"][0]["cron"].split()[1].split(","))
    assert sorted((h + 8) % 24 for h in hours) == [7, 9, 11, 13, 15, 17, 19, 21]
    assert "workflow_dispatch" in on and workflow["concurrency"]["cancel-in-progress"] is False
    steps = workflow["jobs"]["update"]["steps"]
    run = next(s for s in steps if "make update" in str(s.get("run", "")))
    text = (ROOT / ".github/workflows/update.yml").read_text()
    for secret in set(re.findall(r"secrets\.([A-Z_]+)", text)):
        assert run["env"][secret] == f"${{{{ secrets.{secret} }}}}"
    assert {"DEPLOY_SSH_KEY", "SMTP_HOST", "OSS_ACCESS_KEY_SECRET"} <= set(run["env"])
    assert workflow["permissions"]["contents"] == "write"
