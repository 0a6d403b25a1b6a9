"""Content problems: what is wrong, in which file and line, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass

from .messages import language, render

ERROR = "error"
WARNING = "warning"
NOTE = "note"  # not a problem: e.g. what is scheduled
LABELS = {WARNING: ("警告：", "warning: "), NOTE: ("提示：", "note: ")}


@dataclass(frozen=True)
class Problem:
    """One problem found in a content file (path relative to the content root).

    ``code`` names the message in ``messages.CATALOG``; ``params`` fill it in.
    """

    path: str
    line: int | None
    code: str
    params: tuple[tuple[str, object], ...] = ()
    severity: str = ERROR

    @classmethod
    def of(cls, path: str, line: int | None, code: str, /, severity: str = ERROR, **params: object) -> "Problem":
        return cls(path, line, code, tuple(sorted(params.items())), severity)

    def message(self, lang: str | None = None) -> str:
        return render(self.code, dict(self.params), lang)

    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def text(self, lang: str | None = None, prefix: str = "") -> str:
        """``path:line: message`` (the form editors and tools read); ``prefix``
        is the content folder as the reader sees it (``content/``)."""
        lang = lang or language()
        label = LABELS.get(self.severity, ("", ""))[1 if lang == "en" else 0]
        return f"{prefix}{self.where()}: {label}{self.message(lang)}"

    def __str__(self) -> str:
        return self.text()


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Each problem once, by file and line."""
    return sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.code, p.params))


class ContentError(Exception):
    """Raised to stop the build when content has problems; lists all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sort_problems(problems)
        super().__init__(self.report())

    def report(self, lang: str | None = None) -> str:
        lang = lang or language()
        lines = "\n".join(f"  {problem.text(lang)}" for problem in self.problems)
        if lang == "en":
            head = (f"The build stopped: {len(self.problems)} content problem(s). "
                    f"Fix each file below and build again.")
        else:
            head = f"构建已停止：发现 {len(self.problems)} 个内容问题。请逐一改正下列文件后重新构建。"
        return f"{head}\n{lines}"
