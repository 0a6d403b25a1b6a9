"""The members area behind a real nginx (Debian package) on 127.0.0.1.

Builds the sample site's public and members trees, copies them to a temporary
folder, writes an htpasswd with scripts/member_accounts.py (bcrypt), generates
the configuration with scripts/make_nginx_conf.py and starts nginx on a free
port. Then: anonymous and wrong-password requests to every member path get 401,
the right account gets 200 and the file; every public path gets 200;
limit_req answers 429 on the protected location only; removing or rotating an
account takes effect without a reload. The HTTPS shape of the generated
configuration is checked with a self-signed certificate.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote

import httpx
import pytest
from pelican import Pelican
from pelican.settings import read_settings

from conftest import ROOT, SAMPLE_CONTENT

sys.path.insert(0, str(ROOT / "scripts"))
import make_nginx_conf  # noqa: E402
import member_accounts  # noqa: E402

AREA = "members-area"
PASSWORD = "Sichuan-logistics-2022!"
OTHER_PASSWORD = "Another-member-pass-77"



def local_site(trees: tuple[Path, Path], htpasswd: Path, port: int, **options: Any) -> make_nginx_conf.NginxSite:
    """The site config these tests serve on 127.0.0.1:``port`` (plain HTTP unless cert/key given)."""
    public, members = trees
    return make_nginx_conf.NginxSite(
        server_name="localhost", public_root=str(public), members_root=str(members),
        htpasswd=str(htpasswd), members_path=AREA, listen=f"127.0.0.1:{port}", http_listen=None,
        **{"cert": None, "key": None, **options},
    )

def nginx_binary() -> str:
    """The nginx executable; installs the Debian package (scripts/install_test_deps.sh) when missing."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        subprocess.run([str(ROOT / "scripts/install_test_deps.sh")], check=False, cwd=ROOT)
        found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    assert found, "nginx is missing and scripts/install_test_deps.sh could not install it"
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def files_of(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def url_paths(root: Path, prefix: str = "") -> list[str]:
    """Every URL of a tree: each file, and each folder holding an index.html."""
    paths = []
    for rel in files_of(root):
        paths.append(f"{prefix}/{quote(rel)}")
        if rel == "index.html" or rel.endswith("/index.html"):
            paths.append(f"{prefix}/{quote(rel[: -len('index.html')])}")
    return paths


class Nginx:
    """nginx running in the foreground with a generated standalone configuration."""

    def __init__(self, workdir: Path, site: make_nginx_conf.NginxSite, port: int) -> None:
        self.workdir = workdir
        self.port = port
        workdir.mkdir(parents=True, exist_ok=True)
        self.conf = workdir / "nginx.conf"
        user = "root" if os.geteuid() == 0 else None
        self.conf.write_text(make_nginx_conf.standalone(site, str(workdir), user=user), encoding="utf-8")
        binary = nginx_binary()
        test = subprocess.run([binary, "-t", "-p", str(workdir), "-c", str(self.conf)],
                              capture_output=True, text=True)
        assert test.returncode == 0, test.stderr
        self.proc = subprocess.Popen([binary, "-p", str(workdir), "-c", str(self.conf)],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.proc.stdout.read().decode(errors="replace")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            self.stop()
            raise AssertionError(f"nginx did not listen on 127.0.0.1:{port}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)  # graceful shutdown
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)

    def error_log(self) -> str:
        log = self.workdir / "error.log"
        return log.read_text(errors="replace") if log.exists() else ""


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory, sample_site: Path) -> tuple[Path, Path]:
    """Temporary copies of the sample site's public and members trees."""
    base = tmp_path_factory.mktemp("served")
    members_build = base / "members-build"
    settings = read_settings(str(ROOT / "membersconf.py"),
                             override={"PATH": str(SAMPLE_CONTENT), "OUTPUT_PATH": str(members_build),
                                       "CACHE_PATH": str(base / "members-cache")})
    Pelican(settings).run()
    public = shutil.copytree(sample_site, base / "public")
    members = shutil.copytree(members_build, base / "members")
    for folder in (base, public, members):
        folder.chmod(0o755)
    return public, members


@pytest.fixture(scope="module")
def htpasswd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secrets") / "members.htpasswd"
    member_accounts.add(path, "scu", PASSWORD)
    member_accounts.add(path, "uestc", OTHER_PASSWORD)
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, trees: tuple[Path, Path],
           htpasswd: Path) -> Iterator[tuple[Nginx, str]]:
    port = free_port()
    site = local_site(trees, htpasswd, port, rate="1000r/s", burst=1000)
    nginx = Nginx(tmp_path_factory.mktemp("nginx"), site, port)
    try:
        yield nginx, f"http://127.0.0.1:{port}"
    finally:
        nginx.stop()
    assert nginx.proc.returncode is not None


