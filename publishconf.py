"""Production settings: pelicanconf.py plus the public address and no drafts."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The public origin; set SITEURL in the environment to publish elsewhere.
SITEURL = os.environ.get("SITEURL", "https://www.scgxhq.org.cn")
SITE_ORIGIN = SITEURL
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
# Drafts are previewed in development only; nothing of them is published.
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
