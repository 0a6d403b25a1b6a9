#!/usr/bin/env python3
"""Generate the nginx configuration that serves the site and its members area.

The public tree (``output/``) is served openly; the members tree
(``output-members/``) is served under ``/members-area/`` behind HTTP basic
authentication (one bcrypt account per member unit, in an htpasswd file kept
out of git, managed with ``scripts/member_accounts.py``), with ``limit_req``
against password guessing and ``Cache-Control: private, no-store``.

Two shapes:

* default: a site file for ``/etc/nginx/conf.d/`` (http context): HTTPS server
  with the certificate paths given, plus a port-80 server redirecting to HTTPS;
* ``--standalone``: a whole ``nginx.conf`` (``nginx -p PREFIX -c FILE``) with its
  pid, logs and temp folders under ``--prefix``; used by the tests, and handy for
  a local preview. ``--plain-http`` drops TLS (only for 127.0.0.1 tests).

    .venv/bin/python scripts/make_nginx_conf.py --server-name www.scgxhq.org.cn \\
        --cert /etc/ssl/scgxhq/fullchain.pem --key /etc/ssl/scgxhq/privkey.pem \\
        > /etc/nginx/conf.d/scgxhq.conf
"""

from __future__ import annotations

import argparse
import ipaddress
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REDIRECTS = ROOT / "content" / "data" / "redirects.yml"
DEFAULTS = {
    "server_name": "www.scgxhq.org.cn",
    "public_root": "/var/www/scgxhq/public",
    "members_root": "/var/www/scgxhq/members",
    "htpasswd": "/etc/nginx/scgxhq-members.htpasswd",
    "members_path": "members-area",
    "cert": "/etc/ssl/scgxhq/fullchain.pem",
    "key": "/etc/ssl/scgxhq/privkey.pem",
    "rate": "10r/s",
    "burst": 20,
    "realm": "scgxhq members area",
}
_SAFE = re.compile(r"^[^\s;{}'\"\\]+$")


@dataclass(frozen=True)
class NginxSite:
    """Everything the configuration depends on."""

    server_name: str = DEFAULTS["server_name"]
    public_root: str = DEFAULTS["public_root"]
    members_root: str = DEFAULTS["members_root"]
    htpasswd: str = DEFAULTS["htpasswd"]
    members_path: str = DEFAULTS["members_path"]
    cert: str | None = DEFAULTS["cert"]
    key: str | None = DEFAULTS["key"]
    listen: str = "443"
    http_listen: str | None = "80"
    rate: str = DEFAULTS["rate"]
    burst: int = DEFAULTS["burst"]
    realm: str = DEFAULTS["realm"]
    zone: str = "scgxhq_members"
    #: Proxies (CDN, load balancer) whose X-Forwarded-For names the client.
    trusted_proxies: tuple[str, ...] = ()
    #: The nginx version the file is for: 1.25.1+ takes ``http2 on;``.
    nginx_version: tuple[int, ...] | None = None
    hsts_subdomains: bool = False
    #: content/data/redirects.yml: old URL → new URL (301) or gone (410).
    redirects: Path | None = None

    def check(self) -> None:
        """Refuse values that would break (or inject into) the configuration."""
        values = {"server_name": self.server_name, "public_root": self.public_root,
                  "members_root": self.members_root, "htpasswd": self.htpasswd,
                  "members_path": self.members_path, "listen": self.listen, "zone": self.zone}
        if self.cert or self.key:
            values.update(cert=self.cert or "", key=self.key or "")
        for name, value in values.items():
            if not value or not _SAFE.match(value):
                raise ValueError(f"{name} {value!r}: give a value without spaces, quotes, ';' or braces")
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)*", self.members_path.strip("/")):
            raise ValueError(f"members path {self.members_path!r}: use lower-case letters, digits and '-'")
        if not re.fullmatch(r"\d+r/[sm]", self.rate):
            raise ValueError(f"rate {self.rate!r}: write it as 10r/s or 300r/m")
        if not re.fullmatch(r"[A-Za-z0-9 ._-]+", self.realm):
            raise ValueError(f"realm {self.realm!r}: ASCII letters, digits, spaces, '.', '_', '-'")
        if bool(self.cert) != bool(self.key):
            raise ValueError("give both --cert and --key, or neither (--plain-http)")
        for proxy in self.trusted_proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                raise ValueError(f"trusted proxy {proxy!r}: give an address or CIDR, e.g. 10.0.0.0/8") from None

    @property
    def http2_directive(self) -> bool:
        """nginx 1.25.1 replaced ``listen … http2`` by ``http2 on;``."""
        return self.nginx_version is not None and self.nginx_version >= (1, 25, 1)

    @property
    def hsts(self) -> str:
        return "max-age=31536000" + ("; includeSubDomains" if self.hsts_subdomains else "")


