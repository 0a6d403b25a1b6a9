#!/usr/bin/env python3
"""Build the site with Pelican, or do nothing when nothing changed (like make).

Usage: the same arguments as ``pelican``, e.g.
``scripts/build.py content -o output -s pelicanconf.py``, plus ``--lang en``
for English problem messages. Content problems are printed once, one line each,
as ``make check`` prints them (the same check runs first); a traceback only
with ``-D``/``--debug``.

Before running Pelican it compares a record of the last successful build with
what is there now: every file of the content folder, the theme and the local
plugins (path, size, mtime), the settings and the environment variables they
read, Pelican's version, the installed packages and their versions (Markdown,
Pelican…), and every file of the output folder. When all are the same, and no
scheduled item's time has come since, the output is already what a build
would write, so it stops at once. Anything different (or ``BUILD_FORCE=1``)
runs the normal build, which is itself incremental (render cache, page keys),
with the content check in a forked process beside it: the build waits for the
check before it writes anything and stops on its errors.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any, Iterable

from sitekit.treestats import EarlyDigest, tree_digest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
#: The content folder given first on the command line, walked by a forked
#: child while Pelican is imported and the settings read (input_digest).
EARLY_DIGEST = EarlyDigest(sys.argv[1] if __name__ == "__main__" and sys.argv[1:2]
                           and not sys.argv[1].startswith("-") else "")

import pelican  # noqa: E402
from pelican import get_config, get_instance, parse_arguments  # noqa: E402
from pelican import LOG_HANDLERS  # noqa: E402
from pelican.log import init as init_logging  # noqa: E402
from pelican.settings import read_settings  # noqa: E402

from check_content import display_prefix, print_report  # noqa: E402
from content_check import Report  # noqa: E402
from content_check.background import BackgroundCheck  # noqa: E402
from incremental_writer.fingerprint import _feed  # noqa: E402
from sitekit import CODE_DIR as SITEKIT_DIR, installed_distributions  # noqa: E402
from sitekit.dates import site_now  # noqa: E402
from site_content.problems import ContentError  # noqa: E402
from site_search import DEFER_ENV, SearchIndexError, run_job  # noqa: E402

RECORD_FILE = "build-inputs-{output}.json"  # one per output folder
SEARCH_JOB_FILE = "search-job-{output}.json"  # site_search's deferred job
FINISH_OPTION = "--finish-search"
#: Environment variables the settings files and plugins read.
ENV_INPUTS = ("SITE_SEARCH_INDEX", "SITEURL", "MEMBERS_PUBLISH")
#: Garbage-collector thresholds for a build. A build keeps millions of objects
#: alive (articles, metadata, snapshots) and frees little; with Python's
#: defaults the collector walks all of them again and again, about a third of a
#: one-article rebuild at 20,000 articles. Cycles are still collected.
GC_THRESHOLDS = (100_000, 50, 100)
#: Loggers whose one-line summaries every build prints (Pelican shows warnings only):
#: rendering paths, pages rendered and skipped, search shards re-indexed.
SUMMARY_LOGGERS = ("site_content.reader", "incremental_writer", "site_search")


def installed_packages() -> str:
    """The installed distributions with their versions: an upgrade of Markdown
    or of an extension changes the output."""
    return "|".join(installed_distributions())


def input_digest(settings: dict[str, Any], config_files: Iterable[Path]) -> str:
    digest = hashlib.blake2b(f"{pelican.__version__}|{sys.version}|{installed_packages()}".encode(), digest_size=20)
    for name in ENV_INPUTS:
        digest.update(f"{name}={os.environ.get(name)}|".encode())
    for key in sorted(k for k in settings if k.isupper()):
        _feed(digest, (key, settings[key]), 2)
    for config in config_files:
        digest.update(config.read_bytes())
    for folder in [settings["PATH"], settings["THEME"], *settings.get("PLUGIN_PATHS", []), str(SITEKIT_DIR)]:
        digest.update(f"<{folder}>{EARLY_DIGEST.digest(folder)}".encode())
    return digest.hexdigest()


def output_digest(output_path: str) -> str:
    return tree_digest(output_path) if os.path.isdir(output_path) else ""


def split_own_options(argv: list[str]) -> tuple[list[str], str | None]:
    """``--lang en`` is this script's; the rest goes to Pelican."""
    rest, lang, index = [], None, 0
    while index < len(argv):
        if argv[index] == "--lang" and index + 1 < len(argv):
            lang, index = argv[index + 1], index + 2
        elif argv[index].startswith("--lang="):
            lang, index = argv[index].split("=", 1)[1], index + 1
        else:
            rest.append(argv[index])
            index += 1
    return rest, lang


