"""Helpers for the importer tests: registry entries, running the command, reading results."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from member_import.cli import main


REPO = Path(__file__).resolve().parents[3]
REFERENCE = REPO.parent / "shared" / "reference" / "member-sites"


def member(ident: str, name: str, *sources: dict[str, Any], kind: str = "university") -> dict:
    return {"id": ident, "name": name, "kind": kind, "region": "成都片区",
            "homepage": "https://example.edu.cn/", "sources": list(sources)}


@dataclass
class Run:
    """Result of one run of the command."""

    status: int
    stdout: str
    stderr: str
    report: dict


@dataclass
class Env:
    """A temporary project: registry, output folder, state and report files."""

    tmp: Path
    members: Path
    out: Path
    state: Path

    def write_registry(self, entries: list[dict]) -> None:
        self.members.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False),
                                encoding="utf-8")

    def run(self, *extra: str, delay: str = "0", timeout: str = "2") -> Run:
        report_path = self.tmp / "report.json"
        if report_path.exists():
            report_path.unlink()
        out, err = io.StringIO(), io.StringIO()
        argv = ["--members", str(self.members), "--out", str(self.out), "--state", str(self.state),
                "--report", str(report_path), "--delay", delay, "--timeout", timeout,
                "--connect-timeout", "2", "--retries", "1", "--backoff", "0.05", *extra]
        status = main(argv, stdout=out, stderr=err)
        report = json.loads(report_path.read_text(encoding="utf-8")) if report_path.exists() else {}
        return Run(status, out.getvalue(), err.getvalue(), report)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and mtime (ns) of every file under ``folder``."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def read_article(path: Path) -> tuple[dict[str, str], str]:
    """Header (keys as written) and body of an article file."""
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    meta = dict(line.split(": ", 1) for line in head.splitlines())
    return meta, body


def source_of(run: Run, ident: str, column: str | None = None) -> dict:
    found = [s for s in run.report["sources"]
             if s["member"] == ident and (column is None or s["column"] == column)]
    assert len(found) == 1, (ident, column, run.report)
    return found[0]
