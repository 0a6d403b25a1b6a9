"""`make update` end to end: fixture member sites on 127.0.0.1, a real git repository,
real Pelican builds, the leak check, and a local rsync target with release folders."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import FILING, ROOT, add_target, commit_all, git, last_run, update

FOLDER_TARGET = """kind: server
path: ${SITE_DEPLOY}/site
members_path: ${SITE_DEPLOY}/members
"""


def deployed(deploy: Path, tree: str = "site") -> dict[str, bytes]:
    current = deploy / tree / "current"
    return {p.relative_to(current).as_posix(): p.read_bytes() for p in sorted(current.rglob("*")) if p.is_file()}


def releases(deploy: Path, tree: str = "site") -> list[str]:
    folder = deploy / tree / "releases"
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")) \
        if folder.is_dir() else []


@pytest.fixture
def folder(project: Path, tmp_path: Path) -> dict[str, str]:
    add_target(project, "folder", FOLDER_TARGET)
    return {"SITE_DEPLOY": str(tmp_path / "deploy")}


def test_update_imports_commits_and_deploys_then_a_second_run_changes_nothing(project, folder, tmp_path):
    deploy = tmp_path / "deploy"
    first = update(project, "--target", "folder", env=folder)
    assert first.status == 0, first.stdout + first.stderr
    run = first.run
    assert [s["name"] for s in run["steps"]] == ["preflight", "import", "commit", "check", "build", "leaks",
                                                 "members", "deploy", "lock"]
    assert all(s["status"] == "ok" and s["seconds"] is not None for s in run["steps"])
    assert run["import"]["totals"]["new"] == 12 and run["import"]["review_new"] == 2
    # One commit by the bot, holding exactly the imported files, message summarising the report.
    imported = run["commit"]["sha"]
    log = git(project, "log", "-1", "--format=%an <%ae>%n%B", imported)
    assert log.startswith("SCGXHQ update bot <update-bot@scgxhq.org.cn>")
    assert "12 new item(s) (2 waiting for review)" in log and "m001 第1号会员大学: campus 2" in log
    committed = git(project, "show", "--name-only", "--format=", imported).split()
    assert sorted(committed) == sorted(f"content/{f}" for f in run["import"]["files"])
    # After the deploy, the URLs it published are locked, in a commit of their own.
    assert git(project, "rev-parse", "HEAD~1").strip() == imported
    assert git(project, "show", "--name-only", "--format=", "HEAD").split() == ["content/data/published.lock"]
    assert "/campus/2024/m001-" in (project / "content/data/published.lock").read_text(encoding="utf-8")
    assert git(project, "status", "--porcelain", "--untracked-files=no") == ""
    # Deployed: imported articles are public, review items are not, the status page only in members.
    site = deployed(deploy)
    new_pages = [p for p in site if p.startswith(("campus/2024/m", "tenders/2024/m"))]
    assert len(new_pages) == 10, new_pages  # 12 imported, 2 waiting for review
    assert not any(p.startswith("campus/2024/m002-") for p in site)
    assert "status/index.html" not in site
    status_page = deployed(deploy, "members")["status/index.html"].decode()
    assert "待审核稿件（2）" in status_page and status_page.count("rel=\"noopener\">招标公告") == 0
    assert sites_url_in(status_page, project)
    # The record: reports/<date>.json with timings and what changed.
    assert run["deploy"][0]["tree"] == "public" and run["deploy"][0]["uploaded"] == len(site)
    assert run["ok"] is True and run["exit_status"] == 0 and run["seconds"] > 0

    before = (git(project, "rev-parse", "HEAD"), releases(deploy), releases(deploy, "members"), site,
              {p: p.stat().st_mtime_ns for p in (project / "content").rglob("*.md")})
    second = update(project, "--target", "folder", env=folder)
    assert second.status == 0, second.stdout
    assert second.run["import"]["totals"]["new"] == 0
    assert second.step("commit")["summary"] == "没有新文件，未提交"
    changed = sorted(k for k, v in deployed(deploy).items() if site.get(k) != v)
    assert [r["uploaded"] for r in second.run["deploy"]] == [0, 0], changed
    after = (git(project, "rev-parse", "HEAD"), releases(deploy), releases(deploy, "members"), deployed(deploy),
             {p: p.stat().st_mtime_ns for p in (project / "content").rglob("*.md")})
    assert after == before
    day = sorted((project / "reports").glob("????-??-??.json"))[-1]
    assert day.read_text(encoding="utf-8").count('"mode": "update"') == 2


def sites_url_in(page: str, project: Path) -> bool:
    """The status page links pending items to their source (a fixture-site URL)."""
    registry = (project / "content" / "data" / "members.yml").read_text(encoding="utf-8")
    host = registry.split("list_url: ")[5].split("/campus")[0].strip()  # member m002's campus host
    return f'href="{host}/' in page


def test_review_approve_publishes_and_reject_keeps_out(project, folder, tmp_path):
    assert update(project, "--target", "folder", env=folder).status == 0
    review = [sys.executable, "scripts/review_imports.py"]
    listing = subprocess.run(review, cwd=project, capture_output=True, text=True, check=True).stdout
    assert "待审核稿件 2 篇" in listing and "原文：http://127.0.0.1:" in listing
    files = [line.split("：", 1)[1] for line in listing.splitlines() if line.strip().startswith("文件：")]
    head = git(project, "rev-parse", "HEAD")
    done = subprocess.run([*review, "--approve", files[0], "--reject", files[1]], cwd=project,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(git(project, "show", "--name-only", "--format=", "HEAD").split()) == sorted(
        f"content/{f}" for f in files)
    assert git(project, "rev-parse", "HEAD~1") == head
    again = subprocess.run([*review, "--approve", files[0]], cwd=project, capture_output=True, text=True)
    assert again.returncode == 2 and "不在待审核状态" in again.stderr
    result = update(project, "--target", "folder", env=folder)
    assert result.status == 0 and result.run["import"]["totals"]["new"] == 0  # rejected: not re-imported
    site = deployed(tmp_path / "deploy")
    stem = lambda rel: Path(rel).stem  # noqa: E731
    assert any(p.endswith(stem(files[0]) + ".html") for p in site)
    assert not any(p.endswith(stem(files[1]) + ".html") for p in site)
    assert "待审核稿件（0）" in deployed(tmp_path / "deploy", "members")["status/index.html"].decode()


def test_commit_takes_only_importer_files_including_ones_an_interrupted_run_left(project, folder):
    # What an interrupted run leaves: files imported, not committed.
    subprocess.run([sys.executable, "scripts/fetch_members.py", "--only", "m000", "--delay", "0", "--quiet"],
                   cwd=project, check=True, capture_output=True)
    leftover = sorted(git(project, "ls-files", "--others", "--", "content/campus", "content/tenders").split())
    assert len(leftover) == 4
    (project / "content" / "news" / "2022" / "editor-draft.md").write_text(
        "Title: 编辑的草稿\nDate: 2022-12-01\nStatus: draft\n\n还没写完。\n", encoding="utf-8")
    about = project / "content" / "pages" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n编辑正在修改。\n", encoding="utf-8")
    git(project, "add", str(about))
    result = update(project, "--target", "folder", "--allow-dirty", env=folder)
    assert result.status == 0, result.stdout
    committed = sorted(git(project, "show", "--name-only", "--format=", result.run["commit"]["sha"]).split())
    assert set(leftover) <= set(committed) and len(committed) == 12
    assert git(project, "show", "--name-only", "--format=", "HEAD").split() == ["content/data/published.lock"]
    assert all(name.startswith(("content/campus/m0", "content/tenders/m0")) for name in committed)
    status = git(project, "status", "--porcelain")
    assert "M  content/pages/about.md" in status and "?? content/news/2022/editor-draft.md" in status


def test_uncommitted_edits_are_refused_before_anything_runs(project, folder, tmp_path):
    article = project / "content" / "news" / "2022" / "ruziniu-awards.md"
    article.write_text(article.read_text(encoding="utf-8") + "\n未提交的修改。\n", encoding="utf-8")
    result = update(project, "--target", "folder", env=folder)
    assert result.status == 10
    assert "content/news/2022/ruziniu-awards.md" in result.stdout and "Commit or stash" in result.stdout
    assert [s["name"] for s in result.run["steps"]] == ["preflight"]
    assert not (tmp_path / "deploy").exists() and not (project / "content" / "campus" / "m000").exists()


def test_production_build_without_filing_number_stops_unless_a_staging_target(tmp_path, sites):
    from updatelib.localsites import make_project

    project = make_project(tmp_path / "bare", members=sites.registry())  # sample settings: no ICP, no contact
    env = {"SITE_DEPLOY": str(tmp_path / "deploy")}
    add_target(project, "folder", FOLDER_TARGET)
    result = update(project, "--target", "folder", env=env)
    assert result.status == 10
    for words in ("ICP_NUMBER", "pelicanconf.py", "CONTACT", "staging: true", "allow_missing_filing"):
        assert words in result.stdout
    assert not (tmp_path / "deploy").exists() and not (project / "content" / "campus" / "m000").exists()

    add_target(project, "half", FOLDER_TARGET + "allow_missing_filing: true\n")
    result = update(project, "--target", "half", env=env)
    assert result.status == 10 and "only for staging targets" in result.stdout

    add_target(project, "staging", FOLDER_TARGET + "staging: true\nallow_missing_filing: true\n")
    result = update(project, "--target", "staging", env=env)
    assert result.status == 0, result.stdout
    assert deployed(tmp_path / "deploy")


# --------------------------------------------------------------------------- failures
@pytest.fixture(scope="module")
def deployed_project(tmp_path_factory) -> Path:
    """A project updated once into <tmp>/deploy (copied for each failure case)."""
    from updatelib.localsites import MemberSites, make_project

    sites = MemberSites(2, per_page=2)
    base = tmp_path_factory.mktemp("deployed")
    project = make_project(base / "site", members=sites.registry(), settings=FILING)
    add_target(project, "folder", FOLDER_TARGET)
    result = update(project, "--target", "folder", env={"SITE_DEPLOY": str(base / "deploy")})
    sites.stop()  # the failure cases run "deploy" (no import) or break before importing
    assert result.status == 0, result.stdout
    return base


def _break_import(project: Path) -> None:
    registry = project / "content" / "data" / "members.yml"
    registry.write_text(registry.read_text(encoding="utf-8").replace("kind: university", "kind: school", 1),
                        encoding="utf-8")


def _break_check(project: Path) -> None:
    (project / "content" / "news" / "2022" / "bad-date.md").write_text(
        "Title: 日期写错的文章\nDate: 2022年13月45日\n\n正文。\n", encoding="utf-8")


def _break_build(project: Path) -> None:
    """A broken template (which the content check does not render): only the build meets it.
    The project's theme/ links to the real one, so the broken copy goes in an override folder."""
    broken = project / "broken-templates"
    broken.mkdir()
    (broken / "base.html").write_text("<p>{% if %}</p>\n", encoding="utf-8")  # a template syntax error
    with (project / "publishconf.py").open("a", encoding="utf-8") as handle:
        handle.write(f"\nTHEME_TEMPLATES_OVERRIDES = [{str(broken)!r}]\n")


