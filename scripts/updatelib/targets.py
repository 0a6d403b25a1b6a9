"""Deploy targets: ``deploy/targets.yml``, validated into typed settings.

Secrets never live in the file: it names the environment variables holding
them (``*_env`` keys). Other string values may use ``${VAR}`` to read the
environment (e.g. an endpoint that differs per machine). Errors name the file,
the target, the key and the fix.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

KINDS = ("server", "s3")
SECRET_WORDS = ("password", "secret", "token", "private_key", "access_key")
VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
DEFAULT_CACHE_CONTROL = {
    "html": "public, max-age=300",
    "feed": "public, max-age=600",
    "hashed": "public, max-age=31536000, immutable",
    "asset": "public, max-age=3600",
}

COMMON_KEYS = {"kind", "staging", "allow_missing_filing", "site_url", "purge_command", "purge_batch",
               "public_url", "leak_check_args"}
SERVER_KEYS = COMMON_KEYS | {"host", "user", "port", "path", "members_path", "keep", "ssh_key_env",
                             "ssh_key_file_env", "known_hosts_env", "rsync_args"}
S3_KEYS = COMMON_KEYS | {"endpoint", "region", "bucket", "prefix", "access_key_env", "secret_key_env",
                         "addressing", "members_bucket", "members_prefix", "cache_control", "workers",
                         "keep_remote"}


class TargetError(ValueError):
    """deploy/targets.yml is wrong; the message says where and how to fix it."""


@dataclass(frozen=True)
class Target:
    """One deploy target, common part."""

    name: str
    kind: str
    staging: bool = False
    allow_missing_filing: bool = False
    site_url: str | None = None
    public_url: str | None = None
    purge_command: str | None = None
    purge_batch: int = 100
    leak_check_args: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServerTarget(Target):
    """rsync (over SSH when ``host`` is set) into release folders with a ``current`` symlink."""

    host: str | None = None
    user: str | None = None
    port: int = 22
    path: str = ""
    members_path: str | None = None
    keep: int = 5
    ssh_key_env: str | None = None
    ssh_key_file_env: str | None = None
    known_hosts_env: str | None = None
    rsync_args: tuple[str, ...] = ()


@dataclass(frozen=True)
class S3Target(Target):
    """An S3-compatible bucket (Aliyun OSS, Tencent COS, Huawei OBS, MinIO...)."""

    endpoint: str = ""
    region: str = "us-east-1"
    bucket: str = ""
    prefix: str = ""
    access_key_env: str = ""
    secret_key_env: str = ""
    addressing: str = "path"
    members_bucket: str | None = None
    members_prefix: str = ""
    cache_control: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CACHE_CONTROL))
    workers: int = 8
    keep_remote: tuple[str, ...] = ()  # glob patterns of objects never deleted (e.g. MP_verify_*.txt)


@dataclass(frozen=True)
class TargetFile:
    path: Path
    default: str | None
    targets: dict[str, dict[str, Any]]


def _expand(value: Any, fail: Any) -> Any:
    if isinstance(value, str):
        def sub(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in os.environ:
                raise fail(f"uses ${{{name}}} but the environment variable {name} is not set",
                           f"export {name}=... before the run (or put it in the service's environment file)")
            return os.environ[name]
        return VAR.sub(sub, value)
    if isinstance(value, list):
        return [_expand(v, fail) for v in value]
    if isinstance(value, dict):
        return {k: _expand(v, fail) for k, v in value.items()}
    return value


def read_file(path: Path) -> TargetFile:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise TargetError(f"{path}: cannot read ({exc.strerror}). Fix: create it from the example in "
                          "deploy/README.md") from exc
    except yaml.YAMLError as exc:
        raise TargetError(f"{path}: not valid YAML ({exc}). Fix: check indentation near that line") from exc
    if not isinstance(data, dict) or not isinstance(data.get("targets"), dict):
        raise TargetError(f"{path}: expected 'targets:' with one mapping per target. "
                          "Fix: see deploy/README.md for the layout")
    return TargetFile(path, data.get("default"), data["targets"])


def load_target(path: Path, name: str | None) -> Target:
    """The target ``name`` (or the file's ``default``), validated."""
    spec = read_file(path)
    name = name or spec.default
    if not name:
        raise TargetError(f"{path}: no target given and no 'default:'. Fix: run with TARGET=<name> "
                          f"(one of: {', '.join(spec.targets)})")
    if name not in spec.targets:
        raise TargetError(f"{path}: no target {name!r}. Fix: use one of: {', '.join(spec.targets)}")
    raw = spec.targets[name]

    def fail(problem: str, fix: str, key: str | None = None) -> TargetError:
        where = f"{path}: target {name!r}" + (f", key {key!r}" if key else "")
        return TargetError(f"{where}: {problem}. Fix: {fix}")

    if not isinstance(raw, dict):
        raise fail("must be a mapping", "indent its keys under the target name")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise fail(f"kind {kind!r} is unknown", f"use one of: {', '.join(KINDS)}", "kind")
    allowed = SERVER_KEYS if kind == "server" else S3_KEYS
    for key, value in raw.items():
        if key not in allowed:
            lowered = str(key).lower()
            if any(word in lowered for word in SECRET_WORDS) and not lowered.endswith("_env"):
                raise fail("secrets must not be written in this file (it is in git)",
                           f"put the value in an environment variable and name it with '{key}_env'", key)
            raise fail("unknown key", f"allowed keys: {', '.join(sorted(allowed))}", key)
    values = {k: _expand(v, lambda p, f, k=k: fail(p, f, k)) for k, v in raw.items() if k != "kind"}
    staging = bool(values.get("staging", False))
    if values.get("allow_missing_filing") and not staging:
        raise fail("allow_missing_filing is only for staging targets",
                   "add 'staging: true' if this target is not the public site; a mainland production "
                   "site must show its ICP filing number", "allow_missing_filing")
    for key in ("leak_check_args", "rsync_args", "keep_remote"):
        if key in values:
            if not isinstance(values[key], list) or not all(isinstance(v, str) for v in values[key]):
                raise fail("must be a list of strings", f"write {key}: [\"--flag\"]", key)
            values[key] = tuple(values[key])
    if kind == "server":
        return _server(name, values, fail)
    return _s3(name, values, fail)


def _under(inner: str, outer: str) -> bool:
    a, b = PurePosixPath(os.path.normpath(inner)), PurePosixPath(os.path.normpath(outer))
    return a == b or b in a.parents


def _server(name: str, values: dict[str, Any], fail: Any) -> ServerTarget:
    path = values.get("path")
    if not isinstance(path, str) or not path.startswith("/"):
        raise fail("missing or not an absolute path", "write path: /var/www/scgxhq/site", "path")
    members = values.get("members_path")
    if members is not None:
        if not isinstance(members, str) or not members.startswith("/"):
            raise fail("not an absolute path", "write members_path: /var/www/scgxhq/members", "members_path")
        if _under(members, path) or _under(path, members):
            raise fail(f"{members} and {path} overlap: the members tree would be served publicly",
                       "give the members tree its own folder outside the public one, e.g. "
                       "/var/www/scgxhq/members beside /var/www/scgxhq/site", "members_path")
    keep = values.get("keep", 5)
    if not isinstance(keep, int) or keep < 2:
        raise fail(f"keep must be a whole number >= 2, got {keep!r}", "write keep: 5", "keep")
    values["keep"] = keep
    values["port"] = int(values.get("port", 22))
    return ServerTarget(name=name, kind="server", **values)


def _s3(name: str, values: dict[str, Any], fail: Any) -> S3Target:
    for key in ("endpoint", "bucket", "access_key_env", "secret_key_env"):
        if not isinstance(values.get(key), str) or not values[key]:
            raise fail("missing", f"add '{key}: ...' (see deploy/README.md, object storage)", key)
    if values.get("members_bucket") is not None and values["members_bucket"] == values["bucket"]:
        raise fail("the members tree would go into the public bucket",
                   "use a separate private bucket for members_bucket, or remove the key "
                   "(the members area is then served from the server target)", "members_bucket")
    if values.get("addressing", "path") not in ("path", "virtual"):
        raise fail("must be path or virtual", "write addressing: path (MinIO) or virtual (OSS, COS)",
                   "addressing")
    cache = dict(DEFAULT_CACHE_CONTROL)
    given = values.get("cache_control") or {}
    if not isinstance(given, dict) or any(k not in DEFAULT_CACHE_CONTROL for k in given):
        raise fail("unknown kind", f"use kinds: {', '.join(DEFAULT_CACHE_CONTROL)}", "cache_control")
    cache.update(given)
    values["cache_control"] = cache
    values["prefix"] = (values.get("prefix") or "").strip("/")
    values["members_prefix"] = (values.get("members_prefix") or "").strip("/")
    return S3Target(name=name, kind="s3", **values)


def secret(name: str | None, what: str) -> str | None:
    """Read a secret from the environment variable ``name``."""
    if not name:
        return None
    value = os.environ.get(name)
    if not value:
        raise TargetError(f"{what}: the environment variable {name} is empty or not set. "
                          f"Fix: export {name}=... (never write the secret into deploy/targets.yml)")
    return value