def test_the_members_tree_has_member_items_and_the_public_tree_does_not(trees: tuple[Path, Path]) -> None:
    public, members = trees
    assert "documents/2022/association-rules-2022.html" in files_of(members)
    assert "files/members/2022/food-safety-remote-training.txt" in files_of(members)
    assert not (public / "documents/2022/association-rules-2022.html").exists()
    assert not (public / "files/members").exists()


def test_every_member_path_needs_the_right_account(server: tuple[Nginx, str], trees: tuple[Path, Path]) -> None:
    nginx, base = server
    _, members = trees
    paths = url_paths(members, f"/{AREA}")
    assert len(paths) > 20
    with httpx.Client(base_url=base, timeout=10) as client:
        for path in paths:
            anonymous = client.get(path)
            assert anonymous.status_code == 401, (path, anonymous.status_code)
            assert "www-authenticate" in anonymous.headers
            assert "四川" not in anonymous.text  # no member content in the 401 page
            wrong = client.get(path, auth=("scu", "not-the-password"))
            assert wrong.status_code == 401, (path, wrong.status_code)
            other = client.get(path, auth=("scu", OTHER_PASSWORD))  # uestc's password
            assert other.status_code == 401, (path, other.status_code)
            right = client.get(path, auth=("scu", PASSWORD))
            assert right.status_code == 200, (path, right.status_code, nginx.error_log()[-2000:])
            assert right.headers["cache-control"] == "private, no-store"
        attachment = client.get(f"/{AREA}/files/members/2022/association-rules-2022.txt",
                                auth=("uestc", OTHER_PASSWORD))
        assert attachment.content == (members / "files/members/2022/association-rules-2022.txt").read_bytes()
        assert client.get(f"/{AREA}/no-such-page.html", auth=("scu", PASSWORD)).status_code == 404
        assert client.get(f"/{AREA}/no-such-page.html").status_code == 401


def test_every_public_path_is_open(server: tuple[Nginx, str], trees: tuple[Path, Path]) -> None:
    _, base = server
    public, _ = trees
    paths = url_paths(public)
    assert len(paths) > 50
    with httpx.Client(base_url=base, timeout=10) as client:
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        home = client.get("/")
        assert "text/html" in home.headers["content-type"] and "charset=utf-8" in home.headers["content-type"]
        column = client.get("/documents/")  # public column page of a member-only column: no teasers
        assert column.status_code == 200 and "association-rules-2022" not in column.text
        assert client.get("/no-such-page.html").status_code == 404


def test_removing_and_rotating_an_account_takes_effect_without_reload(
    server: tuple[Nginx, str], tmp_path: Path
) -> None:
    _, base = server
    htpasswd = Path(next(line.split()[1].rstrip(";") for line in
                         server[0].conf.read_text().splitlines() if "auth_basic_user_file" in line))
    path = f"/{AREA}/"
    script = [sys.executable, str(ROOT / "scripts/member_accounts.py"), "--file", str(htpasswd)]
    with httpx.Client(base_url=base, timeout=10) as client:
        assert client.get(path, auth=("uestc", OTHER_PASSWORD)).status_code == 200
        rotated = subprocess.run([*script, "rotate", "uestc"], capture_output=True, text=True, check=True)
        new_password = rotated.stdout.strip()
        assert len(new_password) >= 20
        assert client.get(path, auth=("uestc", OTHER_PASSWORD)).status_code == 401
        assert client.get(path, auth=("uestc", new_password)).status_code == 200
        subprocess.run([*script, "remove", "uestc"], capture_output=True, text=True, check=True)
        assert client.get(path, auth=("uestc", new_password)).status_code == 401
        assert client.get(path, auth=("scu", PASSWORD)).status_code == 200
        listed = subprocess.run([*script, "list"], capture_output=True, text=True, check=True)
        assert listed.stdout.split() == ["scu"]
        member_accounts.add(htpasswd, "uestc", OTHER_PASSWORD)  # back as the module expects