def _break_leaks(project: Path) -> None:
    path = project / "deploy" / "targets.yml"
    path.write_text(path.read_text(encoding="utf-8") + "    leak_check_args: [\"--marker\", \"四川省高校后勤协会\"]\n",
                    encoding="utf-8")


def _break_members(project: Path) -> None:
    with (project / "membersconf.py").open("a", encoding="utf-8") as handle:
        handle.write("\nMEMBERS_ONLY_MODE = (\n")


def _break_deploy(project: Path) -> None:
    path = project / "deploy" / "targets.yml"
    path.write_text(path.read_text(encoding="utf-8") + "    rsync_args: [\"--no-such-rsync-option\"]\n",
                    encoding="utf-8")


FAILURES = [("import", 12, _break_import, "update"), ("check", 15, _break_check, "deploy"),
            ("build", 16, _break_build, "deploy"),
            ("leaks", 17, _break_leaks, "deploy"), ("members", 18, _break_members, "deploy"),
            ("deploy", 19, _break_deploy, "deploy")]


@pytest.mark.parametrize("step,code,breaker,mode", FAILURES, ids=[f[0] for f in FAILURES])
def test_a_failing_step_stops_before_deploy_and_names_itself(deployed_project, tmp_path, step, code, breaker, mode):
    base = tmp_path / "copy"
    shutil.copytree(deployed_project, base, symlinks=True)
    project, deploy = base / "site", base / "deploy"
    before = (releases(deploy), deployed(deploy), deployed(deploy, "members"))
    breaker(project)
    commit_all(project, f"break {step}")
    result = update(project, "--target", "folder", env={"SITE_DEPLOY": str(deploy)}, mode=mode)
    assert result.status == code, result.stdout + result.stderr
    assert result.run["failed_step"] == step and result.step(step)["status"] == "failed"
    assert f"（{step}）" in result.stdout.splitlines()[-1] or f"（{step}）" in result.stdout
    assert "线上网站保持原样" in result.stdout or step == "deploy"
    assert (releases(deploy), deployed(deploy), deployed(deploy, "members")) == before


