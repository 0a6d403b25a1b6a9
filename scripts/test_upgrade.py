#!/usr/bin/env python3
"""Run the tests against another Pelican release, in a throwaway venv.

    make test-upgrade PELICAN=4.11.x                # newest 4.11 release: seam test, then the suite
    make test-upgrade PELICAN=4.13.0 UPGRADE_ARGS="--seam-only"
    .venv/bin/python scripts/test_upgrade.py 4.11.0.post0 -- -k feeds   # a subset of the suite

The venv lives in ``.cache/test-upgrade-<version>/`` (kept between runs, so a
second run installs nothing) with the pinned requirements (requirements.txt,
constraints.txt) except Pelican, and sitekit installed editable. A pin the
other Pelican's own requirements exclude (e.g. Pygments 2.19 for Pelican 4.11,
which needs <2.19) is replaced by that requirement, and the summary lists it. The seam test
(``sitekit/test_pelican_seam.py``: every private Pelican behaviour the plugins
rely on) runs first; then the suite. It ends with a summary of what broke,
seam assumptions first, and exits 1 when anything did.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
SEAM_TEST = "sitekit/test_pelican_seam.py"
PIP = ["--disable-pip-version-check", "-q"]


def pelican_requirements(version: str, work: Path) -> list[Requirement]:
    """What Pelican ``version`` itself requires (its wheel's metadata; extras left out)."""
    wheels = work / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "download", *PIP, "--no-deps", "-d", str(wheels),
                    f"pelican=={version}"], check=True)
    wheel = next(wheels.glob("pelican-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(name).decode("utf-8")
    found = []
    for line in metadata.splitlines():
        if line.startswith("Requires-Dist:"):
            requirement = Requirement(line.split(":", 1)[1].strip())
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                found.append(requirement)
    return found


def pinned_with(version: str, work: Path) -> tuple[Path, Path, list[str]]:
    """requirements.txt and constraints.txt with Pelican pinned to ``version``, and
    without the pins that this Pelican's own requirements exclude (listed as relaxed)."""
    pin = re.compile(r"^pelican\s*==.*$", re.MULTILINE | re.IGNORECASE)
    needs = {canonicalize_name(r.name): r for r in pelican_requirements(version, work)}
    relaxed: list[str] = []
    files = []
    for name in ("requirements.txt", "constraints.txt"):
        text = (ROOT / name).read_text(encoding="utf-8")
        if not pin.search(text):
            raise SystemExit(f"test-upgrade: {name} has no `pelican==` line to override")
        lines = []
        for line in pin.sub(f"pelican=={version}", text).splitlines():
            exact = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)", line)
            if exact:
                package = canonicalize_name(exact.group(1).split("[")[0])
                need = needs.get(package)
                if need is not None and package != "pelican" and not need.specifier.contains(exact.group(2)):
                    note = f"{exact.group(1)}=={exact.group(2)} (pelican {version} needs {need.specifier})"
                    if note not in relaxed:
                        relaxed.append(note)
                    line = f"{exact.group(1)}{need.specifier}"
            lines.append(line)
        target = work / name
        target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(target)
    return files[0], files[1], relaxed


def resolve(version: str) -> str:
    """``4.11.x`` → the newest 4.11 release on the package index (``pip index versions``)."""
    if not version.endswith(".x"):
        return version
    prefix = version[:-1]
    listing = subprocess.run([sys.executable, "-m", "pip", "index", "versions", "pelican", *PIP[:1]],
                             capture_output=True, text=True)
    line = next((l for l in listing.stdout.splitlines() if l.startswith("Available versions:")), "")
    found = [v.strip() for v in line.split(":", 1)[-1].split(",") if v.strip().startswith(prefix)]
    if not found:
        raise SystemExit(f"test-upgrade: no Pelican release matches {version} ({listing.stderr.strip()[-200:]})")
    return found[0]  # pip lists the newest first


def make_venv(version: str, fresh: bool) -> Path:
    venv = ROOT / ".cache" / f"test-upgrade-{version}"
    if fresh and venv.exists():
        shutil.rmtree(venv)
    python = venv / "bin" / "python"
    marker = venv / ".installed"
    if marker.exists():
        return python
    venv.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    requirements, constraints, relaxed = pinned_with(version, venv)
    (venv / "relaxed-pins.txt").write_text("".join(f"{r}\n" for r in relaxed), encoding="utf-8")
    for note in relaxed:
        print(f"test-upgrade: pin relaxed: {note}", flush=True)
    print(f"test-upgrade: installing the pinned requirements with pelican=={version} into {venv}", flush=True)
    install = subprocess.run([str(python), "-m", "pip", "install", *PIP, "-r", str(requirements),
                              "-c", str(constraints)])
    if install.returncode != 0:
        raise SystemExit(f"test-upgrade: pelican=={version} cannot be installed with the pinned requirements "
                         "(see pip's message above); nothing was tested")
    subprocess.run([str(python), "-m", "pip", "install", *PIP, "--no-deps", "--no-build-isolation", "-e", str(ROOT)],
                   check=True)
    marker.touch()
    return python


def temp_root(report: Path) -> Path:
    """Test folders outside the repository: under a hidden folder (``.cache/``) the
    content watchers and ``IGNORE_FILES = ["**/.*"]`` would skip every file."""
    root = Path(tempfile.gettempdir()) / f"{report.parent.parent.name}-pytest"
    root.mkdir(parents=True, exist_ok=True)
    return root


def run_pytest(python: Path, label: str, args: list[str], report: Path) -> list[tuple[str, str]]:
    """Run pytest; return (test id, first line of the failure) of each failure or error."""
    command = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}",
               f"--basetemp={temp_root(report) / label}", *args]
    print(f"\ntest-upgrade: {label}: {' '.join(command[1:])}", flush=True)
    subprocess.run(command, cwd=ROOT)
    if not report.exists():
        return [(label, "pytest wrote no report (collection or start-up failed; see above)")]
    broken = []
    for case in ET.parse(report).getroot().iter("testcase"):
        for outcome in ("failure", "error"):
            found = case.find(outcome)
            if found is not None:
                message = (found.get("message") or found.text or outcome).strip().splitlines()
                name = f"{case.get('classname', '')}::{case.get('name', '')}"
                broken.append((name, message[0][:300] if message else outcome))
    return broken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("version", help="the Pelican release to test, e.g. 4.11.0.post0, or 4.11.x for the newest 4.11")
    parser.add_argument("--seam-only", action="store_true", help="run only the seam test")
    parser.add_argument("--fresh", action="store_true", help="recreate the venv")
    parser.add_argument("pytest_args", nargs="*", help="after --: what to pass to the suite's pytest run")
    args = parser.parse_args(argv)
    args.version = resolve(args.version)
    python = make_venv(args.version, args.fresh)
    installed = subprocess.run([str(python), "-c", "import pelican; print(pelican.__version__)"],
                               capture_output=True, text=True, check=True).stdout.strip()
    reports = ROOT / ".cache" / f"test-upgrade-{args.version}" / "reports"
    shutil.rmtree(reports, ignore_errors=True)
    reports.mkdir(parents=True)
    seam = run_pytest(python, "seam", [SEAM_TEST], reports / "seam.xml")
    suite: list[tuple[str, str]] = []
    if not args.seam_only:
        suite = run_pytest(python, "suite", args.pytest_args, reports / "suite.xml")
        suite = [s for s in suite if not s[0].startswith("sitekit.test_pelican_seam")]

    print(f"\n===== test-upgrade summary: Pelican {installed} =====")
    relaxed_file = ROOT / ".cache" / f"test-upgrade-{args.version}" / "relaxed-pins.txt"
    relaxed = relaxed_file.read_text(encoding="utf-8").splitlines() if relaxed_file.exists() else []
    if relaxed:
        print("pins relaxed for this Pelican:")
        for line in relaxed:
            print(f"  - {line}")
    print(f"seam assumptions broken: {len(seam)}")
    for name, message in seam:
        print(f"  - {name}: {message}")
    if not args.seam_only:
        print(f"other tests failed: {len(suite)}")
        for name, message in suite:
            print(f"  - {name}: {message}")
    ok = not seam and not suite
    print("PASS: the site works with this Pelican release" if ok else "FAIL: see above (seam items first)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
