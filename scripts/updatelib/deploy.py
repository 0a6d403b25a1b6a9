"""The deploy step and ``make rollback``: dispatch to the server or object-storage target."""

from __future__ import annotations

from pathlib import Path

from . import deploy_s3, deploy_server, gitops
from .context import Context, StepFailed
from .manifest import Manifest, build_manifest
from .purge import changed_urls, run_purge
from .targets import S3Target, ServerTarget, Target, TargetError


def trees(ctx: Context) -> dict[str, tuple[Path, Manifest]]:
    """The built trees with their manifests (hashes cached in cache/update/)."""
    found = {}
    for tree, folder in (("public", ctx.options.output), ("members", ctx.options.members_output)):
        local = ctx.path(folder)
        if not local.is_dir():
            raise StepFailed(f"{local} does not exist: the build step must run first")
        cache = ctx.path(f"cache/update/hashes-{tree}.json")
        found[tree] = (local, build_manifest(local, cache))
    return found


def release_id(ctx: Context) -> str:
    sha = gitops.head(ctx.root)[:7] if gitops.is_repo(ctx.root) else "nogit"
    return f"{ctx.log.run['id']}-{sha}"


def _describe(results: list[dict]) -> str:
    parts = []
    for r in results:
        name = "公开站点" if r["tree"] == "public" else "会员专区"
        if r["uploaded"] or r["deleted"]:
            parts.append(f"{name}上传 {r['uploaded']} 个、删除 {r['deleted']} 个文件")
        else:
            parts.append(f"{name}无变化")
    return "；".join(parts)


def step_deploy(ctx: Context) -> str:
    target = ctx.target
    assert target is not None
    built = trees(ctx)
    try:
        if isinstance(target, ServerTarget):
            done = deploy_server.deploy(target, built, release_id(ctx))
        elif isinstance(target, S3Target):
            done = deploy_s3.deploy(target, built, ctx.options.deploy_progress)
        else:  # pragma: no cover - load_target only makes these two
            raise StepFailed(f"unknown target kind {target.kind}")
    except (deploy_server.DeployError, deploy_s3.S3DeployError, TargetError) as exc:
        raise StepFailed(str(exc)) from exc
    except Exception as exc:  # botocore errors: no common base worth importing here
        if type(exc).__module__.startswith(("botocore", "boto3")):
            raise StepFailed(f"object storage: {exc}") from exc
        raise
    results = [r.to_json() for r in done]
    ctx.log.run["deploy"] = results
    ctx.log.run["changed"] = {r["tree"]: {"uploaded": r["uploaded"], "deleted": r["deleted"]} for r in results}
    deployed = {r["tree"] for r in results}
    if "members" not in deployed:
        ctx.notes.append(f"目标 {target.name} 没有配置会员专区的位置，会员专区未部署")
    public = next((r for r in done if r.tree == "public"), None)
    purged = _purge(target, public.changes.upload + public.changes.deleted if public else [])
    summary = _describe(results)
    return summary + (f"；已刷新 CDN {purged} 个网址" if purged else "")


def _purge(target: Target, paths: list[str]) -> int:
    """Run the target's CDN purge command for the public files that changed or went away."""
    if not target.purge_command or not paths:
        return 0
    urls = changed_urls(paths, target.public_url or target.site_url)
    try:
        return run_purge(target.purge_command, urls, target.purge_batch)
    except (OSError, RuntimeError) as exc:
        raise StepFailed(f"the files are deployed but the CDN purge failed: {exc}") from exc


def rollback(target: Target) -> list[str]:
    if isinstance(target, S3Target):
        raise TargetError(f"target {target.name} is object storage, which keeps no releases: to go back, "
                          "check out the earlier commit and run `make deploy TARGET=...` again")
    assert isinstance(target, ServerTarget)
    return deploy_server.rollback(target)