def _dir(path: str) -> str:
    return path.rstrip("/") + "/"


def http_block(site: NginxSite) -> str:
    """The http-context part: rate-limit zone and the server(s)."""
    site.check()
    area = "/" + site.members_path.strip("/") + "/"
    tls = bool(site.cert)
    out = [
        "# Generated by scripts/make_nginx_conf.py; edit the parameters, not this file.",
        "# Password guesses against the members area: per client, IPv6 clients per /64",
        "# (one host holds a whole /64, so per address would not limit it).",
        *client_key_map(site.zone),
        f"limit_req_zone ${site.zone}_client zone={site.zone}:10m rate={site.rate};",
        "",
    ]
    if tls and site.http_listen:
        out += [
            "server {",
            f"    listen {site.http_listen};",
            f"    server_name {site.server_name};",
            "    return 301 https://$host$request_uri;",
            "}",
            "",
        ]
    out += ["server {"]
    if tls:
        out += [
            *([f"    listen {site.listen} ssl;", "    http2 on;"] if site.http2_directive
              else [f"    listen {site.listen} ssl http2;"]),
            f"    server_name {site.server_name};",
            f"    ssl_certificate {site.cert};",
            f"    ssl_certificate_key {site.key};",
            "    ssl_protocols TLSv1.2 TLSv1.3;",
            "    ssl_session_cache shared:scgxhq_tls:10m;",
            f'    add_header Strict-Transport-Security "{site.hsts}" always;',
        ]
    else:
        out += [
            "    # Plain HTTP: for tests on 127.0.0.1 only. Basic auth needs HTTPS in production.",
            f"    listen {site.listen};",
            f"    server_name {site.server_name};",
        ]
    if site.trusted_proxies:
        out += [
            "    # Behind these proxies the client is the last untrusted X-Forwarded-For address.",
            *[f"    set_real_ip_from {proxy};" for proxy in site.trusted_proxies],
            "    real_ip_header X-Forwarded-For;",
            "    real_ip_recursive on;",
        ]
    out += redirect_locations(site.redirects)
    out += [
        "    charset utf-8;",
        "    charset_types text/css text/plain text/xml application/xml application/rss+xml",
        "                  application/atom+xml application/javascript application/json;",
        "    server_tokens off;",
        f"    root {_dir(site.public_root).rstrip('/')};",
        "    index index.html;",
        "    error_page 404 /404.html;",
        "",
        "    # Public tree: open to everyone.",
        "    location / {",
        "        try_files $uri $uri/ =404;",
        "    }",
        "",
        f"    # Members tree ({area}): one account per member unit, bcrypt hashes.",
        f"    location = {area.rstrip('/')} {{",
        f"        return 301 {area};",
        "    }",
        f"    location ^~ {area} {{",
        f"        alias {_dir(site.members_root)};",
        "        index index.html;",
        f'        auth_basic "{site.realm}";',
        f"        auth_basic_user_file {site.htpasswd};",
        f"        limit_req zone={site.zone} burst={site.burst} nodelay;",
        "        limit_req_status 429;",
        '        add_header Cache-Control "private, no-store" always;',
        '        add_header X-Robots-Tag "noindex, nofollow" always;',
        *([f'        add_header Strict-Transport-Security "{site.hsts}" always;  # not inherited']
          if tls else []),
        "        error_page 404 /404.html;",
        "    }",
        "}",
    ]
    return "\n".join(out) + "\n"


