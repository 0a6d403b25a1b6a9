"""What each content problem says, in Chinese for editors and English for developers.

Every problem the build or ``make check`` reports has a code here; its text
says what is wrong and how to fix it. The language is ``SITE_MESSAGES_LANG``
from the environment (``zh``, the default, or ``en``); ``make check --lang en``
and ``scripts/build.py --lang en`` set it.
"""

from __future__ import annotations

import os

LANGUAGES = ("zh", "en")

#: code → (Chinese, English); ``{name}`` fields come from the problem's params.
CATALOG: dict[str, tuple[str, str]] = {
    # --- the header ---------------------------------------------------------
    "no_title": (
        "缺少标题 — 请在第一行写 `Title: 文章标题`",
        "no Title; add a first line `Title: 文章标题`",
    ),
    "no_date": (
        "缺少日期 — 请加一行 `Date: 2024-03-01 10:00`",
        "no Date; add a line `Date: 2024-03-01 10:00`",
    ),
    "bad_date": (
        "{label}“{value}”无法识别 — 请写成 2024-03-01 10:00",
        "{key} {value!r} is not a date; write it as 2024-03-01 10:00",
    ),
    "future_date": (
        "日期 {date} 还没到，文章会立即出现在网站上 — 如果要定时发布，请加一行 `Status: scheduled`；否则请改正日期",
        "Date {date} is in the future and would be published at once; add `Status: scheduled` "
        "to publish it then, or correct the date",
    ),
    "year_mismatch": (
        "文件在 {folder} 年的文件夹里，但日期是 {year} 年，网址会变成 /{column}/{year}/… — "
        "请把文件移到 {folder_fix}，或改正日期",
        "the file is in the {folder} folder but dated {year}, so its URL would be /{column}/{year}/…; "
        "move it to {folder_fix} or correct the date",
    ),
    "scheduled": (
        "已排期，将于 {date} 发布",
        "scheduled: published at {date}",
    ),
    "header_fullwidth_colon": (
        "“{text}”用了全角冒号“：”，这一行不会被当作{key}信息 — 请改成半角冒号：`{fixed}`",
        "{text!r} uses a full-width colon, so it is not read as {key}; write `{fixed}`",
    ),
    "header_spaced_colon": (
        "“{text}”的冒号前有空格，这一行不会被当作{key}信息 — 请改成 `{fixed}`",
        "{text!r} has a space before the colon, so it is not read as {key}; write `{fixed}`",
    ),
    "header_after_blank": (
        "“{text}”前面有空行，它成了正文而不是{key}信息 — 请删去第 {blank} 行的空行，让它紧接在上面的信息行之后",
        "{text!r} follows a blank line, so it is body text, not {key}; delete the blank line {blank}",
    ),
    "header_indented_key": (
        "“{text}”前有空格，被当作上一项的续行 — 请删去行首空格，写成 `{fixed}`",
        "{text!r} is indented, so it continues the field above; remove the leading spaces: `{fixed}`",
    ),
    "header_in_body": (
        "“{text}”写在正文里，不会被当作{key}信息 — 请把它移到文件开头的信息行中（标题、日期那几行），写成 `{fixed}`",
        "{text!r} is in the body, so it is not read as {key}; move it up into the header lines: `{fixed}`",
    ),
    "unknown_key": (
        "未知的信息项“{key}”{hint} — 请改正或删去这一行",
        "unknown metadata key {key!r}{hint}; correct it or delete the line",
    ),
    "unknown_key_hint": ("，是否想写“{suggestion}”", " (did you mean {suggestion!r}?)"),
    "scheduled_without_date": (
        "`Status: scheduled` 需要写明发布时间 — 请加一行 `Date: 2024-05-01 09:00`",
        "`Status: scheduled` needs the publishing time; add `Date: 2024-05-01 09:00`",
    ),
    "bad_status": (
        "Status“{value}”无效 — 请写 {allowed} 之一",
        "Status {value!r}: use one of {allowed}",
    ),
    "bad_access": (
        "Access“{value}”无效 — 公开写 `Access: public`，仅会员可见写 `Access: members`",
        "Access {value!r}: write `Access: public` or `Access: members`",
    ),
    "empty_access": (
        "Access 没有填写 — 公开写 `Access: public`，仅会员可见写 `Access: members`；不需要时删去这一行",
        "Access is empty; write `Access: public` or `Access: members`, or delete the line",
    ),
    "bad_slug": (
        "Slug“{value}”只能用小写英文字母、数字、“-”和“_”（它就是网址）",
        "Slug {value!r} must use only a-z, 0-9, '-' and '_' (it becomes the URL)",
    ),
    "bad_file_name": (
        "文件名“{stem}”就是网址 — 请只用小写英文字母、数字、“-”和“_”重命名（不能叫 index 或 page），"
        "例如 2024-food-safety-training.md",
        "file name {stem!r} becomes the URL: rename the file using only a-z, 0-9, '-' and '_' "
        "(not 'index' or 'page'), e.g. 2024-food-safety-training.md",
    ),
    "unknown_column": (
        "“{top}”不是栏目（现有栏目：{known}）— 请把文件移到栏目文件夹中，或新建 {top}/_index.md 增加栏目",
        "{top!r} is not a column (known: {known}); move the file into a column folder, "
        "or create {top}/_index.md to add a column",
    ),
    "outside_column": (
        "文章不在任何栏目文件夹中 — 请移到栏目的年份文件夹，例如 content/{example}",
        "the article is not in a column folder; move it into a column's year folder, e.g. content/{example}",
    ),
    "missing_attachment": (
        "附件“{path}”不存在 — 请把文件放到 content/files/ 下，并写从 content/ 起的路径，例如 files/2024/notice.pdf",
        "attachment {path!r} does not exist; put the file under content/files/ and give its path "
        "from content/, e.g. files/2024/notice.pdf",
    ),
    "not_utf8": (
        "文件不是 UTF-8 编码（第 {line_of_byte} 行起有无法识别的字节）— 请用编辑器“另存为 UTF-8”",
        "not UTF-8 (undecodable bytes from line {line_of_byte}); save the file as UTF-8",
    ),
    "duplicate_url": (
        "它的网址 /{url} 与 {owner} 相同 — 请给其中一个文件改名，或写不同的 `Slug:`",
        "its URL /{url} is also claimed by {owner}; rename one of the files or give one a distinct `Slug:`",
    ),
    # --- published URLs (url_lock) ----------------------------------------------
    "lock_dropped": (
        "网址 {url} 已经发布过，但现在没有文件生成它（文件被改名、移动、删除或改了年份）— 请恢复这个文件；"
        "或在 content/{redirects} 中加一行 `{url}: /新网址` 指向新位置，或 `{url}: gone` 表示已删除",
        "{url} was published but no file produces it now (renamed, moved, deleted or re-dated); restore the "
        "file, or add `{url}: /new/url` (or `{url}: gone`) to content/{redirects}",
    ),
    "lock_guid_changed": (
        "网址 {url} 的订阅标识（GUID）从 {old} 变成了 {new}，订阅者会再次收到这篇文章 — 请删去改动的 `Guid:` 行",
        "the feed GUID of {url} changed from {old} to {new}: subscribers would get it again; "
        "remove the changed `Guid:` line",
    ),
    "redirect_shadows": (
        "{url} 仍由 {source} 生成，不能再跳转 — 请删去这一行跳转",
        "{url} is still produced by {source}; delete this redirect",
    ),
    "redirect_target_missing": (
        "{url} 跳转到的 {target} 不存在 — 请写正确的新网址，或写 gone",
        "{url} redirects to {target}, which does not exist; give the right new URL, or gone",
    ),
    "redirect_bad_entry": (
        "这一行应写成 `/旧网址.html: /新网址.html` 或 `/旧网址.html: gone`",
        "write this line as `/old/url.html: /new/url.html` or `/old/url.html: gone`",
    ),
    "redirects_not_yaml": (
        "文件格式有误 — 每行写 `/旧网址.html: /新网址.html`，冒号用半角，冒号后有一个空格",
        "not valid YAML; write one `/old/url.html: /new/url.html` per line (ASCII colon and a space)",
    ),
    # --- columns (_index.md) ----------------------------------------------------
    "column_no_title": (
        "栏目缺少标题 — 请在第一行写 `Title: 栏目名称`",
        "no Title; add `Title: 栏目名称` as the first line",
    ),
    "column_bad_order": (
        "Order“{value}”不是整数 — 请写 `Order: 10` 这样的数字",
        "Order {value!r} is not a whole number",
    ),
    # --- the content tree -------------------------------------------------------
    "symlink": (
        "这是一个符号链接（指向 {target}），content/ 中不允许符号链接，它可能把会员文件公开 — 请删除链接，换成文件本身的副本",
        "a symbolic link (to {target}); content/ may hold no symbolic links (they can publish member-only "
        "files); replace it with a copy of the file",
    ),
    "other_format": (
        "网站只读取 Markdown（.md）文件，“{suffix}”格式不会被检查也不会发布 — 请改写成 .md 文件",
        "only Markdown (.md) files are read; a {suffix} file is neither checked nor published; "
        "convert it to .md",
    ),
    "odd_suffix": (
        "扩展名“{suffix}”不对 — 请改成小写的 .md",
        "extension {suffix!r}: rename the file to end in lower-case .md",
    ),
    # --- images (warnings) -------------------------------------------------------
    "image_too_big": (
        "图片有 {size} MB，手机上打开很慢 — 请压缩：{command}",
        "the image is {size} MB, slow on phones; shrink it: {command}",
    ),
    "image_too_wide": (
        "图片宽 {width} 像素，超过 2000 像素 — 请缩小：{command}",
        "the image is {width} px wide (over 2000); shrink it: {command}",
    ),
    # --- links ------------------------------------------------------------------
    "unresolved_link": (
        "链接“{link}”指向的文件不存在 — 请检查路径（从 content/ 写起，例如 {{filename}}/news/2024/name.md）",
        "link {link!r} points to no file; check the path (from content/, e.g. {{filename}}/news/2024/name.md)",
    ),
    "link_to_draft": (
        "链接“{link}”指向草稿 {target}，发布后会失效 — 请先发布那篇文章，或删去链接",
        "link {link!r} points to the draft {target}, which is not published; publish it or remove the link",
    ),
    "broken_link": (
        "链接“{link}”指向的网页或文件不存在 — 请检查网址；链接本站文章最好写成 {{filename}}/栏目/年份/文件名.md",
        "link {link!r} points to no page or file; check it (link articles as {{filename}}/column/yyyy/name.md)",
    ),
    "link_to_members_url": (
        "链接“{link}”指向会员专属内容，公开网站上没有这个网页 — 请改写成 {{filename}} 链接，它会自动指向会员专区",
        "link {link!r} points to a member-only page, which the public site does not have; "
        "use a {{filename}} link, which points into the members area",
    ),
    "duplicate_title": (
        "与 {others} 同一栏目、同一天、标题相同，可能是重复导入 — 如果是重复的，请删去其中一篇",
        "same column, day and title as {others}: a likely double import; delete one if so",
    ),
    "public_links_member_file": (
        "公开稿件引用了会员专属文件 {path} — 请把本稿件标为 `Access: members`，或把文件移出 {dirs}",
        "a public item links {path}, a member-only file; mark the item `Access: members` "
        "or move the file out of {dirs}",
    ),
}


def language() -> str:
    """The language of problem messages: ``SITE_MESSAGES_LANG`` (``zh`` or ``en``)."""
    value = os.environ.get("SITE_MESSAGES_LANG", "zh").strip().lower()
    return value if value in LANGUAGES else "zh"


#: Messages with an optional part: code → (code of the part, the param it needs).
OPTIONAL_PARTS = {"unknown_key": ("unknown_key_hint", "suggestion")}


def render(code: str, params: dict[str, object], lang: str | None = None) -> str:
    """The message of ``code`` in ``lang`` (default: ``language()``)."""
    lang = lang or language()
    if code in OPTIONAL_PARTS:
        part, needs = OPTIONAL_PARTS[code]
        params = {**params, "hint": render(part, params, lang) if params.get(needs) else ""}
    zh, en = CATALOG[code]
    return (en if lang == "en" else zh).format(**params)