def test_limit_req_guards_the_members_area_only(trees: tuple[Path, Path], htpasswd: Path,
                                                tmp_path: Path) -> None:
    port = free_port()
    site = local_site(trees, htpasswd, port, rate="6r/m", burst=2)
    nginx = Nginx(tmp_path / "nginx", site, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            guessed = [client.get(f"/{AREA}/", auth=("scu", f"guess-{n}")).status_code for n in range(8)]
            assert 429 in guessed and guessed[0] == 401, guessed
            assert client.get(f"/{AREA}/", auth=("scu", PASSWORD)).status_code == 429
            assert {client.get("/").status_code for _ in range(20)} == {200}
    finally:
        nginx.stop()


def test_generated_production_config_uses_https_and_passes_nginx_t(tmp_path: Path, htpasswd: Path,
                                                                   trees: tuple[Path, Path]) -> None:
    openssl = shutil.which("openssl")
    assert openssl, "openssl is missing"
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    conf = subprocess.run(
        [sys.executable, str(ROOT / "scripts/make_nginx_conf.py"), "--cert", str(cert), "--key", str(key),
         "--htpasswd", str(htpasswd)], capture_output=True, text=True, check=True).stdout
    assert "listen 443 ssl" in conf and "return 301 https://$host$request_uri;" in conf
    assert "limit_req zone=" in conf and "auth_basic_user_file" in conf
    main = tmp_path / "main.conf"
    main.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
                    f"http {{\ninclude {tmp_path}/site.conf;\n}}\n")
    (tmp_path / "site.conf").write_text(conf)
    checked = subprocess.run([nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(main)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr

    # The same HTTPS server, on a free port, answers 401 / 200 over TLS.
    port = free_port()
    site = local_site(trees, htpasswd, port, cert=str(cert), key=str(key))
    nginx = Nginx(tmp_path / "tls", site, port)
    try:
        with httpx.Client(base_url=f"https://127.0.0.1:{port}", verify=False, timeout=10) as client:
            assert client.get(f"/{AREA}/documents/").status_code == 401
            protected = client.get(f"/{AREA}/documents/", auth=("scu", PASSWORD))
            assert protected.status_code == 200
            assert "strict-transport-security" in protected.headers
            assert client.get("/").status_code == 200
            assert "strict-transport-security" in client.get("/").headers
    finally:
        nginx.stop()


def test_generator_refuses_unsafe_values() -> None:
    with pytest.raises(ValueError):
        make_nginx_conf.NginxSite(public_root="/var/www; include /etc/passwd").check()
    with pytest.raises(ValueError):
        make_nginx_conf.NginxSite(members_path="../x").check()
    with pytest.raises(ValueError):
        make_nginx_conf.NginxSite(cert="/a.pem", key=None).check()


def test_account_script_rules(tmp_path: Path) -> None:
    path = tmp_path / "h"
    member_accounts.add(path, "scu", PASSWORD)
    with pytest.raises(member_accounts.AccountError, match="exists"):
        member_accounts.add(path, "scu", PASSWORD)
    with pytest.raises(member_accounts.AccountError, match="not a member id"):
        member_accounts.add(path, "nobody", PASSWORD)
    with pytest.raises(member_accounts.AccountError, match="too short"):
        member_accounts.rotate(path, "scu", "short")
    with pytest.raises(member_accounts.AccountError, match="no account"):
        member_accounts.remove(path, "uestc")
    digest = member_accounts.read_accounts(path)["scu"]
    assert digest.startswith("$2b$05$")  # the measured default (make bench-auth)
    assert member_accounts.check_password(path, "scu", PASSWORD)
    assert oct(path.stat().st_mode & 0o777) == "0o640"
    ignored = subprocess.run(["git", "check-ignore", "-q", "secrets/members.htpasswd"], cwd=ROOT)
    assert ignored.returncode == 0, "the htpasswd file must be ignored by git"


def test_the_example_in_deploy_is_what_the_generator_writes() -> None:
    example = (ROOT / "deploy/nginx/scgxhq.conf.example").read_text(encoding="utf-8")
    assert example == make_nginx_conf.http_block(make_nginx_conf.NginxSite()), (
        "regenerate it: .venv/bin/python scripts/make_nginx_conf.py -o deploy/nginx/scgxhq.conf.example"
    )


def test_ipv6_clients_share_a_limit_per_64_behind_a_trusted_proxy(trees: tuple[Path, Path], htpasswd: Path,
                                                                   tmp_path: Path) -> None:
    port = free_port()
    site = local_site(trees, htpasswd, port, rate="6r/m", burst=2, trusted_proxies=("127.0.0.1",))
    nginx = Nginx(tmp_path / "nginx", site, port)

    def guesses(client: httpx.Client, forwarded_for: str, count: int) -> list[int]:
        return [client.get(f"/{AREA}/", auth=("scu", f"guess-{n}"),
                           headers={"X-Forwarded-For": forwarded_for}).status_code for n in range(count)]

    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            # Three addresses of one /64 (written as nginx prints them) share one limit.
            first = guesses(client, "2001:db8:0:7::1", 2) + guesses(client, "2001:db8:0:7:ffff::9", 2)
            assert first[:3] == [401, 401, 401] and first[3] == 429, first
            assert guesses(client, "2001:db8::7:1:2:3:4", 1) == [429]  # 2001:db8:0:0:7:… is another /64
            assert guesses(client, "2001:db8:0:8::1", 1) == [401]
            # Each IPv4 client behind the proxy has its own limit; the proxy itself is not the key.
            assert guesses(client, "203.0.113.5", 1) == [401]
            assert guesses(client, "203.0.113.6", 1) == [401]
    finally:
        nginx.stop()


def test_without_a_trusted_proxy_forwarded_for_is_ignored(trees: tuple[Path, Path], htpasswd: Path,
                                                          tmp_path: Path) -> None:
    port = free_port()
    site = local_site(trees, htpasswd, port, rate="6r/m", burst=1)
    nginx = Nginx(tmp_path / "nginx", site, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            codes = [client.get(f"/{AREA}/", auth=("scu", "guess"),
                                headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(4)]
            assert 429 in codes, codes  # a forged header does not give each guess a new limit
    finally:
        nginx.stop()


def test_client_key_map_gives_every_ipv6_shape_its_64() -> None:
    import ipaddress
    import random
    import re

    rules = []
    for line in make_nginx_conf.client_key_map("z")[2:-1]:
        pattern, value = line.strip().rsplit("  ", 1)
        rules.append((re.compile(pattern.strip('"')[1:].replace("(?<", "(?P<")), value.rstrip(";")))
    rng = random.Random(5)
    for _ in range(5000):
        groups = [rng.choice([0, 0, 0, rng.randrange(65536)]) for _ in range(8)]
        text = str(ipaddress.IPv6Address(":".join(f"{g:x}" for g in groups)))
        match, value = next((r.match(text), v) for r, v in rules if r.match(text))
        key = re.sub(r"\$(v6[a-d])", lambda m: match.group(m.group(1)), value)
        assert [int(g, 16) for g in key.removesuffix("::/64").split(":")] == groups[:4], (text, key)


def test_http2_directive_and_hsts_options() -> None:
    tls = dict(cert="/etc/ssl/a.pem", key="/etc/ssl/a.key")
    old = make_nginx_conf.http_block(make_nginx_conf.NginxSite(nginx_version=(1, 22, 1), **tls))
    assert "listen 443 ssl http2;" in old and "http2 on;" not in old
    new = make_nginx_conf.http_block(make_nginx_conf.NginxSite(nginx_version=(1, 25, 1), **tls))
    assert "listen 443 ssl;" in new and "    http2 on;" in new and "ssl http2" not in new
    assert 'max-age=31536000" always' in new and "includeSubDomains" not in new
    sub = make_nginx_conf.http_block(make_nginx_conf.NginxSite(hsts_subdomains=True, **tls))
    assert sub.count('"max-age=31536000; includeSubDomains" always') == 2  # server and members area
    with pytest.raises(ValueError, match="trusted proxy"):
        make_nginx_conf.NginxSite(trusted_proxies=("cdn.example.com",)).check()
    assert make_nginx_conf.installed_version() == tuple(
        int(x) for x in re.search(r"nginx/([\d.]+)", subprocess.run([nginx_binary(), "-v"], capture_output=True,
                                                                     text=True).stderr).group(1).split("."))
