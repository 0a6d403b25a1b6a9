"""Notifications (a real SMTP server, aiosmtpd, on 127.0.0.1) and the editors' status page."""

from __future__ import annotations

import json
import threading
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from updatelib.localsites import free_port

from .conftest import add_target, commit_all, update
from .test_update_run import FOLDER_TARGET, deployed


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd hook)
        with self.lock:
            self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    env = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(port), "SMTP_SECURITY": "none",
           "SMTP_FROM": "bot@example.org", "SMTP_TO": "editor1@example.org, editor2@example.org"}
    yield inbox, env
    controller.stop()


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def body(message) -> str:
    return message.get_payload(decode=True).decode("utf-8")


def test_source_failing_three_runs_in_a_row_is_emailed_once_and_shown(project, sites, smtp, tmp_path):
    inbox, mail = smtp
    add_target(project, "folder", FOLDER_TARGET)
    env = {"SITE_DEPLOY": str(tmp_path / "deploy"), **mail}
    assert update(project, "--target", "folder", env=env).status == 0
    assert inbox.messages == []  # a good run sends nothing
    sites.break_source(1)
    for run in range(1, 5):
        result = update(project, "--target", "folder", env=env)
        assert result.status == 0, result.stdout  # a failing member site does not stop the site
        assert len(inbox.messages) == (0 if run < 3 else 1), run
    recipients, message = inbox.messages[0]
    assert recipients == ["editor1@example.org", "editor2@example.org"]
    assert "m001/campus 已连续失败 3 次" in subject(message)
    text = body(message)
    assert "HTTP 500" in text and "处理办法" in text and "/members-area/status/" in text

    status = json.loads((project / "reports" / "status.json").read_text(encoding="utf-8"))
    failing = status["failing"]
    assert [(f["member"], f["column"], f["count"]) for f in failing] == [("m001", "campus", 4)]
    page = deployed(tmp_path / "deploy", "members")["status/index.html"].decode()
    assert "连续失败的会员来源（1）" in page and "4 次" in page and "HTTP 500" in page
    assert "通常会自行恢复" in page  # the fix for a server error
    assert "status/index.html" not in deployed(tmp_path / "deploy")


def test_a_failed_run_is_emailed_with_the_step_and_shown(project, smtp, tmp_path):
    inbox, mail = smtp
    add_target(project, "folder", FOLDER_TARGET)
    env = {"SITE_DEPLOY": str(tmp_path / "deploy"), **mail}
    assert update(project, "--target", "folder", env=env).status == 0
    (project / "content/news/2022/broken.md").write_text("Title: 坏文章\nDate: 明天\n\n正文。\n", encoding="utf-8")
    commit_all(project, "broken article")
    result = update(project, "--target", "folder", env=env)
    assert result.status == 15  # the content check stops it before the build
    assert len(inbox.messages) == 1
    _, message = inbox.messages[0]
    assert "运行失败（步骤：check）" in subject(message)
    assert "失败：内容检查（check）" in body(message) and "broken.md" in body(message)
    assert result.run["notifications"][0]["email"].startswith("sent to")


def test_unreachable_smtp_is_recorded_not_fatal(project, tmp_path):
    add_target(project, "folder", FOLDER_TARGET)
    (project / "content/news/2022/broken.md").write_text("Title: 坏文章\nDate: 明天\n\n正文。\n", encoding="utf-8")
    commit_all(project, "broken article")
    env = {"SITE_DEPLOY": str(tmp_path / "deploy"), "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(free_port()),
           "SMTP_SECURITY": "none", "SMTP_FROM": "bot@example.org", "SMTP_TO": "editor@example.org"}
    result = update(project, "--target", "folder", env=env)
    assert result.status == 15  # the run's own outcome, not the mail's
    assert result.run["notifications"][0]["email"].startswith("failed:")


def test_status_snapshot_leaves_quiet_runs_out():
    from update_status.history import status_snapshot

    def run(ident: str, new: int = 0, failed: str | None = None, source_ok: bool = True) -> dict:
        return {"id": ident, "started": f"2025-01-0{ident}T09:00:00+08:00", "failed_step": failed,
                "import": {"totals": {"new": new}, "sources": [
                    {"member": "scu", "member_name": "四川大学", "column": "campus", "list_url": "https://x/",
                     "status": "ok" if source_ok else "failed", "reason": "" if source_ok else "HTTP 404"}]}}

    snap = status_snapshot([run("1", new=3), run("2"), run("3")])
    assert [r["id"] for r in snap["runs"]] == ["1"]
    assert status_snapshot([run("1", new=3), run("2")]) == snap  # a quiet run changes nothing
    snap = status_snapshot([run("1", source_ok=False), run("2", source_ok=False), run("3", failed="build", source_ok=False)])
    assert [r["result"] for r in snap["runs"]] == ["失败：构建", "成功", "成功"]
    assert snap["failing"][0]["count"] == 3 and "list_url" in snap["failing"][0]["fix"]
