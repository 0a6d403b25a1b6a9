#!/usr/bin/env python3
"""`make devserver`: live preview that rebuilds on save and reloads the open tab.

It builds once (``scripts/build.py``, incremental, content check first), then
serves the output folder on http://HOST:PORT and watches ``content/``, the
theme, the plugins, the archetypes and the settings (inotify, via watchfiles).
After a save it rebuilds and every open page reloads itself: pages served here
get a small script that listens on ``/__devserver/events`` (server-sent
events). When the build stops on a content problem the lines are printed here
and shown on the open page instead; the page reloads once they are fixed.
Search indexing is skipped on these builds unless ``--search`` (``SEARCH=1``).

    .venv/bin/python scripts/devserver.py -s pelicanconf.py --port 8000
"""

from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing
import os
import runpy
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import watchfiles

ROOT = Path(__file__).resolve().parent.parent
EVENTS = "/__devserver/events"
SCRIPT = "/__devserver/reload.js"
RELOAD_JS = """(function () {
  var source = new EventSource("%s");
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("problems", function (event) {
    var box = document.getElementById("devserver-problems") || document.createElement("pre");
    box.id = "devserver-problems";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;margin:0;" +
      "padding:1em;background:#fff3f3;color:#900;border-top:3px solid #c00;font:14px/1.5 monospace;" +
      "white-space:pre-wrap;z-index:99999";
    box.textContent = "构建停止，请改正：\\n" + JSON.parse(event.data);
    document.body.appendChild(box);
  });
})();
""" % EVENTS


class Builds:
    """The number of the last good build, the last problems, and who waits for news."""

    def __init__(self) -> None:
        self.generation = 0
        self.problems = ""
        self.changed = threading.Condition()

    def publish(self, ok: bool, output: str) -> None:
        with self.changed:
            if ok:
                self.generation += 1
                self.problems = ""
            else:
                self.problems = output.strip() or "构建失败"
            self.changed.notify_all()


