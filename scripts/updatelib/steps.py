"""The named steps of ``make update``: each returns a one-line summary or raises StepFailed.

Order (pipeline.STEPS): preflight, sync, import, commit, push, check, build,
leaks, members, deploy. Nothing is deployed unless every earlier step passed.
"""

from __future__ import annotations

import json
import shlex
import tempfile
from collections import Counter
from pathlib import Path

from member_import.store import read_header

from . import gitops
from .context import Context, StepFailed, tail
from .filing import check_filing
from .targets import TargetError, load_target

#: Files and folders whose uncommitted changes would be deployed without a record.
TRACKED_INPUTS = ["content", "pelicanconf.py", "publishconf.py", "membersconf.py", "theme", "plugins"]


def step_preflight(ctx: Context) -> str:
    """Target settings, ICP filing and contact details, members-tree placement, clean tree."""
    opts = ctx.options
    try:
        ctx.target = load_target(ctx.path(opts.targets_file), opts.target)
    except TargetError as exc:
        raise StepFailed(str(exc)) from exc
    ctx.log.run["target"] = ctx.target.name
    problem = check_filing(ctx, ctx.target)
    if problem:
        raise StepFailed(problem)
    if not gitops.is_repo(ctx.root):
        if opts.mode == "update" and opts.commit:
            raise StepFailed(f"{ctx.root} is not a git repository: make update commits what it imports. "
                             "Run it in a clone of the site repository (or pass --no-commit)")
        return f"目标 {ctx.target.name}（{ctx.target.kind}）：配置正确"
    if not opts.allow_dirty:
        imported = set(gitops.untracked_imports(ctx.root, ctx.path("content")))
        prefix = gitops.content_prefix(ctx.root, ctx.path("content"))
        machine_written = {"data/published.lock"}  # the lock step's record (committed by update runs)
        dirty = [p for p in gitops.dirty_paths(ctx.root, TRACKED_INPUTS)
                 if not (p.startswith(prefix) and p[len(prefix):] in imported | machine_written)]
        if dirty:
            shown = ", ".join(dirty[:5]) + (" …" if len(dirty) > 5 else "")
            raise StepFailed(f"uncommitted changes would be published without a record: {shown}. "
                             "Commit or stash them first (or pass --allow-dirty for a test run)")
    return f"目标 {ctx.target.name}（{ctx.target.kind}）：配置正确"


def step_sync(ctx: Context) -> str:
    try:
        gitops.pull(ctx.root)
    except gitops.GitError as exc:
        raise StepFailed(f"git pull --ff-only failed ({exc}); resolve it by hand in {ctx.root}") from exc
    return f"已更新到 {gitops.head(ctx.root)[:10]}"


def step_import(ctx: Context) -> str:
    """Run the importer (scripts/fetch_members.py); a failing member source does not stop the run."""
    opts = ctx.options
    with tempfile.TemporaryDirectory(prefix="update-import-") as tmp:
        report_file = Path(tmp) / "report.json"
        argv = [opts.python, "scripts/fetch_members.py", "--members", str(opts.members_file),
                "--out", "content", "--state", "cache/fetch_state.json", "--report", str(report_file),
                "--quiet", *opts.fetch_args]
        proc = ctx.run_command("import", argv)
        if proc.returncode not in (0, 1) or not report_file.exists():
            raise StepFailed(f"the importer stopped (exit {proc.returncode}): "
                             f"{tail(proc.stderr or proc.stdout, 6)}")
        report = json.loads(report_file.read_text(encoding="utf-8"))
    content = ctx.path("content")
    review_new = sum(1 for s in report["sources"] for rel in s["new"]
                     if read_header(content / rel).get("review", "").lower() == "pending")
    report["review_new"] = review_new
    report["table"] = proc.stdout.strip()
    ctx.log.run["import"] = report
    return import_summary(report)


def import_summary(report: dict) -> str:
    totals = report["totals"]
    per_member = Counter()
    for source in report["sources"]:
        per_member[source["member"]] += len(source["new"])
    members = "，".join(f"{m} {n}" for m, n in sorted(per_member.items(), key=lambda kv: (-kv[1], kv[0])) if n)
    line = f"新增 {totals['new']} 篇" + (f"（{members}）" if members else "")
    if report.get("review_new"):
        line += f"，其中待审核 {report['review_new']} 篇"
    line += f"；来源 {totals['sources']} 个，失败 {totals['sources_failed']} 个"
    for source in report["sources"]:
        if source["status"] != "ok":
            line += f"\n  - {source['member']}/{source['column']}：{source['reason'][:300]}"
    return line


def commit_message(report: dict, files: list[str], run_id: str) -> str:
    totals = report["totals"] if report else {"new": 0, "sources_failed": 0}
    head = f"Import member news: {totals['new']} new item(s)"
    if report and report.get("review_new"):
        head += f" ({report['review_new']} waiting for review)"
    lines = [head, ""]
    for source in sorted(report.get("sources", []) if report else [], key=lambda s: (s["member"], s["column"])):
        if source["new"]:
            lines.append(f"{source['member']} {source['member_name']}: {source['column']} {len(source['new'])}")
    failed = [s for s in (report.get("sources", []) if report else []) if s["status"] != "ok"]
    if failed:
        lines += ["", f"Failed sources ({len(failed)}):"]
        lines += [f"  {s['member']}/{s['column']}: {s['reason'][:200]}" for s in failed]
    lines += ["", f"{len(files)} file(s); report: reports/, run {run_id}"]
    return "\n".join(lines)


