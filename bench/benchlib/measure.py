"""Run one command in a fresh subprocess and measure wall, CPU and peak memory.

CPU and ``ru_maxrss`` come from ``os.wait4`` on the child: Linux folds in every
descendant the child reaped. A sampler thread also sums the proportional set
size (PSS) of the whole process tree every 0.1 s, so parallel workers alive at
the same time are counted together. Peak memory is the larger of the two. The
sampler also keeps the highest 1-minute load average seen: other work on the
machine inflates wall times (CPU seconds suffer much less).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Measure:
    """One measured run."""

    wall: float
    cpu: float
    peak_mb: float
    maxrss_mb: float
    tree_peak_mb: float
    max_procs: int
    returncode: int
    log: str
    load1: float = 0.0
    written: int = 0
    deleted: int = 0
    total_files: int = 0

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def _proc_mem_kb(pid: int) -> int:
    """PSS of one process in KiB (RSS when smaps_rollup is unavailable)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * PAGE // 1024
    except OSError:
        return 0


class _TreeSampler(threading.Thread):
    """Samples the summed memory of a process tree until stopped."""

    def __init__(self, root: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.root, self.interval = root, interval
        self.peak_kb, self.max_procs, self.load1 = 0, 0, 0.0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            kids = _children_map()
            tree, todo = [], [self.root]
            while todo:
                pid = todo.pop()
                tree.append(pid)
                todo.extend(kids.get(pid, ()))
            total = sum(_proc_mem_kb(p) for p in tree)
            self.peak_kb = max(self.peak_kb, total)
            self.max_procs = max(self.max_procs, len(tree))
            self.load1 = max(self.load1, os.getloadavg()[0])
            self._stop_event.wait(self.interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


def run_measured(
    cmd: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None
) -> Measure:
    """Run ``cmd`` (stdout and stderr to ``log``) and measure it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as out:
        out.write(("$ " + " ".join(cmd) + f"\n# cwd: {cwd}\n").encode())
        out.flush()
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env)
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    maxrss_mb = ru.ru_maxrss / 1024  # KiB on Linux
    tree_mb = sampler.peak_kb / 1024
    return Measure(
        wall=wall,
        cpu=ru.ru_utime + ru.ru_stime,
        peak_mb=max(maxrss_mb, tree_mb),
        maxrss_mb=maxrss_mb,
        tree_peak_mb=tree_mb,
        max_procs=sampler.max_procs,
        returncode=proc.returncode,
        log=str(log),
        load1=sampler.load1,
    )


Snapshot = dict[str, tuple[int, int, int, int]]


def snapshot(root: Path) -> Snapshot:
    """``{relative path: (mtime_ns, ctime_ns, size, inode)}`` for every file under ``root``.

    ctime catches writes that restore the old mtime (``shutil.copy2``).
    """
    snap: Snapshot = {}
    if not root.is_dir():
        return snap
    stack = [str(root)]
    cut = len(str(root)) + 1
    while stack:
        with os.scandir(stack.pop()) as it:
            for entry in it:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    st = entry.stat(follow_symlinks=False)
                    snap[entry.path[cut:]] = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
    return snap


def diff(before: Snapshot, after: Snapshot) -> tuple[int, int]:
    """``(written, deleted)``: new or modified files, and files that disappeared."""
    written = sum(1 for p, s in after.items() if before.get(p) != s)
    deleted = sum(1 for p in before if p not in after)
    return written, deleted
