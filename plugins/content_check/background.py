"""The content check beside the build: a forked process checks while Pelican
reads, and the build waits for its report before anything is written.

On a one-article rebuild Pelican keeps one core busy reading and the other
idle; the check takes that core instead of adding its time in front of the build.
"""

from __future__ import annotations

import os
import pickle
from typing import Any

from pelican import signals

from site_content.problems import ContentError

from . import Report, run_check


class CheckFailed(ContentError):
    """The check found errors: nothing may be written."""

    def __init__(self, report: Report) -> None:
        self.check_report = report
        super().__init__(report.errors)


class BackgroundCheck:
    """Runs ``run_check(settings)`` in a child process from the moment it is made."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self._report: Report | None = None
        read_end, write_end = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child: check, send the report, leave at once
            os.close(read_end)
            code = 0
            try:
                data = pickle.dumps(run_check(settings), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
            except BaseException:  # noqa: BLE001 - the parent reports the failure
                code = 1
            os._exit(code)
        os.close(write_end)
        self._read_end = read_end

    def report(self) -> Report:
        """The check's report (waits for it the first time)."""
        if self._report is None:
            with os.fdopen(self._read_end, "rb") as source:
                data = source.read()
            _, status = os.waitpid(self._pid, 0)
            if status != 0 or not data:
                raise RuntimeError("the content check stopped unexpectedly; run `make check` to see why")
            self._report = pickle.loads(data)
        return self._report

    def gate(self, generators: list[Any]) -> None:
        """``all_generators_finalized``: stop before writing when the check found errors."""
        del generators
        report = self.report()
        if report.errors:
            raise CheckFailed(report)

    def __enter__(self) -> "BackgroundCheck":
        signals.all_generators_finalized.connect(self.gate, weak=False)
        return self

    def __exit__(self, *exc: object) -> None:
        signals.all_generators_finalized.disconnect(self.gate)
        self.report()  # never leave the child behind
