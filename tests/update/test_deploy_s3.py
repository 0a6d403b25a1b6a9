"""Deploy to S3-compatible object storage: a real S3 API (moto_server) on 127.0.0.1."""

from __future__ import annotations

import hashlib
import itertools
import time
from pathlib import Path

import pytest

from updatelib.context import Options
from updatelib.manifest import build_manifest
from updatelib.pipeline import execute

from .conftest import add_target, commit_all, git, remove_published, update

_names = itertools.count()


@pytest.fixture
def s3site(project: Path, s3, tmp_path: Path, monkeypatch):
    """The project with an 's3' target: a public bucket and a private members bucket."""
    bucket = f"site-{next(_names)}-{time.time_ns() % 10**8}"
    client = s3.client()
    client.create_bucket(Bucket=bucket, ACL="public-read")
    client.create_bucket(Bucket=f"{bucket}-members")
    purge_log = tmp_path / "purged.txt"
    add_target(project, "s3", f"""kind: s3
endpoint: ${{TEST_S3_ENDPOINT}}
bucket: {bucket}
members_bucket: {bucket}-members
access_key_env: TEST_S3_KEY
secret_key_env: TEST_S3_SECRET
public_url: https://www.example.org
purge_command: "sh -c 'cat \\"$0\\" >> {purge_log}' {{urls_file}}"
""")
    env = {"TEST_S3_ENDPOINT": s3.endpoint, "TEST_S3_KEY": "test", "TEST_S3_SECRET": "test"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return project, client, bucket, env, purge_log


def listing(client, bucket: str) -> dict[str, tuple[str, object]]:
    found = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for obj in page.get("Contents", []):
            found[obj["Key"]] = (obj["ETag"].strip('"'), obj["LastModified"])
    return found


def local(project: Path, tree: str = "output") -> dict[str, str]:
    return {rel: md5 for rel, md5 in build_manifest(project / tree).items()}


def edit(project: Path, rel: str, text: str) -> None:
    path = project / "content" / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    commit_all(project, f"edit {rel}")


def test_deploys_only_changed_files_in_order_and_deletes_last(s3site):
    project, client, bucket, env, purge_log = s3site
    first = update(project, "--target", "s3", env=env, mode="deploy")
    assert first.status == 0, first.stdout + first.stderr
    assert {k: v[0] for k, v in listing(client, bucket).items()} == local(project)
    assert {k: v[0] for k, v in listing(client, f"{bucket}-members").items()} == local(project, "output-members")
    public = first.run["deploy"][0]
    assert public["uploaded"] == len(local(project)) and public["phases"]["pages"] > 0

    # Second deploy after editing one article: only the files whose bytes changed go up.
    before_local, before_remote = local(project), listing(client, bucket)
    before_members = local(project, "output-members")
    time.sleep(1.1)  # LastModified has a resolution of one second
    edit(project, "news/2022/ruziniu-awards.md", "\n补充：颁奖典礼现场照片将另行发布。\n")
    second = update(project, "--target", "s3", env=env, mode="deploy")
    assert second.status == 0, second.stdout
    after_local, after_remote = local(project), listing(client, bucket)
    expected = {k for k, md5 in after_local.items() if before_local.get(k) != md5}
    touched = {k for k, v in after_remote.items() if before_remote.get(k) != v}
    assert "news/2022/ruziniu-awards.html" in expected
    assert touched == expected and second.run["deploy"][0]["uploaded"] == len(expected)
    assert len(expected) < len(after_local) / 3, len(expected)
    print(f"one edited article: {len(expected)} of {len(after_local)} files uploaded")
    purged = purge_log.read_text(encoding="utf-8").split()
    assert "https://www.example.org/news/2022/ruziniu-awards.html" in purged
    assert "https://www.example.org/" in purged  # index.html also as its folder URL
    # The members tree holds no public article, but its search index is rebuilt (site_search).
    members_changed = {k for k, md5 in local(project, "output-members").items() if before_members.get(k) != md5}
    assert second.run["deploy"][1]["uploaded"] == len(members_changed)

    # Deleted article (published, so it needs a `gone` entry: its URL keeps a "本页已删除" page)
    # and a deleted image: the image disappears from the bucket, after everything else was uploaded.
    git(project, "rm", "-q", "content/news/2022/ruziniu-awards.md", "content/images/2022/food-safety-training.png")
    article = project / "content/news/2022/food-safety-remote-training.md"
    article.write_text("\n".join(line for line in article.read_text(encoding="utf-8").splitlines()
                                 if "food-safety-training.png" not in line) + "\n", encoding="utf-8")
    (project / "content/data/redirects.yml").write_text("/news/2022/ruziniu-awards.html: gone\n", encoding="utf-8")
    commit_all(project, "remove article and image")
    third = update(project, "--target", "s3", env=env, mode="deploy")
    assert third.status == 0 and third.run["deploy"][0]["deleted"] >= 1, third.stdout
    assert "images/2022/food-safety-training.png" not in listing(client, bucket)
    gone = client.get_object(Bucket=bucket, Key="news/2022/ruziniu-awards.html")["Body"].read().decode()
    assert "本页已删除" in gone
    assert {k: v[0] for k, v in listing(client, bucket).items()} == local(project)

    # Nothing new: nothing uploaded.
    fourth = update(project, "--target", "s3", env=env, mode="deploy")
    assert [r["uploaded"] for r in fourth.run["deploy"]] == [0, 0]


def test_uploads_go_assets_then_pages_then_feeds(s3site):
    project, client, bucket, env, _ = s3site
    order: list[tuple[str, str]] = []
    options = Options(root=project, mode="deploy", target="s3", deploy_progress=lambda p, k: order.append((p, k)))
    assert execute(options) == 0
    phases = [phase for phase, _ in order]
    ranks = {"assets": 0, "pages": 1, "feeds": 2}
    public = order[: len(local(project))]
    assert [ranks[p] for p, _ in public] == sorted(ranks[p] for p, _ in public)
    kinds = {key: phase for phase, key in public}
    assert kinds["index.html"] == "pages" and kinds["pagefind/pagefind-entry.json"] == "pages"
    assert kinds["feeds/all.atom.xml"] == "feeds" and kinds["sitemap.xml"] == "feeds"
    assert kinds["theme/css/site.css"] == "assets" and "feeds" in phases


def test_content_type_and_cache_control_by_kind(s3site):
    project, client, bucket, env, _ = s3site
    assert update(project, "--target", "s3", env=env, mode="deploy").status == 0
    fragment = next(k for k in listing(client, bucket) if k.endswith(".pf_fragment"))
    expected = {
        "index.html": ("text/html; charset=utf-8", "public, max-age=300"),
        "feeds/all.atom.xml": ("application/atom+xml; charset=utf-8", "public, max-age=600"),
        "feeds/all.rss.xml": ("application/rss+xml; charset=utf-8", "public, max-age=600"),
        "sitemap.xml": ("application/xml; charset=utf-8", "public, max-age=600"),
        "theme/css/site.css": ("text/css; charset=utf-8", "public, max-age=3600"),
        "theme/js/a11y.js": ("text/javascript; charset=utf-8", "public, max-age=3600"),
        "robots.txt": ("text/plain; charset=utf-8", "public, max-age=600"),
        fragment: ("application/octet-stream", "public, max-age=31536000, immutable"),
        "favicon.ico": ("image/x-icon", "public, max-age=3600"),
    }
    for key, (ctype, cache) in expected.items():
        head = client.head_object(Bucket=bucket, Key=key)
        assert (head["ContentType"], head["CacheControl"]) == (ctype, cache), key
    body = client.get_object(Bucket=bucket, Key="index.html")["Body"].read()
    assert hashlib.md5(body).hexdigest() == local(project)["index.html"]


def test_interrupted_upload_leaves_the_old_site_and_deletes_nothing(s3site):
    project, client, bucket, env, _ = s3site
    assert update(project, "--target", "s3", env=env, mode="deploy").status == 0
    old = listing(client, bucket)
    edit(project, "news/2022/ruziniu-awards.md", "\n更正：获奖名单以正式文件为准。\n")
    remove_published(project, "news/2022/correspondents-training.md")
    commit_all(project, "edit and delete")

    def stop(phase: str, key: str) -> None:
        raise KeyboardInterrupt  # Ctrl-C (or the machine going down) during the asset uploads

    assert execute(Options(root=project, mode="deploy", target="s3", deploy_progress=stop)) == 130
    now = listing(client, bucket)
    assert set(old) <= set(now)  # nothing deleted
    for key, (etag, _) in old.items():
        if key.endswith((".html", ".xml", ".json")):
            assert now[key][0] == etag, key  # every page, feed and index entry is still the old one
    assert "news/2022/correspondents-training.html" in now
    again = update(project, "--target", "s3", env=env, mode="deploy")
    assert again.status == 0, again.stdout
    assert {k: v[0] for k, v in listing(client, bucket).items()} == local(project)


def test_members_tree_is_never_uploaded_to_a_public_bucket(s3site):
    project, client, bucket, env, _ = s3site
    client.put_bucket_acl(Bucket=f"{bucket}-members", ACL="public-read")
    result = update(project, "--target", "s3", env=env, mode="deploy")
    assert result.status == 19
    assert "refusing to upload the members tree" in result.stdout and "AllUsers" in result.stdout
    assert listing(client, bucket) == {} and listing(client, f"{bucket}-members") == {}

    client.put_bucket_acl(Bucket=f"{bucket}-members", ACL="private")
    policy = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", '
              f'"Action": "s3:GetObject", "Resource": "arn:aws:s3:::{bucket}-members/*"}}]}}')
    client.put_bucket_policy(Bucket=f"{bucket}-members", Policy=policy)
    result = update(project, "--target", "s3", env=env, mode="deploy")
    assert result.status == 19 and "Principal" in result.stdout

    add_target(project, "same", f"""kind: s3
endpoint: ${{TEST_S3_ENDPOINT}}
bucket: {bucket}
members_bucket: {bucket}
access_key_env: TEST_S3_KEY
secret_key_env: TEST_S3_SECRET
""")
    result = update(project, "--target", "same", env=env, mode="deploy")
    assert result.status == 10 and "members tree would go into the public bucket" in result.stdout
    assert listing(client, bucket) == {}


def test_secrets_in_the_targets_file_are_refused(s3site):
    project, client, bucket, env, _ = s3site
    add_target(project, "leaky", f"""kind: s3
endpoint: http://127.0.0.1:9
bucket: {bucket}
access_key_env: TEST_S3_KEY
secret_key: hunter2
""")
    result = update(project, "--target", "leaky", env=env, mode="deploy")
    assert result.status == 10 and "secrets must not be written in this file" in result.stdout
    missing = update(project, "--target", "s3", env={**env, "TEST_S3_SECRET": ""}, mode="deploy")
    assert missing.status == 19 and "TEST_S3_SECRET is empty or not set" in missing.stdout
