#!/usr/bin/env python3
"""`make admin-serve`: the web editor on this computer, writing into content/.

Starts Decap CMS's local proxy (decap-server, from admin/node_modules, on
127.0.0.1 only) on the repository that holds the content folder, builds the
site with the editor in ``<output>/admin/`` (backend: that proxy), serves it on
http://HOST:PORT/ and rebuilds after every save, as ``make devserver`` does:
open http://HOST:PORT/admin/, write, save, publish, and the site page shows the
article after the rebuild. Site pages reload themselves after a rebuild; the
editor's page does not (it would lose what is being typed).

    .venv/bin/python scripts/admin_serve.py content -o output -s pelicanconf.py --port 8000 --proxy-port 8081
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from devserver import Builder, Builds, Handler, build, rebuild_on_change  # noqa: E402

DECAP_SERVER = ROOT / "admin" / "node_modules" / "decap-server" / "dist" / "index.js"


class AdminHandler(Handler):
    """The devserver's handler; the editor's own files are served as they are."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript",
                      ".wasm": "application/wasm", ".yml": "text/yaml; charset=utf-8",
                      ".json": "application/json"}
    editor_prefix = "/admin/"

    def do_GET(self) -> None:  # noqa: N802
        if self.path.split("?", 1)[0].startswith(self.editor_prefix):
            return SimpleHTTPRequestHandler.do_GET(self)
        return super().do_GET()

    def end_headers(self) -> None:
        if self.path.startswith(self.editor_prefix):
            self.send_header("Cache-Control", "no-store")
        super().end_headers()


def wait_for_port(host: str, port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"admin-serve: decap-server stopped (exit {proc.returncode}); see the lines above")
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"admin-serve: decap-server did not answer on {host}:{port} within {seconds:.0f} s")


def _die_with_parent() -> None:
    """In the child, before exec: on Linux, get SIGTERM when admin-serve ends, however it ends."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_proxy(repo: Path, port: int) -> subprocess.Popen:
    """decap-server in filesystem mode on 127.0.0.1: it writes the files the editor saves."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            raise SystemExit(f"admin-serve：端口 {port} 已被占用，请换一个：make admin-serve ADMIN_PORT=8091") from None
    node = shutil.which("node")
    if node is None or not DECAP_SERVER.is_file():
        raise SystemExit("admin-serve：没有找到 Node.js 或 decap-server。请先运行 make admin-install")
    env = {**os.environ, "GIT_REPO_DIRECTORY": str(repo), "PORT": str(port), "BIND_HOST": "127.0.0.1",
           "MODE": "fs", "LOG_LEVEL": os.environ.get("ADMIN_LOG_LEVEL", "warn")}
    proc = subprocess.Popen([node, str(DECAP_SERVER)], env=env, cwd=repo, preexec_fn=_die_with_parent)
    wait_for_port("127.0.0.1", port, proc)
    return proc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", nargs="?", default="content")
    parser.add_argument("-o", "--output", default="output")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--proxy-port", type=int, default=8081, help="decap-server's port (127.0.0.1)")
    parser.add_argument("--cache", help="CACHE_PATH of the builds (default: from the settings)")
    args = parser.parse_args(argv)
    # `kill`/a test's terminate(): leave through the finally clauses, which stop decap-server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    content = Path(args.content).resolve()
    repo = content.parent  # the editor's paths are `content/<column>/…` relative to it
    backend = {"name": "proxy", "proxy_url": f"http://127.0.0.1:{args.proxy_port}/api/v1", "branch": "main"}
    site = {"backend": backend, "site_url": f"http://{args.host}:{args.port}/"}
    overrides = ["SITE_ADMIN_ENABLED=true", f"SITE_ADMIN={json.dumps(site)}"]
    if args.cache:
        overrides.append(f"CACHE_PATH={json.dumps(os.path.abspath(args.cache))}")
    command = [sys.executable, str(ROOT / "scripts/build.py"), str(content), "-o", args.output,
               "-s", args.settings, "-e", *overrides]
    env = {**os.environ, "SITE_SEARCH_INDEX": "0"}
    builder = Builder(command, env)  # forks now, before any thread starts
    builds = Builds()
    Path(args.output).mkdir(parents=True, exist_ok=True)
    handler = type("AdminDevHandler", (AdminHandler,), {"builds": builds})
    server = ThreadingHTTPServer((args.host, args.port), partial(handler, directory=str(Path(args.output).resolve())))
    server.daemon_threads = True
    proxy = start_proxy(repo, args.proxy_port)
    try:
        ok, output = build(builder)
        builds.publish(ok, output)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"admin-serve: 网站编辑 http://{args.host}:{args.port}/admin/ ，网站 http://{args.host}:{args.port}/"
              f"（保存后自动重建；Ctrl+C 退出）", flush=True)
        watched = [p for p in (str(content), str(ROOT / "theme"), str(ROOT / "plugins"), str(ROOT / "sitekit"),
                               str(ROOT / "archetypes"),
                               args.settings) if Path(p).exists()]
        try:
            rebuild_on_change(watched, builder, builds, debounce=200)  # a save writes several files
        finally:
            server.shutdown()
            builder.close()
    finally:
        proxy.terminate()
        try:
            proxy.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proxy.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