def redirect_locations(path: Path | None) -> list[str]:
    """``location = /old { return 301 /new; }`` per redirect (``gone``: 410)."""
    if path is None or not Path(path).is_file():
        return []
    sys.path.insert(0, str(ROOT / "plugins"))
    from url_lock.lock import GONE, read_redirects

    redirects, _, problems = read_redirects(Path(path), str(path))
    if problems:
        raise ValueError("; ".join(str(p) for p in problems))
    lines = ["    # Published URLs that moved or were removed (content/data/redirects.yml)."]
    for old, new in sorted(redirects.items()):
        if not _SAFE.match(old) or not _SAFE.match(new):
            raise ValueError(f"redirect {old!r} → {new!r}: URLs without spaces, quotes, ';' or braces")
        action = "return 410;" if new == GONE else f"return 301 {new};"
        for url in (old, old + "index.html") if old.endswith("/") else (old,):
            lines.append(f"    location = {url} {{ {action} }}")
    return lines


def client_key_map(zone: str) -> list[str]:
    """``map $remote_addr $<zone>_client``: IPv4 address as is, IPv6 → its /64.

    nginx prints IPv6 addresses compressed (``2001:db8::1``), so the first four
    groups are read by how many groups stand before and after ``::``: one
    regular expression per shape, each naming the prefix's groups.
    """
    h = "[0-9a-f]{1,4}"
    lines = [f"map $remote_addr ${zone}_client {{", "    default $remote_addr;",
             f'    "~^(?<v6a>{h}):(?<v6b>{h}):(?<v6c>{h}):(?<v6d>{h}):"  $v6a:$v6b:$v6c:$v6d::/64;']
    names = ("v6a", "v6b", "v6c", "v6d")
    for before in range(4):  # groups before "::" when "::" is within the first four groups
        for after in range(0, 8 - before):
            zeros = 8 - before - after
            if zeros < 1 or (before + after) > 7:
                continue
            head = ":".join(f"(?<{names[i]}>{h})" for i in range(before))
            groups = [f"${names[i]}" for i in range(before)] + ["0"] * min(zeros, 4 - before)
            tail_needed = 4 - len(groups)
            tail = [f"(?<{names[len(groups) + i]}>{h})" if i < tail_needed else h for i in range(after)]
            groups += [f"${names[len(groups) + i]}" for i in range(min(tail_needed, after))]
            pattern = f'"~^{head}::{":".join(tail)}$"'  # quoted: nginx reads {…} as a block
            lines.append(f"    {pattern}  {':'.join(groups)}::/64;")
    lines.append("}")
    return lines


def installed_version(binary: str | None = None) -> tuple[int, ...] | None:
    """The version of the nginx on this machine (``nginx -v``), if there is one."""
    binary = binary or shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not binary:
        return None
    found = re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", subprocess.run([binary, "-v"], capture_output=True,
                                                                    text=True).stderr)
    return tuple(int(g) for g in found.groups()) if found else None


def parse_version(text: str) -> tuple[int, ...]:
    if not re.fullmatch(r"\d+\.\d+(\.\d+)?", text):
        raise argparse.ArgumentTypeError(f"{text!r}: write the nginx version as 1.24.0")
    return tuple(int(part) for part in text.split("."))