def scheduled_due(last: dict[str, Any], settings: dict[str, Any]) -> bool:
    """Whether an item scheduled when the last build ran is due now."""
    due = last.get("next_scheduled")
    return bool(due) and site_now(settings).isoformat() >= due


def run_pelican(args: Any, check: BackgroundCheck, prefix: str, lang: str) -> int:
    """Pelican's own run (as ``pelican.main``) beside the content check; every
    problem printed once, as ``make check`` prints it."""
    init_logging(level=args.verbosity, fatal=args.fatal, name="pelican", handler=LOG_HANDLERS[args.log_handler],
                 logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level))
    debug = args.verbosity == logging.DEBUG
    try:
        with check:
            site, _ = get_instance(args)
            site.run()
    except ContentError as error:
        report = check.report()
        if not report.errors:  # found by the build alone: the same words, in the same form
            report = Report(problems=error.problems, files=report.files)
        print_report(report, prefix, lang, out=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - one readable line, the traceback on request
        if debug:
            raise
        print(f"构建失败：{type(error).__name__}: {error}\n（加 -D 重新运行可看到详细的出错位置）", file=sys.stderr)
        return 1
    report = check.report()
    if report.problems or report.notes:  # warnings and what is scheduled
        print_report(report, prefix, lang, out=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv, lang = split_own_options(sys.argv[1:] if argv is None else argv)
    if lang:
        os.environ["SITE_MESSAGES_LANG"] = lang
    args = parse_arguments(argv)
    config = Path(args.settings or "pelicanconf.py")
    settings = read_settings(str(config), override=get_config(args))
    config_files = sorted({config.resolve(), (config.parent / "pelicanconf.py").resolve()})
    tag = hashlib.blake2b(os.path.abspath(settings["OUTPUT_PATH"]).encode(), digest_size=4).hexdigest()
    record = Path(settings["CACHE_PATH"]) / RECORD_FILE.format(output=tag)
    inputs = input_digest(settings, [p for p in config_files if p.exists()])
    try:
        last = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        last = {}
    if (
        os.environ.get("BUILD_FORCE") != "1"
        and last.get("inputs") == inputs
        and last.get("output") == output_digest(settings["OUTPUT_PATH"])
        and not scheduled_due(last, settings)
    ):
        print(f"Nothing changed since the last build: {settings['OUTPUT_PATH']} is up to date.")
        return 0
    record.unlink(missing_ok=True)
    job = Path(settings["CACHE_PATH"]) / SEARCH_JOB_FILE.format(output=tag)
    job.unlink(missing_ok=True)
    os.environ[DEFER_ENV] = str(job)
    check = BackgroundCheck(settings)  # checks on the other core while Pelican reads
    gc.set_threshold(*GC_THRESHOLDS)
    for name in SUMMARY_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO)
    code = run_pelican(args, check, display_prefix(settings["PATH"]), os.environ.get("SITE_MESSAGES_LANG", "zh"))
    if code:
        return code
    record.parent.mkdir(parents=True, exist_ok=True)
    next_scheduled = check.report().next_scheduled
    done = {"inputs": inputs, "output_path": settings["OUTPUT_PATH"],
            "next_scheduled": next_scheduled.isoformat() if next_scheduled else None}
    if job.exists():  # the search index, by a fresh small process: this one's memory is given back first
        job.write_text(json.dumps({**json.loads(job.read_text(encoding="utf-8")), "record": str(record),
                                   "done": done}), encoding="utf-8")
        flush_output()
        os.execv(sys.executable, [sys.executable, os.path.abspath(__file__), FINISH_OPTION, str(job)])
    write_record(record, done)
    return 0


def write_record(record: Path, done: dict[str, Any]) -> None:
    """What a later build compares with: inputs, output (as now, search index included), next scheduled time."""
    record.write_text(json.dumps({"inputs": done["inputs"], "output": output_digest(done["output_path"]),
                                  "next_scheduled": done["next_scheduled"]}), encoding="utf-8")


def finish_search(job_path: str) -> int:
    """Second half of a build with search on: index, then record the build."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    Path(job_path).unlink()
    try:
        run_job(job)
    except SearchIndexError as error:
        print(f"构建失败：搜索索引未能生成：{error}", file=sys.stderr)
        return 1
    write_record(Path(job["record"]), job["done"])
    return 0


def exit_now(code: int) -> None:
    """Leave without the interpreter's teardown: freeing the tens of thousands
    of content objects one by one takes about a second at 20,000 articles, and
    every file has been written and closed by now."""
    flush_output()
    os._exit(code)


def flush_output() -> None:
    """Write out what logging and print hold before the process is replaced or left."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()


if __name__ == "__main__":
    if sys.argv[1:2] == [FINISH_OPTION]:
        exit_now(finish_search(sys.argv[2]))
    exit_now(main())