class Handler(SimpleHTTPRequestHandler):
    """Serves the output folder; HTML gets the reload script; events on EVENTS."""

    builds: Builds

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        return

    def do_GET(self) -> None:  # noqa: N802
        if self.path == SCRIPT:
            return self._send(RELOAD_JS.encode(), "application/javascript; charset=utf-8")
        if self.path == EVENTS:
            return self._events()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            page = path.read_bytes().replace(b"</body>", f'<script src="{SCRIPT}"></script></body>'.encode(), 1)
            return self._send(page, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, data: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        builds = self.builds
        seen, shown = builds.generation, ""
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while True:
                with builds.changed:
                    builds.changed.wait(timeout=15)
                    generation, problems = builds.generation, builds.problems
                if generation != seen:
                    seen, shown = generation, ""
                    self.wfile.write(b"event: reload\ndata: 1\n\n")
                elif problems and problems != shown:
                    shown = problems
                    self.wfile.write(f"event: problems\ndata: {json.dumps(problems)}\n\n".encode())
                else:
                    self.wfile.write(b": ping\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


class Builder:
    """Runs ``scripts/build.py`` in a fresh process per build, without paying for
    Python and Pelican's start-up each time: a helper process forked at start
    (before any thread) imports the third-party packages once, then forks a
    child per build, which imports the project's own code fresh and builds.
    Where ``fork`` is missing, each build is a plain subprocess."""

    PRELOAD = ("pelican", "pelican.generators", "pelican.readers", "pelican.writers", "markdown", "jinja2",
               "feedgen.feed", "yaml", "sqlite3", "PIL.Image", "watchfiles")

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.command, self.env = command, env
        self._conn = None
        if hasattr(os, "fork"):
            ours, theirs = multiprocessing.Pipe()
            pid = os.fork()
            if pid == 0:
                ours.close()
                self._serve(theirs)
                os._exit(0)
            theirs.close()
            self._conn, self._pid = ours, pid

    def _serve(self, conn) -> None:  # noqa: ANN001 - in the helper process
        for name in self.PRELOAD:
            importlib.import_module(name)
        while True:
            try:
                if conn.recv() is None:
                    return
            except EOFError:
                return
            conn.send(self._fork_build())

    def _fork_build(self) -> tuple[int, str, str]:
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            pid = os.fork()
            if pid == 0:  # the build: fresh project code, as `python scripts/build.py …` would run it
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                os.environ.clear()
                os.environ.update(self.env)
                os.chdir(ROOT)
                sys.argv = self.command[1:]
                sys.path.insert(0, str(ROOT / "scripts"))
                try:
                    runpy.run_path(self.command[1], run_name="__main__")
                except SystemExit as stop:
                    os._exit(stop.code if isinstance(stop.code, int) else 1)
                except BaseException:  # noqa: BLE001 - reported like a crashed subprocess
                    import traceback

                    traceback.print_exc()
                    sys.stderr.flush()
                    os._exit(1)
                os._exit(0)
            _, status = os.waitpid(pid, 0)
            out.seek(0)
            err.seek(0)
            return (os.waitstatus_to_exitcode(status), out.read().decode("utf-8", "replace"),
                    err.read().decode("utf-8", "replace"))

    def run(self) -> tuple[int, str, str]:
        if self._conn is None:
            done = subprocess.run(self.command, env=self.env, capture_output=True, text=True, cwd=ROOT)
            return done.returncode, done.stdout, done.stderr
        self._conn.send("build")
        return self._conn.recv()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.send(None)
            os.waitpid(self._pid, 0)
            self._conn = None


def build(builder: Builder) -> tuple[bool, str]:
    """Run one build; its problem lines go to this terminal as they are."""
    started = time.perf_counter()
    code, out, err = builder.run()
    sys.stdout.write(out)
    sys.stderr.write(err)
    print(f"devserver: {'已更新' if code == 0 else '构建停止'}（{time.perf_counter() - started:.1f} 秒）", flush=True)
    return code == 0, err


def rebuild_on_change(paths: list[str], builder: Builder, builds: Builds, debounce: int = 50) -> None:
    """Rebuild after every change under ``paths`` (until Ctrl+C) and tell the open pages."""
    for _ in watchfiles.watch(*paths, debounce=debounce, step=20, raise_interrupt=False,
                              watch_filter=lambda change, path: "__pycache__" not in path):
        ok, output = build(builder)
        builds.publish(ok, output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("content", nargs="?", default="content")
    parser.add_argument("-o", "--output", default="output")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--search", action="store_true", help="index search on every rebuild (slower)")
    parser.add_argument("--lang", default=None, help="zh or en problem messages")
    parser.add_argument("--cache", help="CACHE_PATH of the builds (default: from the settings)")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if not args.search:
        env["SITE_SEARCH_INDEX"] = "0"
    command = [sys.executable, str(ROOT / "scripts/build.py"), args.content, "-o", args.output, "-s", args.settings]
    if args.lang:
        command += ["--lang", args.lang]
    if args.cache:
        command += ["-e", f'CACHE_PATH="{os.path.abspath(args.cache)}"']
    builder = Builder(command, env)  # forks now, before any thread starts
    builds = Builds()
    ok, output = build(builder)
    builds.publish(ok, output)
    Path(args.output).mkdir(parents=True, exist_ok=True)
    handler = type("DevHandler", (Handler,), {"builds": builds})
    server = ThreadingHTTPServer((args.host, args.port), partial(handler, directory=str(Path(args.output).resolve())))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"devserver: http://{args.host}:{args.port}/ （保存文件后自动重建并刷新页面；Ctrl+C 退出）", flush=True)
    watched = [p for p in (args.content, "theme", "plugins", "sitekit", "archetypes", args.settings, "pelicanconf.py")
               if Path(p).exists()]
    try:
        rebuild_on_change(watched, builder, builds)
    finally:
        server.shutdown()
        builder.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