def step_commit(ctx: Context) -> str:
    """Commit exactly the files the importer created (this run's and any an interrupted run left)."""
    report = ctx.log.run.get("import") or {}
    content = ctx.path("content")
    names = set(report.get("files", [])) | set(gitops.untracked_imports(ctx.root, content))
    files = sorted(content / rel for rel in names if (content / rel).is_file())
    if not files:
        return "没有新文件，未提交"
    identity = gitops.Identity(ctx.options.bot_name, ctx.options.bot_email)
    message = commit_message(report, [str(f) for f in files], ctx.log.run["id"])
    try:
        sha = gitops.commit_paths(ctx.root, files, message, identity)
    except gitops.GitError as exc:
        raise StepFailed(str(exc)) from exc
    ctx.log.run["commit"] = {"sha": sha, "files": len(files), "message": message.splitlines()[0]}
    return f"{sha[:10]}（{len(files)} 个文件，提交者 {identity.name}）"


def step_push(ctx: Context) -> str:
    if not ctx.log.run.get("commit"):
        return "没有新提交"
    try:
        gitops.push(ctx.root)
    except gitops.GitError as exc:
        raise StepFailed(f"git push failed: {exc}") from exc
    return "已推送"


def step_check(ctx: Context) -> str:
    """The content check (`make check`): every problem at once, before anything is built."""
    proc = ctx.run_command("check", [ctx.options.python, "scripts/check_content.py", "-s", "publishconf.py"],
                           env=_site_env(ctx))
    if proc.returncode != 0:
        raise StepFailed(f"content check failed:\n{tail(proc.stdout + proc.stderr)}")
    return "通过"


def _site_env(ctx: Context) -> dict[str, str]:
    url = ctx.target.site_url if ctx.target else None
    return {"SITEURL": url} if url else {}


def step_build(ctx: Context) -> str:
    argv = [ctx.options.python, "scripts/build.py", "content", "-o", ctx.options.output, "-s", "publishconf.py"]
    proc = ctx.run_command("build", argv, env=_site_env(ctx))
    if proc.returncode != 0:
        raise StepFailed(f"the production build failed:\n{tail(proc.stdout + proc.stderr)}")
    return "无变化" if "Nothing changed" in proc.stdout else "已构建"


def step_leaks(ctx: Context) -> str:
    args = list(ctx.target.leak_check_args) if ctx.target else []
    argv = [ctx.options.python, "scripts/check_leaks.py", "--content", "content", "--output",
            ctx.options.output, "--settings", "publishconf.py", *args]
    proc = ctx.run_command("leaks", argv)
    if proc.returncode != 0:
        raise StepFailed(f"member-only material found in the public tree:\n{tail(proc.stdout + proc.stderr)}")
    return "0 处泄露"


def step_members(ctx: Context) -> str:
    """Refresh reports/status.json, then build the members tree (with the status page)."""
    ctx.status_changed = ctx.log.write_status()
    env = {**_site_env(ctx), "MEMBERS_PUBLISH": "1"}
    if ctx.status_changed:
        env["BUILD_FORCE"] = "1"
    argv = [ctx.options.python, "scripts/build.py", "content", "-o", ctx.options.members_output,
            "-s", "membersconf.py"]
    proc = ctx.run_command("members", argv, env=env)
    if proc.returncode != 0:
        raise StepFailed(f"the members-area build failed:\n{tail(proc.stdout + proc.stderr)}")
    return "无变化" if "Nothing changed" in proc.stdout else "已构建（含更新状态页）"


def fetch_args(text: str) -> list[str]:
    return shlex.split(text) if text else []


def step_lock(ctx: Context) -> str:
    """Lock the URLs this deploy published (content/data/published.lock, `make publish` does
    the same) and commit the lock as the bot when the run commits."""
    lock = ctx.path("content/data/published.lock")
    before = lock.read_bytes() if lock.exists() else b""
    argv = [ctx.options.python, "scripts/lock_urls.py", "-s", "publishconf.py", "-o", ctx.options.output]
    proc = ctx.run_command("lock", argv, env=_site_env(ctx))
    if proc.returncode != 0:
        raise StepFailed(f"locking the published URLs failed:\n{tail(proc.stdout + proc.stderr)}")
    if not lock.exists() or lock.read_bytes() == before:
        return "没有新网址"
    if ctx.options.mode != "update" or not ctx.options.commit or not gitops.is_repo(ctx.root):
        return "已记录新网址（未提交）"
    identity = gitops.Identity(ctx.options.bot_name, ctx.options.bot_email)
    try:
        sha = gitops.commit_paths(ctx.root, [lock], f"Lock published URLs (run {ctx.log.run['id']})", identity)
    except gitops.GitError as exc:
        raise StepFailed(str(exc)) from exc
    return f"已记录并提交新网址（{sha[:10]}）"
