"""A mainland production site must show its ICP filing number and contact details.

The settings are read the way the build reads them (``publishconf.py`` in a
fresh process, so ``SITEURL`` and the like apply). A staging target may skip
the check only with ``staging: true`` and ``allow_missing_filing: true``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from .targets import Target

if TYPE_CHECKING:
    from .context import Context

READ_SETTINGS = (
    "import json; from pelican.settings import read_settings; "
    "s = read_settings('publishconf.py'); "
    "print(json.dumps({'ICP_NUMBER': s.get('ICP_NUMBER'), 'CONTACT': s.get('CONTACT')}, ensure_ascii=False))"
)


def missing_filing(values: dict) -> list[str]:
    """What a production site lacks: 'ICP_NUMBER' and/or 'CONTACT'."""
    missing = []
    if not str(values.get("ICP_NUMBER") or "").strip():
        missing.append("ICP_NUMBER")
    contact = values.get("CONTACT") or {}
    if not any(str(contact.get(key) or "").strip() for key in ("phone", "email", "address")):
        missing.append("CONTACT")
    return missing


def check_filing(ctx: "Context", target: Target) -> str | None:
    """A problem message, or None when the target may be built and deployed."""
    if target.staging and target.allow_missing_filing:
        return None
    proc = ctx.run_command("preflight", [ctx.options.python, "-c", READ_SETTINGS],
                           env={"SITEURL": target.site_url} if target.site_url else None)
    if proc.returncode != 0:
        return f"cannot read publishconf.py: {proc.stderr.strip()[-500:]}"
    missing = missing_filing(json.loads(proc.stdout.strip().splitlines()[-1]))
    if not missing:
        return None
    parts = []
    if "ICP_NUMBER" in missing:
        parts.append("没有 ICP 备案号：请在 pelicanconf.py 中设置 ICP_NUMBER（例如 "
                     "ICP_NUMBER = \"蜀ICP备12345678号-1\"），大陆网站每页都必须显示备案号")
    if "CONTACT" in missing:
        parts.append("没有联系方式：请在 pelicanconf.py 的 CONTACT 中填写 phone、email 或 address")
    return ("production build refused — " + "；".join(parts)
            + f"。仅当 {target.name} 是测试站时，可在 deploy/targets.yml 中为它设置 "
              "staging: true 和 allow_missing_filing: true")
