"""The run report: one row per source (new, already known, skipped, failed) + JSON."""

from __future__ import annotations

import json
import threading
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class SourceReport:
    """Outcome of one source. ``status`` is ``ok`` or ``failed`` (``reason`` says why)."""

    member: str
    member_name: str
    column: str
    list_url: str
    status: str = "ok"
    reason: str = ""
    preset: str = ""
    pages: int = 0
    pages_not_modified: int = 0
    listed: int = 0
    new: list[str] = field(default_factory=list)
    known: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def fail(self, reason: str) -> None:
        """Mark the source failed; the first reason is kept, later ones appended."""
        self.status = "failed"
        self.reason = f"{self.reason}; {reason}" if self.reason else reason

    def skip(self, url: str, why: str) -> None:
        self.skipped.append({"url": url, "why": why})

    def item_failed(self, url: str, why: str) -> None:
        self.failed.append({"url": url, "why": why})


@dataclass
class RunReport:
    """All sources of one run, plus totals."""

    sources: list[SourceReport] = field(default_factory=list)
    dry_run: bool = False
    requests: int = 0
    files_written: int = 0
    files: list[str] = field(default_factory=list)  # created files, relative to the output folder
    seconds: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, report: SourceReport) -> None:
        with self._lock:
            self.sources.append(report)

    @property
    def ok(self) -> bool:
        return all(s.status == "ok" for s in self.sources)

    @property
    def exit_status(self) -> int:
        return 0 if self.ok else 1

    def totals(self) -> dict[str, int]:
        return {
            "sources": len(self.sources),
            "sources_failed": sum(s.status != "ok" for s in self.sources),
            "new": sum(len(s.new) for s in self.sources),
            "known": sum(s.known for s in self.sources),
            "skipped": sum(len(s.skipped) for s in self.sources),
            "failed": sum(len(s.failed) for s in self.sources),
        }

    def to_json(self) -> dict[str, Any]:
        ordered = sorted(self.sources, key=lambda s: (s.member, s.column, s.list_url))
        return {
            "exit_status": self.exit_status,
            "dry_run": self.dry_run,
            "requests": self.requests,
            "files_written": self.files_written,
            "files": list(self.files),
            "seconds": round(self.seconds, 3),
            "totals": self.totals(),
            "sources": [asdict(s) for s in ordered],
        }

    def write_json(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _why(entries: list[dict[str, str]]) -> str:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry["why"]] = counts.get(entry["why"], 0) + 1
    return "; ".join(f"{n}× {why}" if n > 1 else why for why, n in counts.items())


def format_table(report: RunReport) -> str:
    """Plain-text table (CJK-aware widths) followed by the reasons."""
    header = ["member", "column", "status", "new", "known", "skipped", "failed"]
    rows = [header]
    notes: list[str] = []
    for s in sorted(report.sources, key=lambda s: (s.member, s.column, s.list_url)):
        rows.append([f"{s.member} {s.member_name}", s.column, s.status, str(len(s.new)),
                     str(s.known), str(len(s.skipped)), str(len(s.failed))])
        label = f"{s.member}/{s.column}"
        if s.reason:
            notes.append(f"{label}: FAILED: {s.reason}")
        if s.skipped:
            notes.append(f"{label}: skipped: {_why(s.skipped)}")
        if s.failed:
            notes.append(f"{label}: item failures: {_why(s.failed)}")
        for warning in s.warnings:
            notes.append(f"{label}: note: {warning}")
    widths = [max(_width(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    t = report.totals()
    mode = " (dry run: nothing written)" if report.dry_run else ""
    lines.append("")
    lines.append(f"{t['sources']} sources, {t['sources_failed']} failed; {t['new']} new, "
                 f"{t['known']} already known, {t['skipped']} skipped, {t['failed']} failed; "
                 f"{report.requests} requests in {report.seconds:.1f} s{mode}")
    if notes:
        lines.append("")
        lines.extend(notes)
    return "\n".join(lines)
