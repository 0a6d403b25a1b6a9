"""The web editor's Decap CMS configuration, generated from the content model.

One collection per column (``content/<column>/_index.md``), folder
``content/<column>/<yyyy>/``, its fields from the column's template
(``archetypes/``: default fields, then the column's own), in the order ``make
new`` writes them. Nothing here is written twice by hand: a new column or a new
template field shows up in the editor at the next build.
"""

from __future__ import annotations

from typing import Any

from site_content.archetypes import Archetype, ArchetypeField, Archetypes
from site_content.columns import Column
from site_content.keys import normal_key

from .settings import AdminSettings, AdminSettingsError

#: Decap widget of each template field type.
WIDGETS = {"text": "string", "textarea": "text", "list": "list", "datetime": "site-datetime", "number": "string"}
YEAR = "{{fields.date | date('YYYY')}}"
MEMBERS = "{{fields.access | ternary('members','')}}"
NAME_HINT = ("文件名就是网址的最后一段：/{column}/年份/文件名.html。只能用小写英文字母、数字和“-”，"
             "例如 food-safety-training-2024；保存后不能再改。")


def media(kind: str, column: Column, content: str) -> dict[str, str]:
    """Where a field's uploads go: ``content/images/<yyyy>/`` or ``content/files/<yyyy>/``,
    under ``members/`` for a member-only item. Images are linked as ``{static}/images/…``
    in the body, attachments as ``files/…`` in the header."""
    part = "members" if column.access == "members" else MEMBERS
    public = "{static}/images" if kind == "images" else "files"
    return {"media_folder": f"/{content}/{kind}/{part}/{YEAR}", "public_folder": f"{public}/{part}/{YEAR}"}


def template_field(item: ArchetypeField) -> dict[str, Any]:
    """A field of the column template (``archetypes/*.yml``) as a Decap field."""
    field: dict[str, Any] = {"name": normal_key(item.key), "label": item.label, "widget": WIDGETS[item.type],
                             "required": False}
    if item.hint:
        field["hint"] = item.hint
    if item.type == "list" and not item.hint:
        field["hint"] = "多个用逗号分开"
    if item.type == "number":
        field["pattern"] = [r"^-?\d+(\.\d+)?$", "请只填数字，例如 120 或 3.5"]
    return field


#: Form fields that are not template fields (plugins/site_admin/editor/pelican-format.js, FIXED).
FIXED = ("name", "title", "date", "status", "access", "attachments", "body", "kind", "folder", "loaded", "extra")


def collection(column: Column, archetype: Archetype, content: str = "content") -> dict[str, Any]:
    """The collection of one column; ``content``: the content folder, relative to the repository."""
    clash = [item.key for item in archetype.fields if normal_key(item.key) in FIXED]
    if clash:
        raise AdminSettingsError(f"site_admin: archetypes for {column.slug!r} define {clash[0]!r}, which the "
                                 "editor writes itself; remove that field from the template")
    fields: list[dict[str, Any]] = [
        {"name": "name", "label": "文件名（网址）", "widget": "article-name",
         "hint": NAME_HINT.format(column=column.slug)},
        {"name": "title", "label": "标题", "widget": "string"},
        {"name": "date", "label": "日期", "widget": "site-datetime", "default_now": True, "article_date": True,
         "hint": "北京时间。发布后显示在文章上；定时发布时就是发布的时间"},
        {"name": "status", "label": "状态", "widget": "article-status", "default": "draft",
         "hint": "草稿不发布；定时发布到日期时间后自动发布；发布即在下一次构建时上线"},
    ]
    if column.access != "members":
        fields.append({"name": "access", "label": "会员专属", "widget": "article-access", "default": False,
                       "required": False, "hint": "打开后只在会员专区显示，不出现在公开网站"})
    fields += [template_field(item) for item in archetype.fields]
    fields += [
        {"name": "attachments", "label": "附件", "label_singular": "附件", "widget": "list", "required": False,
         "summary": "{{fields.title}} {{fields.file}}", "fields": [
             {"name": "file", "label": "文件", "widget": "file", "choose_url": False, **media("files", column, content)},
             {"name": "title", "label": "附件标题", "widget": "string", "required": False,
              "hint": "读者看到的名称，例如“2024年培训报名表”；不写就显示文件名"},
         ]},
        {"name": "body", "label": "正文", "widget": "markdown", "default": archetype.body.strip("\n"),
         "modes": ["rich_text", "raw"]},
        {"name": "kind", "widget": "hidden", "default": "article"},
        {"name": "folder", "widget": "hidden", "required": False},
        {"name": "loaded", "widget": "hidden", "required": False},
        {"name": "extra", "widget": "hidden", "required": False},
    ]
    return {
        "name": column.slug,
        "label": column.title,
        "label_singular": f"{column.title}文章",
        "description": column.description,
        "folder": f"{content}/{column.slug}",
        "path": "{{folder}}/{{slug}}",
        "slug": "{{slug}}",
        "identifier_field": "name",
        "format": "pelican",
        "extension": "md",
        **media("images", column, content),  # the body's images (also through its image component)
        "create": True,
        "delete": False,
        "filter": {"field": "kind", "value": "article"},
        "summary": "{{loaded.note}}{{title}}（{{date}}）",
        "sortable_fields": [{"field": "date", "label": "日期", "default_sort": "desc"}, "title"],
        "view_filters": [
            {"label": "草稿", "field": "status", "pattern": "draft"},
            {"label": "定时发布", "field": "status", "pattern": "scheduled"},
            {"label": "已发布", "field": "status", "pattern": "published"},
        ],
        "fields": fields,
    }


def decap_config(columns: dict[str, Column], archetypes: Archetypes, options: AdminSettings,
                 site_url: str, content: str = "content") -> dict[str, Any]:
    """The whole ``config.yml`` of the editor (``content``: the content folder in the repository)."""
    return {
        "backend": dict(options.backend),
        "locale": options.locale,
        "site_url": site_url,
        "display_url": site_url,
        "media_folder": f"{content}/images",
        "public_folder": "{static}/images",
        "slug": {"encoding": "unicode", "clean_accents": False, "sanitize_replacement": "-"},
        "collections": [collection(column, archetypes.for_column(slug), content) for slug, column in columns.items()],
    }


def template_keys(archetypes: Archetypes) -> tuple[dict[str, str], list[str]]:
    """Header spelling of every template key (``project_no`` → ``Project_no``) and the list-type ones."""
    spelling: dict[str, str] = {}
    lists: list[str] = []
    for archetype in [archetypes.default, *archetypes.columns.values()]:
        for item in archetype.fields:
            name = normal_key(item.key)
            spelling.setdefault(name, item.key)
            if item.type == "list" and name not in lists:
                lists.append(name)
    return spelling, lists
