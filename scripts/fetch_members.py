#!/usr/bin/env python3
"""Import member-site news and tender notices: see plugins/member_import/README.md.

Usage: scripts/fetch_members.py [--members FILE] [--out DIR] [--only ID ...]
       [--report FILE] [--dry-run] [--state FILE] [--delay SECONDS]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from member_import.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
