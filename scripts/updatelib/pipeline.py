"""Run the named steps in order, stop at the first failure, record, summarise, notify."""

from __future__ import annotations

import fcntl
import os
import signal
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterator

from update_status.history import STEP_LABELS, load_runs, source_streaks

from . import notify
from .context import EXIT_BUSY, EXIT_CODES, EXIT_INTERRUPTED, Context, Options, StepFailed
from .deploy import step_deploy
from .runlog import RunLog
from .steps import (step_build, step_check, step_commit, step_import, step_leaks, step_lock, step_members,
                    step_preflight, step_push, step_sync)


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Context], str]
    modes: tuple[str, ...] = ("update", "deploy")
    when: Callable[[Options], bool] = lambda options: True


STEPS = (
    Step("preflight", step_preflight),
    Step("sync", step_sync, ("update",), lambda o: o.pull),
    Step("import", step_import, ("update",)),
    Step("commit", step_commit, ("update",), lambda o: o.commit),
    Step("push", step_push, ("update",), lambda o: o.push and o.commit),
    Step("check", step_check),
    Step("build", step_build),
    Step("leaks", step_leaks),
    Step("members", step_members),
    Step("deploy", step_deploy),
    Step("lock", step_lock),
)


class Busy(RuntimeError):
    """Another update, deploy or rollback is running in this project."""


@contextmanager
def project_lock(root: os.PathLike[str] | str) -> Iterator[None]:
    """Exclusive, non-blocking lock on cache/update.lock (released when the process ends)."""
    path = os.path.join(root, "cache", "update.lock")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    handle = open(path, "a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise Busy(f"another update is running (lock {path} is held); this run does nothing") from exc
        yield
    finally:
        handle.close()


class Interrupted(BaseException):
    """SIGTERM (e.g. systemctl stop) or Ctrl-C during a run."""


def _on_term(signum: int, frame: object) -> None:
    raise Interrupted(f"signal {signum}")


def summary_text(ctx: Context, lines: list[str], failed: str | None, failure: str | None) -> str:
    run = ctx.log.run
    result = "成功" if not failed else f"失败：{STEP_LABELS.get(failed, failed)}（{failed}）"
    if run.get("interrupted"):
        result = "中断"
    head = f"网站更新 {run['started'][:16].replace('T', ' ')}（{run['mode']}，目标 {run.get('target') or '-'}）：{result}"
    body = [head, *lines]
    if failure:
        body.append(f"失败原因（{failed}）：{failure}")
        if ctx.data.get("logs", {}).get(failed):
            body.append(f"完整输出：{ctx.data['logs'][failed]}")
        body.append("未部署任何内容，线上网站保持原样。" if failed != "deploy" else
                    "部署未完成：服务器目标没有切换，线上网站保持原样；对象存储可能已上传部分新文件，"
                    "但没有删除任何文件，下次运行会补齐。")
    body.extend(f"注意：{note}" for note in ctx.notes)
    return "\n".join(line for line in body if line)


def execute(options: Options, out=None) -> int:  # noqa: ANN001
    """Run the steps of ``options.mode``; return the exit status (0, a step's code, 75, 130)."""
    out = out or sys.stdout
    reports = options.root / "reports"
    try:
        with project_lock(options.root):
            return _execute(options, RunLog(reports, options.mode, options.target), out)
    except Busy as exc:
        print(f"update: {exc}", file=out)
        return EXIT_BUSY


def _execute(options: Options, log: RunLog, out) -> int:  # noqa: ANN001
    ctx = Context(options, log)
    log.mark_interrupted()
    log.save()
    previous = signal.signal(signal.SIGTERM, _on_term)
    lines: list[str] = []
    failed = failure = None
    try:
        for step in STEPS:
            if options.mode not in step.modes or not step.when(options):
                continue
            started = time.monotonic()
            record = {"name": step.name, "status": "running", "seconds": None, "summary": ""}
            log.run["steps"].append(record)
            log.save()  # the record shows the step that is running (an interrupted run names it)
            try:
                text = step.run(ctx)
                record.update(status="ok", summary=text)
                lines.append(f"- {STEP_LABELS.get(step.name, step.name)}：{text}")
            except StepFailed as exc:
                failed, failure = step.name, str(exc)
                record.update(status="failed", summary=failure[:2000])
                lines.append(f"- {STEP_LABELS.get(step.name, step.name)}：失败")
            finally:
                record["seconds"] = round(time.monotonic() - started, 3)
                log.save()
            print(lines[-1], file=out, flush=True)
            if failed:
                break
    except (Interrupted, KeyboardInterrupt) as exc:
        log.run["interrupted"] = True
        log.run["failure"] = f"interrupted ({exc or 'Ctrl-C'})"
        summary = summary_text(ctx, lines, None, None)
        log.finish(EXIT_INTERRUPTED, summary)
        print(summary, file=out)
        return EXIT_INTERRUPTED
    finally:
        signal.signal(signal.SIGTERM, previous)
    status = EXIT_CODES[failed] if failed else 0
    log.run["failed_step"] = failed
    log.run["failure"] = failure[:2000] if failure else None
    summary = summary_text(ctx, lines, failed, failure)
    log.finish(status, summary)
    _notify(ctx, failed, summary)
    print("\n" + summary, file=out)
    return status


def _notify(ctx: Context, failed: str | None, summary: str) -> None:
    """Email when the run failed or a member source reached 3 failures in a row."""
    log = ctx.log
    streaks = source_streaks(load_runs(log.reports)) if log.run.get("import") else {}
    reasons = notify.reasons_to_notify(failed, streaks)
    if not reasons:
        return
    entry: dict[str, object] = {"reasons": reasons}
    try:
        settings = notify.SmtpSettings.from_env()
        if settings is None:
            entry["email"] = "not configured (SMTP_HOST unset)"
        else:
            subject = f"[四川省高校后勤协会网站] {'；'.join(reasons)}"
            failing = [s for s in streaks.values() if s.count >= notify.STREAK_ALERT]
            extra = "".join(f"\n{s.member_name}（{s.member}/{s.column}）连续失败 {s.count} 次：{s.reason}\n"
                            f"  处理办法：{s.fix}\n" for s in failing)
            notify.send(settings, subject, summary + "\n" + extra +
                        "\n详细情况见会员专区的“网站更新状态”页（/members-area/status/）。\n")
            entry["email"] = f"sent to {', '.join(settings.recipients)}"
    except notify.NotifyError as exc:
        entry["email"] = f"failed: {exc}"
        print(f"update: {exc}", file=sys.stderr)
    log.run["notifications"].append(entry)
    log.save()
