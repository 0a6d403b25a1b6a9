"""Settings of the site_admin plugin: ``SITE_ADMIN_ENABLED`` and ``SITE_ADMIN``.

``SITE_ADMIN_ENABLED`` (default False) decides whether the web editor is written
into the output; ``make admin`` and ``make admin-serve`` turn it on for one build.
``SITE_ADMIN`` (a dict) overrides the defaults below; an unknown key, an unknown
backend or a backend without what it needs stops the build with a message that
names the plugin and the key.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sitekit.settings import members_area_build

ROOT = Path(__file__).resolve().parent.parent.parent
PREFIX = "site_admin:"

#: What each backend needs besides ``name`` (Decap CMS's own keys, passed through).
BACKENDS: dict[str, tuple[str, ...]] = {
    "proxy": ("proxy_url",),
    "github": ("repo",),
    "gitlab": ("repo",),
    "gitea": ("repo", "base_url", "api_root", "app_id"),
    "forgejo": ("repo", "base_url", "api_root", "app_id"),
}
#: The local proxy (`make admin-serve`, decap-server on 127.0.0.1).
LOCAL_PROXY = {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1", "branch": "main"}


class AdminSettingsError(ValueError):
    """A bad ``SITE_ADMIN`` setting (the message names the key and the fix)."""


@dataclass(frozen=True)
class AdminSettings:
    """``SITE_ADMIN`` overrides these."""

    #: Output folder of the editor: ``/admin/``.
    path: str = "admin"
    #: Decap CMS backend: ``proxy`` (local), ``github``, ``gitlab``, ``gitea`` or ``forgejo``,
    #: with Decap's keys (``repo``, ``branch``, ``base_url``, ``api_root``, ``app_id``, ``auth_type``…).
    backend: dict[str, Any] = field(default_factory=lambda: dict(LOCAL_PROXY))
    #: Interface language (Decap CMS locale).
    locale: str = "zh_Hans"
    #: Where ``npm ci`` put the packages (``make admin-install``).
    node_modules: str = str(ROOT / "admin" / "node_modules")
    #: The site's address shown in the editor (default: SITEURL, else SITE_ORIGIN).
    site_url: str = ""

    @property
    def vendor(self) -> Path:
        return Path(self.node_modules)


def enabled(settings: dict[str, Any]) -> bool:
    """Whether this build writes the editor (never in the members-area build)."""
    if members_area_build(settings):
        return False
    return settings.get("SITE_ADMIN_ENABLED") is True


def check_backend_for_site(options: AdminSettings, settings: dict[str, Any]) -> None:
    """The local proxy in a build for a public address would send every editor's
    browser to its own computer: refuse it."""
    site = str(settings.get("SITEURL") or "")
    local = not site or "//127.0.0.1" in site or "//localhost" in site
    if options.backend.get("name") == "proxy" and not local:
        raise AdminSettingsError(f"{PREFIX} SITE_ADMIN['backend'] is the local proxy, but this build is for {site}: "
                                 "set a git host backend in SITE_ADMIN (deploy/README.md, 'Web editor')")


def load(settings: dict[str, Any]) -> AdminSettings:
    """Defaults overridden by ``SITE_ADMIN``; problems raise AdminSettingsError."""
    given = settings.get("SITE_ADMIN") or {}
    if not isinstance(given, dict):
        raise AdminSettingsError(f"{PREFIX} SITE_ADMIN must be a dict, got {type(given).__name__}")
    known = {f.name for f in fields(AdminSettings)}
    unknown = sorted(set(given) - known)
    if unknown:
        raise AdminSettingsError(f"{PREFIX} unknown key(s) in SITE_ADMIN: {unknown}; known: {', '.join(sorted(known))}")
    options = AdminSettings(**given)
    backend = options.backend
    name = backend.get("name") if isinstance(backend, dict) else None
    if name not in BACKENDS:
        raise AdminSettingsError(f"{PREFIX} SITE_ADMIN['backend']['name'] is {name!r}; use one of {', '.join(BACKENDS)}")
    missing = [key for key in BACKENDS[name] if not str(backend.get(key) or "").strip()]
    if missing:
        raise AdminSettingsError(f"{PREFIX} the {name} backend needs SITE_ADMIN['backend'][{missing[0]!r}] "
                                 "(see deploy/README.md, section 'Web editor')")
    if not options.path.strip("/") or ".." in options.path:
        raise AdminSettingsError(f"{PREFIX} SITE_ADMIN['path'] {options.path!r} must be a folder name such as 'admin'")
    return options