def test_interrupted_run_leaves_the_site_and_the_next_run_recovers(project, folder, sites, tmp_path):
    deploy = tmp_path / "deploy"
    assert update(project, "--target", "folder", env=folder).status == 0
    before = (releases(deploy), deployed(deploy))
    sites.publish(0, 2)
    server = sites.servers[0]
    slow = "/info/1018/5001.htm"  # one of the two new articles (member 0 is a VSB-like site)
    assert slow in server.routes
    server.routes[slow].delay = 30  # one new article hangs: the run is stopped while importing
    proc = subprocess.Popen([sys.executable, "scripts/update_site.py", "update", "--target", "folder",
                             "--fetch-args", "--delay 0 --retries 0 --timeout 60"], cwd=project,
                            env={**os.environ, **folder}, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240  # generous: the machine may be busy
    while not (last_run(project).get("steps") or [{}])[-1].get("name") == "import":
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.2)
    time.sleep(1)
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 130, out
    assert last_run(project)["interrupted"] is True and "中断" in out
    assert (releases(deploy), deployed(deploy)) == before
    server.routes[slow].delay = 0
    result = update(project, "--target", "folder", env=folder)
    assert result.status == 0, result.stdout
    assert any(p.startswith("campus/2025/") for p in deployed(deploy))
    assert git(project, "status", "--porcelain", "--", "content") == ""


def test_a_second_run_while_one_holds_the_lock_does_nothing(project, folder):
    (project / "cache").mkdir(exist_ok=True)
    with open(project / "cache" / "update.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = update(project, "--target", "folder", env=folder)
    assert result.status == 75 and "another update is running" in result.stdout
    assert not (project / "reports").exists()


def test_make_update_is_the_documented_entry_point():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "scripts/update_site.py update" in makefile and "scripts/update_site.py rollback" in makefile
    assert "scripts/review_imports.py" in makefile and "scripts/make_systemd_units.py" in makefile
