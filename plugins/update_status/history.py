"""Run history from ``reports/<date>.json``: failing streaks, fixes, the status summary.

Pure functions shared by the update run (``scripts/updatelib``: notifications,
``reports/status.json``) and the status page generator. A report file holds
``{"date": "YYYY-MM-DD", "runs": [run, ...]}``; a run records its steps and
the importer's per-source report (see scripts/updatelib/runlog.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPORT_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}\.json$")
STATUS_FILE = "status.json"
RUNS_SHOWN = 10
STEP_LABELS = {
    "preflight": "配置检查", "sync": "拉取仓库", "import": "导入", "commit": "提交", "push": "推送",
    "check": "内容检查", "build": "构建", "leaks": "泄露检查", "members": "会员专区构建",
    "deploy": "部署", "lock": "记录已发布网址",
}
#: (pattern in the importer's reason, what an editor or administrator should do)
FIXES = (
    ("robots.txt", "对方网站的 robots.txt 不允许抓取：请联系该单位网站管理员开放，或在 members.yml 中删去此来源。"),
    ("layout change", "列表页结构可能已改版：请在 members.yml 中检查该来源的 preset 或 selectors，"
                      "用 `make fetch FETCH_ARGS=\"--only 成员id --dry-run\"` 试抓。"),
    ("0 items", "列表页上没有找到条目：请核对 list_url 是否仍是新闻列表页，必要时填写 selectors。"),
    ("no CMS family", "未能识别对方网站类型：请在 members.yml 中为该来源填写 selectors（item、link、date、content）。"),
    ("challenge", "对方网站启用了人机验证，暂时无法抓取：请联系该单位网站管理员，或改用其它栏目地址。"),
    ("系统提示", "对方网站返回“系统提示”页面：通常是栏目已关闭或需要登录，请核对 list_url。"),
    ("HTTP 404", "列表页地址已失效（404）：请到对方网站找到新的栏目地址，更新 members.yml 中的 list_url。"),
    ("HTTP 410", "列表页地址已失效（410）：请更新 members.yml 中的 list_url。"),
    ("could not be fetched", "部分文章暂时取不到：下次运行会自动重试；若持续失败，请检查对方网站是否可访问。"),
    ("timed out", "对方网站响应超时：通常会自行恢复；若连续多日失败，请确认网站地址是否变更。"),
    ("", "对方网站暂时无法访问或返回错误：通常会自行恢复；若连续多次失败，请在浏览器中打开 list_url 核对。"),
)


def fix_for(reason: str) -> str:
    for pattern, fix in FIXES:
        if pattern in reason:
            return fix
    return FIXES[-1][1]


def load_runs(reports: Path, days: int = 31, today: date | None = None) -> list[dict[str, Any]]:
    """Runs of the last ``days`` days, oldest first."""
    reports = Path(reports)
    if not reports.is_dir():
        return []
    oldest = ((today or date.today()) - timedelta(days=days)).isoformat()
    runs: list[dict[str, Any]] = []
    for path in sorted(reports.iterdir()):
        if not REPORT_NAME.match(path.name) or path.name[:10] < oldest:
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        runs.extend(r for r in data.get("runs", []) if isinstance(r, dict))
    runs.sort(key=lambda r: str(r.get("started", "")))
    return runs


@dataclass
class Streak:
    """A member source that failed in the most recent runs that imported."""

    member: str
    member_name: str
    column: str
    list_url: str
    count: int
    since: str
    reason: str
    fix: str


def source_streaks(runs: list[dict[str, Any]]) -> dict[str, Streak]:
    """Consecutive failures of each source up to the latest run that imported (0 = fine)."""
    streaks: dict[str, Streak] = {}
    for run in runs:
        for source in (run.get("import") or {}).get("sources", []):
            key = f"{source.get('member')}|{source.get('column')}|{source.get('list_url')}"
            if source.get("status") == "ok":
                streaks.pop(key, None)
                continue
            reason = str(source.get("reason", ""))
            old = streaks.get(key)
            streaks[key] = Streak(
                member=str(source.get("member")), member_name=str(source.get("member_name", "")),
                column=str(source.get("column")), list_url=str(source.get("list_url")),
                count=(old.count if old else 0) + 1, since=old.since if old else str(run.get("started", "")),
                reason=reason, fix=fix_for(reason))
    return streaks


def run_result(run: dict[str, Any]) -> str:
    if run.get("failed_step"):
        step = run["failed_step"]
        return f"失败：{STEP_LABELS.get(step, step)}"
    if run.get("interrupted"):
        return "中断"
    return "成功"


def _summary_row(run: dict[str, Any]) -> dict[str, Any]:
    sources = (run.get("import") or {}).get("sources", [])
    totals = (run.get("import") or {}).get("totals", {})
    return {
        "id": run.get("id"), "started": str(run.get("started", ""))[:16].replace("T", " "),
        "mode": run.get("mode", "update"), "target": run.get("target") or "",
        "result": run_result(run), "ok": run_result(run) == "成功",
        "new": int(totals.get("new", 0)),
        "review": int((run.get("import") or {}).get("review_new", 0)),
        "failed_sources": sum(1 for s in sources if s.get("status") != "ok"),
        "commit": str((run.get("commit") or {}).get("sha") or "")[:10],
        "reason": str(run.get("failure") or ""),
    }


def significant(row: dict[str, Any]) -> bool:
    """Worth a line on the status page: something arrived, failed or was interrupted."""
    return (not row["ok"]) or row["new"] > 0 or row["failed_sources"] > 0 or bool(row["commit"])


def status_snapshot(runs: list[dict[str, Any]], shown: int = RUNS_SHOWN) -> dict[str, Any]:
    """What the status page shows. Quiet runs (nothing new, nothing failed) are left
    out, so a run that changes nothing leaves the page, and so the site, unchanged."""
    rows = [row for row in map(_summary_row, runs) if significant(row)]
    failing = sorted(source_streaks(runs).values(), key=lambda s: (-s.count, s.member, s.column))
    return {"runs": list(reversed(rows[-shown:])), "failing": [asdict(s) for s in failing]}


def read_snapshot(reports: Path) -> dict[str, Any]:
    try:
        return json.loads((Path(reports) / STATUS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"runs": [], "failing": []}
