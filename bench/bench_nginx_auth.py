#!/usr/bin/env python3
"""Measure what HTTP basic auth costs nginx at each bcrypt cost: `make bench-auth`.

For each cost it writes an htpasswd with one account, starts a real nginx
(Debian package) on 127.0.0.1 with the configuration `make nginx-conf`
generates (plain HTTP, one worker), and measures the worker's CPU time
(/proc/<pid>/stat) over:

* requests with the right password (a member reading pages),
* requests with wrong passwords at a rate limit_req lets through,
* a flood of wrong passwords from one client at the production limit
  (10 r/s, burst 20): how many reach bcrypt (401) and how many limit_req
  turns away before it (429), and the CPU that cost.

Prints a table: CPU per checked request, a page of 10 requests, requests per
second one core serves. deploy/README.md quotes the figures.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from base64 import b64encode
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import make_nginx_conf  # noqa: E402
import member_accounts  # noqa: E402

PASSWORD = "Bench-member-password-2024"
PAGE_REQUESTS = 10  # an article page with its CSS, JS, images, search bundle


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_pid(master: int) -> int:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.05)
    raise RuntimeError("nginx started no worker")


def start(workdir: Path, htpasswd: Path, rate: str, burst: int) -> tuple[subprocess.Popen, int]:
    (workdir / "public").mkdir(parents=True, exist_ok=True)
    (workdir / "members").mkdir(exist_ok=True)
    (workdir / "public/index.html").write_text("<p>public</p>")
    (workdir / "members/index.html").write_text("<p>members</p>" * 100)
    port = free_port()
    site = make_nginx_conf.NginxSite(
        server_name="localhost", public_root=str(workdir / "public"), members_root=str(workdir / "members"),
        htpasswd=str(htpasswd), cert=None, key=None, listen=f"127.0.0.1:{port}", http_listen=None,
        rate=rate, burst=burst)
    conf = workdir / "nginx.conf"
    user = "root" if os.geteuid() == 0 else None
    conf.write_text(make_nginx_conf.standalone(site, str(workdir), user=user).replace(
        "access_log " + str(workdir) + "/access.log;", "access_log off;"))
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    proc = subprocess.Popen([binary, "-p", str(workdir), "-c", str(conf)])
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return proc, port


def run(port: int, count: int, password: str, pause: float = 0.0) -> dict[int, int]:
    """``count`` GETs of the members area over one keep-alive connection; status counts."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    auth = "Basic " + b64encode(f"scu:{password}".encode()).decode()
    statuses: dict[int, int] = {}
    for n in range(count):
        conn.request("GET", "/members-area/", headers={"Authorization": auth if password else auth + str(n)})
        response = conn.getresponse()
        response.read()
        statuses[response.status] = statuses.get(response.status, 0) + 1
        if response.will_close:
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        if pause:
            time.sleep(pause)
    conn.close()
    return statuses


def measure(cost: int, requests: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        htpasswd = work / "members.htpasswd"
        member_accounts.write_accounts(htpasswd, {"scu": member_accounts.hash_password(PASSWORD, cost)})
        proc, port = start(work / "open", htpasswd, "100000r/s", 100000)
        try:
            worker = worker_pid(proc.pid)
            run(port, 3, PASSWORD)  # warm up
            before, clock = cpu_seconds(worker), time.perf_counter()
            assert run(port, requests, PASSWORD) == {200: requests}
            right_cpu, right_wall = cpu_seconds(worker) - before, time.perf_counter() - clock
            before = cpu_seconds(worker)
            wrong = run(port, requests, "")
            assert wrong == {401: requests}, wrong
            wrong_cpu = cpu_seconds(worker) - before
        finally:
            proc.send_signal(signal.SIGQUIT)
            proc.wait(timeout=10)
        proc, port = start(work / "limited", htpasswd, make_nginx_conf.DEFAULTS["rate"],
                           make_nginx_conf.DEFAULTS["burst"])
        try:
            worker = worker_pid(proc.pid)
            before, clock = cpu_seconds(worker), time.perf_counter()
            flood = run(port, 200, "")
            flood_cpu, flood_wall = cpu_seconds(worker) - before, time.perf_counter() - clock
        finally:
            proc.send_signal(signal.SIGQUIT)
            proc.wait(timeout=10)
    per_request = right_cpu / requests
    return {
        "cost": cost,
        "ms_per_request": per_request * 1000,
        "ms_per_page": per_request * PAGE_REQUESTS * 1000,
        "right_per_s": requests / right_wall,
        "wrong_ms": wrong_cpu / requests * 1000,
        "flood_401": flood.get(401, 0),
        "flood_429": flood.get(429, 0),
        "flood_cpu_ms": flood_cpu * 1000,
        "flood_s": flood_wall,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--costs", type=int, nargs="+", default=[4, 5, 6, 7, 8, 10])
    parser.add_argument("--requests", type=int, default=200, help="checked requests per measurement")
    args = parser.parse_args(argv)
    print(f"{'cost':>4} | {'CPU/request':>11} | {'CPU/page of 10':>14} | {'right pw req/s':>14} | "
          f"{'wrong pw CPU':>12} | flood of 200 wrong (10 r/s, burst 20)")
    for cost in args.costs:
        row = measure(cost, args.requests)
        print(f"{cost:>4} | {row['ms_per_request']:>8.2f} ms | {row['ms_per_page']:>11.1f} ms | "
              f"{row['right_per_s']:>14.0f} | {row['wrong_ms']:>9.2f} ms | "
              f"{row['flood_401']} reached bcrypt (401), {row['flood_429']} turned away (429), "
              f"{row['flood_cpu_ms']:.0f} ms CPU in {row['flood_s']:.1f} s")
    print(f"member_accounts.py default cost: {member_accounts.DEFAULT_COST}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
