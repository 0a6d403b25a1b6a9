"""Content problems: what is wrong, in which file and line, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in a content file (path relative to the content root)."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class ContentError(Exception):
    """Raised to stop the build when content has problems; lists all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message))
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(
            f"The build stopped: {len(self.problems)} content problem(s). "
            f"Fix each file below and build again.\n{lines}"
        )
