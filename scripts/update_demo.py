#!/usr/bin/env python3
"""``make update-demo``: run ``make update`` end to end on this machine, nothing outside it.

Starts fixture member sites (4 members, 2 sources each; member m003's campus
source has ``review: true``) and an S3 server (moto) on 127.0.0.1, makes a
scratch project in ``cache/demo/site`` (a git repository with this checkout's
content and settings; code linked), points its members.yml at the fixture
sites, and runs ``make update TARGET=local-s3`` there three times: the first
imports and deploys everything, the second after two new items appear, the
third with nothing new (no commit, no upload). Your own checkout is not changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "plugins"))

from updatelib.localsites import MemberSites, S3Server, make_project  # noqa: E402


def main() -> int:
    demo = ROOT / "cache" / "demo"
    if demo.exists():
        shutil.rmtree(demo)
    sites = MemberSites(4, per_page=3, review=(3,))
    s3 = S3Server()
    try:
        client = s3.client()
        client.create_bucket(Bucket="scgxhq-demo", ACL="public-read")
        client.create_bucket(Bucket="scgxhq-demo-members")
        project = make_project(demo / "site", members=sites.registry())
        env = {**os.environ, "DEMO_S3_ENDPOINT": s3.endpoint, "DEMO_S3_KEY": "demo", "DEMO_S3_SECRET": "demo",
               "FETCH_ARGS": "--delay 0"}
        print(f"member sites: {', '.join(u[0] for u in sites.urls)}\nS3 server: {s3.endpoint}\n"
              f"project: {project}\n")
        for title in ("first run", "two new items", "nothing new"):
            if title == "two new items":
                sites.publish(0)
                sites.publish(3)
            print(f"=== make update TARGET=local-s3 ({title})", flush=True)
            proc = subprocess.run(["make", "--no-print-directory", "-C", str(project), "update",
                                   "TARGET=local-s3"], env=env)
            if proc.returncode != 0:
                print(f"make update failed with exit status {proc.returncode}")
                return proc.returncode
        public = sum(1 for _ in client.get_paginator("list_objects_v2").paginate(Bucket="scgxhq-demo")
                     for _ in _.get("Contents", []))
        print(f"\nbucket scgxhq-demo holds {public} objects; the site: {s3.endpoint}/scgxhq-demo/index.html "
              "(while this runs)\n"
              f"git log: git -C {project} log --stat -3\nreports: {project / 'reports'}\n"
              f"review queue: (cd {project} && make review)")
    finally:
        s3.stop()
        sites.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
