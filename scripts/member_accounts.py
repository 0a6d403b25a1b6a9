#!/usr/bin/env python3
"""Member-area accounts: one per member unit, bcrypt hashes in an htpasswd file.

The htpasswd file is a secret: it lives outside the repository (default
``secrets/members.htpasswd``, ignored by git; on the server
``/etc/nginx/scgxhq-members.htpasswd``). Account names are member ids from
``content/data/members.yml`` (e.g. ``scu``), so one account = one member unit.

    member_accounts.py add scu              # new account, prints a generated password once
    member_accounts.py rotate scu           # new password for scu (old one stops working)
    member_accounts.py remove scu           # revoke
    member_accounts.py list                 # account names
    member_accounts.py add scu --password-stdin < pw.txt

The file is rewritten atomically (temporary file + rename) with mode 0640, so
nginx never reads a half-written file and picks up changes without a reload.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import sys
import tempfile
from pathlib import Path

import bcrypt

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "secrets" / "members.htpasswd"
REGISTRY = ROOT / "content" / "data" / "members.yml"
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
DEFAULT_COST = 5  # nginx checks it on every request: see `make bench-auth` and deploy/README.md
MIN_PASSWORD = 12


class AccountError(ValueError):
    """A request the account file cannot satisfy (unknown or duplicate account...)."""


def read_accounts(path: Path) -> dict[str, str]:
    """account -> hash, in file order; a missing file is an empty one."""
    accounts: dict[str, str] = {}
    if not path.exists():
        return accounts
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, digest = line.partition(":")
        if not sep or not digest:
            raise AccountError(f"{path}:{number}: not 'account:hash'")
        accounts[name] = digest
    return accounts


def write_accounts(path: Path, accounts: dict[str, str]) -> None:
    """Replace ``path`` atomically, mode 0640 (owner rw, group r: e.g. root:www-data)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{name}:{digest}\n" for name, digest in accounts.items())
    fd, tmp = tempfile.mkstemp(prefix=".htpasswd-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o640)
        if path.exists():
            stat = path.stat()
            try:
                os.chown(tmp, stat.st_uid, stat.st_gid)
            except PermissionError:
                pass
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def hash_password(password: str, cost: int = DEFAULT_COST) -> str:
    """A bcrypt hash nginx understands (``$2b$``, via the system crypt())."""
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"password too short: use at least {MIN_PASSWORD} characters")
    if len(password.encode("utf-8")) > 72:
        raise AccountError("password too long for bcrypt: at most 72 bytes")
    if ":" in password or "\n" in password:
        raise AccountError("password may not contain ':' or a line break")
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=cost)).decode("ascii")


def check_password(path: Path, name: str, password: str) -> bool:
    digest = read_accounts(path).get(name)
    return bool(digest) and bcrypt.checkpw(password.encode("utf-8"), digest.encode("ascii"))


def generate_password() -> str:
    return secrets.token_urlsafe(18)  # 24 characters, 144 bits


def member_ids(registry: Path = REGISTRY) -> set[str]:
    sys.path.insert(0, str(ROOT / "plugins"))
    from members.registry import load_registry

    return {member.id for member in load_registry(registry)}


def _check_name(name: str, registry: Path | None) -> None:
    if not NAME.match(name):
        raise AccountError(f"account {name!r}: use the member id (a-z, 0-9, '-')")
    if registry is not None:
        known = member_ids(registry)
        if name not in known:
            raise AccountError(
                f"{name!r} is not a member id in {registry}; add the member unit first "
                f"or pass --no-registry-check"
            )


def add(path: Path, name: str, password: str, cost: int = DEFAULT_COST,
        registry: Path | None = REGISTRY) -> None:
    _check_name(name, registry)
    accounts = read_accounts(path)
    if name in accounts:
        raise AccountError(f"account {name!r} exists; use rotate to give it a new password")
    accounts[name] = hash_password(password, cost)
    write_accounts(path, accounts)


def rotate(path: Path, name: str, password: str, cost: int = DEFAULT_COST) -> None:
    accounts = read_accounts(path)
    if name not in accounts:
        raise AccountError(f"no account {name!r}; use add")
    accounts[name] = hash_password(password, cost)
    write_accounts(path, accounts)


def remove(path: Path, name: str) -> None:
    accounts = read_accounts(path)
    if name not in accounts:
        raise AccountError(f"no account {name!r}")
    del accounts[name]
    write_accounts(path, accounts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=Path(os.environ.get("MEMBERS_HTPASSWD", DEFAULT_FILE)),
                        help="htpasswd file (default secrets/members.htpasswd or $MEMBERS_HTPASSWD)")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in ("add", "rotate"):
        p = sub.add_parser(command, help=f"{command} an account")
        p.add_argument("account", help="member id from content/data/members.yml")
        p.add_argument("--password-stdin", action="store_true",
                       help="read the password from stdin (default: generate one and print it)")
        p.add_argument("--cost", type=int, default=DEFAULT_COST, choices=range(4, 15), metavar="4-14",
                       help=f"bcrypt cost (default {DEFAULT_COST})")
        if command == "add":
            p.add_argument("--registry", type=Path, default=REGISTRY, help="member registry")
            p.add_argument("--no-registry-check", action="store_true",
                           help="allow an account that is not a member id")
    p = sub.add_parser("remove", help="revoke an account")
    p.add_argument("account")
    sub.add_parser("list", help="list account names")
    args = parser.parse_args(argv)
    try:
        if args.command == "list":
            for name in read_accounts(args.file):
                print(name)
            return 0
        if args.command == "remove":
            remove(args.file, args.account)
            print(f"removed {args.account} from {args.file}")
            return 0
        generated = not args.password_stdin
        password = generate_password() if generated else sys.stdin.readline().rstrip("\r\n")
        if args.command == "add":
            registry = None if args.no_registry_check else args.registry
            add(args.file, args.account, password, args.cost, registry)
        else:
            rotate(args.file, args.account, password, args.cost)
        print(f"{args.command}: {args.account} in {args.file}", file=sys.stderr)
        if generated:
            print(password)  # shown once; give it to the member unit over a safe channel
        return 0
    except AccountError as exc:
        print(f"member_accounts: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
