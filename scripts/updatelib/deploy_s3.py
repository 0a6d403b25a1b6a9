"""Deploy to S3-compatible object storage (Aliyun OSS, Tencent COS, Huawei OBS, MinIO).

Only files whose bytes changed are uploaded: the local MD5 is compared with the
ETag of the object (the MD5 of a single-part upload). Uploads go in phases,
each finished before the next starts, so a reader never meets a page whose
assets are missing and an interrupted deploy deletes nothing:

1. assets (new and changed: CSS, JS, images, attachments, search fragments),
2. pages (HTML, and the search index entry files that point at fragments),
3. feeds, sitemap and robots.txt,
4. deletions of what is no longer built.

Every object gets a ``Content-Type`` (``charset=utf-8`` for HTML, XML, CSS,
JS, JSON, SVG, text) and a ``Cache-Control`` by kind: ``html``, ``feed``,
``hashed`` (names with a content hash, e.g. search fragments) and ``asset``.
The members tree goes only to ``members_bucket``, and only after the bucket
is checked not to be readable by everyone (ACL and bucket policy).
"""

from __future__ import annotations

import base64
import fnmatch
import json
import mimetypes
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .manifest import Changes, Manifest, diff
from .targets import S3Target, TargetError, secret

HASHED = re.compile(r"[._-][0-9a-f]{7,}\.[A-Za-z_]+$")
TEXT_TYPES = ("text/", "application/xml", "application/json", "application/javascript",
              "application/rss+xml", "application/atom+xml", "image/svg+xml", "application/manifest+json")
TYPES = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css", ".js": "text/javascript",
    ".mjs": "text/javascript", ".json": "application/json", ".xml": "application/xml",
    ".txt": "text/plain", ".svg": "image/svg+xml", ".webmanifest": "application/manifest+json",
    ".ico": "image/x-icon", ".webp": "image/webp", ".woff2": "font/woff2",
    ".pf_fragment": "application/octet-stream", ".pf_index": "application/octet-stream",
    ".pf_meta": "application/octet-stream", ".pagefind": "application/octet-stream",
}
PUBLIC_GROUPS = ("http://acs.amazonaws.com/groups/global/AllUsers",
                 "http://acs.amazonaws.com/groups/global/AuthenticatedUsers")
PHASES = ("assets", "pages", "feeds")
Progress = Callable[[str, str], None]  # (phase, key) after each upload


class S3DeployError(RuntimeError):
    """The object store refused or failed; the message says what."""


def content_type(rel: str) -> str:
    name = rel.rsplit("/", 1)[-1].lower()
    if name.endswith(".rss.xml"):
        base = "application/rss+xml"
    elif name.endswith(".atom.xml"):
        base = "application/atom+xml"
    else:
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        base = TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return f"{base}; charset=utf-8" if base.startswith(TEXT_TYPES) else base


def kind_of(rel: str) -> str:
    """Cache kind: html, feed, hashed or asset."""
    name = rel.rsplit("/", 1)[-1]
    if name.endswith((".html", ".htm")):
        return "html"
    if name.endswith(".xml") or rel == "robots.txt":
        return "feed"
    if HASHED.search(name):
        return "hashed"
    if name.endswith(".json"):
        return "html"  # search index entry files: as short-lived as the pages
    return "asset"


def phase_of(rel: str) -> str:
    kind = kind_of(rel)
    if kind == "html":
        return "pages"
    if kind == "feed":
        return "feeds"
    return "assets"


@dataclass
class TreeResult:
    tree: str
    bucket: str
    uploaded: int
    changes: Changes
    seconds: float
    phases: dict[str, int]

    def to_json(self) -> dict[str, object]:
        return {"tree": self.tree, "bucket": self.bucket, "uploaded": self.uploaded,
                "seconds": round(self.seconds, 3), "phases": self.phases, **self.changes.to_json()}


def make_client(target: S3Target):  # noqa: ANN201 (botocore client)
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3", endpoint_url=target.endpoint, region_name=target.region,
        aws_access_key_id=secret(target.access_key_env, f"target {target.name}: access key"),
        aws_secret_access_key=secret(target.secret_key_env, f"target {target.name}: secret key"),
        config=Config(s3={"addressing_style": target.addressing}, signature_version="s3v4",
                      retries={"max_attempts": 4, "mode": "standard"}, connect_timeout=20,
                      read_timeout=60, max_pool_connections=max(10, target.workers * 2)))


