"""Settings of the members-area build (会员专区): pelicanconf.py, member-only items only.

`make members` builds `output-members/` with this file; nginx serves that tree
under https://<host>/members-area/ behind HTTP basic auth (deploy/README.md).
For production set the environment variable SITEURL (as for publishconf.py) and
MEMBERS_PUBLISH=1; `make publish` does both.
"""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)) if "__file__" in globals() else os.curdir)
from pelicanconf import *  # noqa: E402,F403

MEMBERS_ONLY_MODE = "members"
MEMBERS_AREA_PATH = "members-area"

_ORIGIN = os.environ.get("SITEURL", "https://www.scgxhq.org.cn").rstrip("/")
if os.environ.get("MEMBERS_PUBLISH") == "1":
    SITEURL = f"{_ORIGIN}/{MEMBERS_AREA_PATH}"
    SITE_ORIGIN = SITEURL
    RELATIVE_URLS = False
    DELETE_OUTPUT_DIRECTORY = True
    DRAFT_SAVE_AS = ""
    DRAFT_PAGE_SAVE_AS = ""
else:
    # Root-relative links work on any host that serves the tree at /members-area/.
    SITEURL = f"/{MEMBERS_AREA_PATH}"
    SITE_ORIGIN = f"{SITE_ORIGIN}/{MEMBERS_AREA_PATH}"  # noqa: F405

# The theme's list macros are imported without the template context; give them
# SITEURL as a Jinja global so their links stay inside /members-area/.
JINJA_GLOBALS = {**JINJA_GLOBALS, "SITEURL": SITEURL} if "JINJA_GLOBALS" in globals() else {"SITEURL": SITEURL}  # noqa: F405

# Own caches (incremental writer state, render cache): the two builds alternate.
CACHE_PATH = "cache/members"

SITENAME = "四川省高校后勤协会 · 会员专区"
# Home page of the members area: the member-only columns first, then any
# column holding items marked `Access: members` (absent columns are skipped).
HOME_BLOCKS = [
    {"columns": ["documents"]},
    {"columns": ["courseware"]},
    {"columns": ["tenders"]},
    {"columns": ["notices"]},
    {"columns": ["policy"]},
]
# Search engines must never index the members area.
TEMPLATE_PAGES = {}

# The editors' status page of `make update` (/members-area/status/), members build only.
PLUGINS = PLUGINS + ["update_status"]  # noqa: F405