def standalone(site: NginxSite, prefix: str, mime_types: str = "/etc/nginx/mime.types",
               user: str | None = None) -> str:
    """A whole nginx.conf running in the foreground with its files under ``prefix``."""
    prefix = _dir(prefix)
    head = [
        "# Generated by scripts/make_nginx_conf.py --standalone",
        *( [f"user {user};"] if user else [] ),
        "daemon off;",
        "worker_processes 1;",
        f"pid {prefix}nginx.pid;",
        f"error_log {prefix}error.log warn;",
        "events { worker_connections 64; }",
        "http {",
        f"    include {mime_types};",
        "    default_type application/octet-stream;",
        f"    access_log {prefix}access.log;",
        f"    client_body_temp_path {prefix}client_body;",
        f"    proxy_temp_path {prefix}proxy;",
        f"    fastcgi_temp_path {prefix}fastcgi;",
        f"    uwsgi_temp_path {prefix}uwsgi;",
        f"    scgi_temp_path {prefix}scgi;",
        "    sendfile on;",
    ]
    body = ["    " + line if line else "" for line in http_block(site).splitlines()]
    return "\n".join([*head, *body, "}"]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server-name", default=DEFAULTS["server_name"])
    parser.add_argument("--public-root", default=DEFAULTS["public_root"], help="copy of output/")
    parser.add_argument("--members-root", default=DEFAULTS["members_root"], help="copy of output-members/")
    parser.add_argument("--htpasswd", default=DEFAULTS["htpasswd"], help="htpasswd file (bcrypt)")
    parser.add_argument("--members-path", default=DEFAULTS["members_path"],
                        help="URL path of the members area (MEMBERS_AREA_PATH)")
    parser.add_argument("--cert", default=DEFAULTS["cert"], help="TLS certificate chain (PEM)")
    parser.add_argument("--key", default=DEFAULTS["key"], help="TLS private key (PEM)")
    parser.add_argument("--listen", help="listen address (default 443, or 80 with --plain-http)")
    parser.add_argument("--plain-http", action="store_true", help="no TLS (local tests only)")
    parser.add_argument("--rate", default=DEFAULTS["rate"], help="limit_req rate per client (10r/s)")
    parser.add_argument("--burst", type=int, default=DEFAULTS["burst"], help="limit_req burst")
    parser.add_argument("--trusted-proxy", action="append", default=[], metavar="CIDR",
                        help="a CDN or proxy in front of nginx (repeatable): clients are read from "
                             "X-Forwarded-For, so limit_req keys each client, not the proxy")
    parser.add_argument("--nginx-version", type=parse_version,
                        help="version of the nginx that will load the file (default: the installed one); "
                             "1.25.1+ gets `http2 on;`")
    parser.add_argument("--hsts-subdomains", action="store_true",
                        help="add includeSubDomains to Strict-Transport-Security (only when every "
                             "subdomain is served over HTTPS)")
    parser.add_argument("--redirects", type=Path, default=DEFAULT_REDIRECTS,
                        help="redirects of moved or removed URLs (default content/data/redirects.yml)")
    parser.add_argument("--standalone", action="store_true", help="write a whole nginx.conf")
    parser.add_argument("--prefix", help="with --standalone: folder for pid, logs, temp files")
    parser.add_argument("--user", help="with --standalone: worker user (e.g. root in a test container)")
    parser.add_argument("--mime-types", default="/etc/nginx/mime.types")
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    args = parser.parse_args(argv)
    site = NginxSite(
        server_name=args.server_name,
        public_root=args.public_root,
        members_root=args.members_root,
        htpasswd=args.htpasswd,
        members_path=args.members_path,
        cert=None if args.plain_http else args.cert,
        key=None if args.plain_http else args.key,
        listen=args.listen or ("80" if args.plain_http else "443"),
        rate=args.rate,
        burst=args.burst,
        trusted_proxies=tuple(args.trusted_proxy),
        nginx_version=args.nginx_version or installed_version(),
        hsts_subdomains=args.hsts_subdomains,
        redirects=args.redirects,
    )
    try:
        if args.standalone:
            if not args.prefix:
                parser.error("--standalone needs --prefix")
            text = standalone(site, args.prefix, args.mime_types, args.user)
        else:
            text = http_block(site)
    except ValueError as exc:
        print(f"make_nginx_conf: {exc}", file=sys.stderr)
        return 2
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
