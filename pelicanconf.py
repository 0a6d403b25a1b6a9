"""Pelican settings for the 四川省高校后勤协会 website (development build).

`publishconf.py` imports everything here and adds only what production needs.
"""

import os

SITENAME = "四川省高校后勤协会"
SITESUBTITLE = "Sichuan Provincial University Logistics Association"
AUTHOR = "四川省高校后勤协会"
SITEURL = ""
# Absolute origin used where a link must be absolute even in development
# (feeds, share metadata). publishconf.py replaces it with the public origin.
SITE_ORIGIN = "http://127.0.0.1:8000"

PATH = "content"
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
THEME = "theme"

# --- Content model -------------------------------------------------------
# A column is a top-level folder of content/ with an _index.md; the folder
# name is the column slug and the Pelican category.
PAGE_PATHS = ["pages"]
ARTICLE_PATHS = [""]
ARTICLE_EXCLUDES = ["pages", "data", "files", "images"]
# Every non-source file is a candidate; the members_only plugin copies to the
# public tree only what a public item links (and extra/), never member-only files.
STATIC_PATHS = [""]
STATIC_EXCLUDE_SOURCES = True
# Copy a static file (imported images: tens of thousands) only when it is newer
# than its copy in the output, not on every build.
STATIC_CHECK_IF_MODIFIED = True
# Markdown only: a .rst or .html source stops the build (site_content/tree.py).
READERS = {"rst": None, "html": None, "htm": None}
IGNORE_FILES = ["**/.*", "_index.md", "*.yml", "*.yaml", "*.lock"]
# What `make new` (and the web editor) start each column's articles with; their
# fields are known metadata keys of the checks.
ARCHETYPES_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "archetypes")
PATH_METADATA = r"(?P<category>[^/]+)/.*"
USE_FOLDER_AS_CATEGORY = False
SLUGIFY_SOURCE = "basename"
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None
EXTRA_PATH_METADATA = {"extra/favicon.ico": {"path": "favicon.ico"}}

# --- URLs: ASCII, from folder and file names, never from titles -----------
ARTICLE_URL = "{category}/{date:%Y}/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_URL
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
DRAFT_URL = "drafts/{category}/{slug}.html"
DRAFT_SAVE_AS = DRAFT_URL
DRAFT_PAGE_URL = "drafts/pages/{slug}.html"
DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_URL
# Column pages, their archive pages and year archives come from the
# column_pages plugin; Pelican's own category/tag/author/archive pages are off.
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
DIRECT_TEMPLATES = ["index"]
PAGINATED_TEMPLATES = {}
TEMPLATE_PAGES = {"robots.txt": "robots.txt"}
COLUMN_PAGE_SIZE = 20
HOME_ITEMS_PER_COLUMN = 8

# --- Markdown ------------------------------------------------------------
# Heading ids keep the heading's words (`## 一、工作概况` → id="一工作概况"), so
# a link to a section survives another heading being added above it.
from markdown.extensions.toc import slugify_unicode  # noqa: E402

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False, "slugify": slugify_unicode},
        "markdown.extensions.admonition": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# --- Feeds: Pelican's feedgenerator feeds are off; site_feeds uses feedgen -
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
SITE_FEEDS = {
    "max_items": 50,
    # Authority and date of the tag: URIs used as GUIDs (RFC 4151). Never change.
    "tag_authority": "scgxhq.org.cn",
    "tag_date": "2006",
    # Browsers show feeds through this XSL stylesheet as a readable page with a
    # subscribe hint; feed readers ignore it. Path from the site root.
    "stylesheet": "theme/feed.xsl",
}

# --- Plugins ---------------------------------------------------------------
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "cjk_markdown",
    "site_content",
    "members_only",
    "column_pages",
    "members",
    "site_feeds",
    "site_home",
    "site_stats",
    "site_sitemap",
    # Published URLs and GUIDs never change (content/data/published.lock).
    "url_lock",
    # After every plugin that writes pages: its generator completes the writer
    # (deferred pages, pruning).
    "incremental_writer",
    # Pagefind indexes the written site after every build (SEARCH_INDEX below).
    "site_search",
    # The web editor at /admin/, written only when SITE_ADMIN_ENABLED (below).
    "site_admin",
]

# --- Masthead, share image, 公众号 ------------------------------------------
# The emblem drawn for this site (scripts/make_emblem.py). To show the
# association's registered logo instead, put its file under content/extra/
# (copied as it is: no article links it) and point SITE_LOGO (masthead, any
# format) and SITE_SHARE_IMAGE (PNG or JPEG, the picture of shared pages that
# have none of their own) at it, e.g. "extra/logo.svg".
SITE_LOGO = "theme/img/emblem.svg"
SITE_SHARE_IMAGE = "theme/img/emblem.png"
# The 订阅 page shows the WeChat official account (name and QR code image, a
# path under content/extra/) first; with an empty name the block is left out.
# The sample QR image is a placeholder: replace it with the account's real code.
WECHAT_ACCOUNT = {"name": "四川省高校后勤协会", "qr": "extra/wechat-qr-sample.png"}

# --- Association facts shown in the footer and the contact page ------------
CONTACT = {
    "name": "四川省高校后勤协会秘书处",
    "guidance": "四川省教育厅",
    "address": "",
    "phone": "",
    "email": "",
}
# Filing numbers: set them when the site is filed; the footer shows them only
# when set. ICP links to beian.miit.gov.cn, 公安备案 to beian.mps.gov.cn.
ICP_NUMBER = ""
PSB_NUMBER = ""
PSB_RECORD_CODE = ""

LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = False

# --- Home page blocks: latest items of these columns ------------------------
HOME_BLOCKS = [
    {"columns": ["notices"]},
    {"columns": ["news"]},
    {"columns": ["campus"]},
    {"columns": ["tenders"]},
    {"title": "党建思政", "columns": ["party", "party-rules"]},
]

# --- Home page extras (site_home) and 年度统计 (site_stats) ---------------------
# 友情链接 come from content/data/links.yml; figures from content/data/members.yml.
SITE_HOME = {"photos": 4, "photo_scan": 60}
SITE_STATS = {"top": 10}

# --- Search (site_search plugin) --------------------------------------------
# Pagefind indexes the written site after every build; SEARCH_INDEX = False (or
# the environment variable SITE_SEARCH_INDEX=0) skips it for fast builds.
SEARCH_INDEX = True

# --- Web editor (/admin/, plugins/site_admin): Decap CMS, written only when asked --
# `make admin` and `make admin-serve` turn it on for their builds; set
# SITE_ADMIN_ENABLED = True in publishconf.py to serve it from the public site, with
# a git host backend in SITE_ADMIN (deploy/README.md, "Web editor").
SITE_ADMIN_ENABLED = False
SITE_ADMIN = {
    # Local default: decap-server on 127.0.0.1 (make admin-serve). Production example:
    # {"name": "gitea", "repo": "scgxhq/site", "branch": "main", "base_url": "https://git.example.cn",
    #  "api_root": "https://git.example.cn/api/v1", "app_id": "<OAuth application client ID>"}
    "backend": {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1", "branch": "main"},
}
