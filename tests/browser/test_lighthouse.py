"""Lighthouse (npm lighthouse@12.2.3, `make lighthouse-deps`) with Debian's Chromium at
mobile settings: every category scores 95 or more on the home, column, article,
search and 年度统计 pages. scripts/lighthouse_scores.py prints the scores and saves
them, the reports and each page's final screenshot in test-artifacts/lighthouse/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow

SCRIPT = ROOT / "scripts/lighthouse_scores.py"
OUT = ROOT / "test-artifacts" / "lighthouse"
PAGES = ["home", "column", "article", "search", "stats"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


@pytest.fixture(scope="module")
def run(base_url: str) -> subprocess.CompletedProcess[str]:
    for old in OUT.glob("*"):
        old.unlink()
    return subprocess.run([sys.executable, str(SCRIPT), "--url", base_url, "--out", str(OUT)],
                          capture_output=True, text=True, timeout=1800, check=False)


def test_every_category_scores_95_or_more_at_mobile_settings(run) -> None:
    assert (OUT / "scores.json").is_file(), run.stderr[-3000:]
    scores = json.loads((OUT / "scores.json").read_text(encoding="utf-8"))["scores"]
    assert sorted(scores) == sorted(PAGES)
    low = {(page, c): s[c] for page, s in scores.items() for c in CATEGORIES if s[c] < 95}
    assert not low, (low, run.stdout, run.stderr[-2000:])
    assert run.returncode == 0, run.stderr[-2000:]


def test_scores_are_printed_and_saved_with_the_screenshots(run) -> None:
    lines = run.stdout.splitlines()
    assert lines[0].split() == ["page", *CATEGORIES], run.stdout
    assert [line.split()[0] for line in lines[1:6]] == PAGES
    for page in PAGES:
        assert (OUT / f"{page}.report.html").is_file() and (OUT / f"{page}.report.json").is_file()
        report = json.loads((OUT / f"{page}.report.json").read_text(encoding="utf-8"))
        assert report["configSettings"]["formFactor"] == "mobile"
        assert report["configSettings"]["throttlingMethod"] == "simulate"
        assert report["lighthouseVersion"] == "12.2.3"
        assert (OUT / f"{page}.jpg").read_bytes()[:2] == b"\xff\xd8"  # the page as Lighthouse saw it