def bucket_is_public(client, bucket: str) -> str | None:  # noqa: ANN001
    """Why ``bucket`` is readable by everyone, or None (ACL grants and bucket policy)."""
    acl = client.get_bucket_acl(Bucket=bucket)
    for grant in acl.get("Grants", []):
        if grant.get("Grantee", {}).get("URI") in PUBLIC_GROUPS:
            return f"its ACL grants {grant.get('Permission')} to {grant['Grantee']['URI'].rsplit('/', 1)[-1]}"
    try:
        policy = json.loads(client.get_bucket_policy(Bucket=bucket)["Policy"])
    except client.exceptions.ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NoSuchBucketPolicy", "NoSuchPolicy"):
            return None
        raise
    for statement in policy.get("Statement", []):
        principal = statement.get("Principal")
        everyone = principal == "*" or (isinstance(principal, dict) and "*" in str(principal.get("AWS")))
        if statement.get("Effect") == "Allow" and everyone:
            return "its bucket policy allows access to everyone (Principal \"*\")"
    return None


class Bucket:
    """One bucket (and key prefix) holding one tree."""

    def __init__(self, client, target: S3Target, bucket: str, prefix: str) -> None:  # noqa: ANN001
        self.client = client
        self.target = target
        self.bucket = bucket
        self.prefix = f"{prefix}/" if prefix else ""

    def listing(self) -> Manifest:
        """``{relative path: etag}`` of the objects under the prefix (multipart ETags kept as is)."""
        found: Manifest = {}
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self.prefix):
            for obj in page.get("Contents", []):
                found[obj["Key"][len(self.prefix):]] = obj["ETag"].strip('"').lower()
        return found

    def put(self, local: Path, rel: str, md5: str) -> None:
        body = (local / rel).read_bytes()
        self.client.put_object(
            Bucket=self.bucket, Key=self.prefix + rel, Body=body, ContentType=content_type(rel),
            CacheControl=self.target.cache_control[kind_of(rel)],
            ContentMD5=base64.b64encode(bytes.fromhex(md5)).decode())

    def delete(self, rels: list[str]) -> None:
        for start in range(0, len(rels), 1000):
            chunk = rels[start:start + 1000]
            answer = self.client.delete_objects(
                Bucket=self.bucket, Delete={"Objects": [{"Key": self.prefix + r} for r in chunk], "Quiet": True})
            if answer.get("Errors"):
                first = answer["Errors"][0]
                raise S3DeployError(f"deleting {first.get('Key')}: {first.get('Message')}")

    def sync(self, tree: str, local: Path, manifest: Manifest, keep_remote: tuple[str, ...] = (),
             progress: Progress | None = None) -> TreeResult:
        started = time.monotonic()
        remote = self.listing()
        changes = diff(manifest, remote)
        changes.deleted = [r for r in changes.deleted
                           if not any(fnmatch.fnmatch(r, pattern) for pattern in keep_remote)]
        counts = {name: 0 for name in PHASES}
        upload = changes.upload
        with ThreadPoolExecutor(max_workers=self.target.workers) as pool:
            for phase in PHASES:
                batch = [r for r in upload if phase_of(r) == phase]

                def one(rel: str, phase: str = phase) -> None:
                    self.put(local, rel, manifest[rel])
                    if progress:
                        progress(phase, rel)

                futures = [pool.submit(one, rel) for rel in batch]
                try:
                    for future in futures:
                        future.result()  # the first failure stops the deploy before the next phase
                except BaseException:
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
                counts[phase] = len(batch)
        if changes.deleted:
            self.delete(changes.deleted)
        counts["deleted"] = len(changes.deleted)
        return TreeResult(tree, self.bucket, len(upload), changes, time.monotonic() - started, counts)


def deploy(target: S3Target, trees: dict[str, tuple[Path, Manifest]], progress: Progress | None = None,
           client=None) -> list[TreeResult]:  # noqa: ANN001
    """Deploy the public tree to ``bucket``; the members tree to ``members_bucket`` if private."""
    client = client or make_client(target)
    plan: list[tuple[str, Path, Manifest, Bucket]] = []
    for tree, (local, manifest) in trees.items():
        if tree == "public":
            plan.append((tree, local, manifest, Bucket(client, target, target.bucket, target.prefix)))
        elif target.members_bucket:
            why = bucket_is_public(client, target.members_bucket)
            if why:
                raise TargetError(
                    f"target {target.name}: refusing to upload the members tree to bucket "
                    f"{target.members_bucket!r}: {why}. Fix: make the bucket private (no public ACL, "
                    "no policy for everyone) or remove members_bucket from deploy/targets.yml")
            plan.append((tree, local, manifest,
                         Bucket(client, target, target.members_bucket, target.members_prefix)))
    results = []
    for tree, local, manifest, bucket in plan:
        results.append(bucket.sync(tree, local, manifest, target.keep_remote, progress))
    return results
