// The preview pane: the article as readers will see it, with the site's own CSS
// (theme/static/css/site.css) and the markup of theme/templates/article.html (keep
// the two in step), Markdown rendered by marked and Chinese lines joined as the
// build joins them (cjk-join.js).

import { joinCjkLines } from "./cjk-join.js";
import { mediaFolders, normalDate, yearOf } from "./rules.js";

const { h, createClass } = window;

/** Markdown → HTML as the page shows it: rendered, Chinese lines joined, scripts dropped. */
export function renderBody(marked, markdown) {
  const html = marked.parse(String(markdown || ""), { gfm: true, breaks: false, async: false });
  return joinCjkLines(html);
}

/** Site-relative path of a link written in an article (`{static}/images/…`, `/images/…`). */
export function sitePath(href) {
  const text = decodeURI(String(href || ""));
  const match = /^(?:\{static\}|\{attach\}|\{filename\})?\/?((?:images|files)\/.+)$/.exec(text);
  return match ? match[1] : null;
}

function cleanAndLink(html, resolve) {
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, "text/html");
  const root = doc.body.firstElementChild;
  root.querySelectorAll("script, iframe, object, embed").forEach((node) => node.remove());
  for (const node of root.querySelectorAll("*")) {
    for (const attribute of [...node.attributes]) {
      if (/^on/i.test(attribute.name) || /^\s*javascript:/i.test(attribute.value)) {
        node.removeAttribute(attribute.name);
      }
    }
  }
  for (const [selector, attribute] of [["img", "src"], ["a", "href"]]) {
    for (const node of root.querySelectorAll(selector)) {
      const path = sitePath(node.getAttribute(attribute));
      if (path) node.setAttribute(attribute, resolve(path));
    }
  }
  return root.innerHTML;
}

function ymd(value) {
  const normal = normalDate(value);
  return normal ? normal.slice(0, 10) : String(value || "");
}

// File type labels of plugins/site_content/attachments.py (TYPE_LABELS).
const TYPE_LABELS = {
  pdf: "PDF", doc: "Word", docx: "Word", xls: "Excel", xlsx: "Excel", ppt: "PPT", pptx: "PPT",
  zip: "ZIP", rar: "RAR", txt: "文本", jpg: "图片", jpeg: "图片", png: "图片",
};

const BANNERS = {
  draft: "草稿：保存后不会发布，只有编辑能看到。",
  scheduled: "定时发布：到日期时间后，下一次自动构建时发布。",
};

export function registerPreview(CMS, site, marked, cssUrl) {
  CMS.registerPreviewStyle(cssUrl);

  const Preview = createClass({
    resolve(path) {
      // A file of this item's folders may not be saved yet: ask Decap (a blob URL).
      const data = this.props.entry.get("data");
      const year = yearOf(data.get("date"));
      const column = site.columns[this.props.collection.get("name")] || {};
      const folders = mediaFolders(year, column.members || data.get("access") === true);
      const folder = path.slice(0, path.lastIndexOf("/"));
      if (year && (folder === folders.images || folder === folders.files)) {
        // The field whose media folder holds it: the body's (images) or the attachment's (files).
        const field = folder === folders.images
          ? this.props.fields.find((f) => f.get("name") === "body")
          : this.props.fields.find((f) => f.get("name") === "attachments")?.get("fields")
            ?.find((f) => f.get("name") === "file");
        const asset = this.props.getAsset(path, field);
        const url = asset && asset.toString();
        if (url && /^(blob|data):/.test(url)) return url; // uploaded or loaded through the backend
      }
      return `${site.siteRoot}${path}`;
    },
    render() {
      const data = this.props.entry.get("data");
      const column = site.columns[this.props.collection.get("name")] || {};
      const status = data.get("status") || "draft";
      const members = column.members || data.get("access") === true;
      const html = cleanAndLink(renderBody(marked, data.get("body")), (p) => this.resolve(p));
      const listed = data.get("attachments");
      const attachments = (listed && typeof listed.toJS === "function" ? listed.toJS() : listed || [])
        .filter((a) => a && a.file);
      const tags = data.get("tags");
      const tagList = (tags && typeof tags.toArray === "function" ? tags.toArray() : String(tags || "").split(/[,，]/))
        .map((t) => String(t).trim()).filter(Boolean);
      const notes = [BANNERS[status], members ? "会员专属：只在会员专区显示。" : null].filter(Boolean);
      return h("main", { id: "main", className: "wrap" },
        notes.length ? h("p", { className: "admin-preview-note", role: "note",
          style: { background: "#fff8e1", border: "1px solid #e0c060", padding: ".5rem 1rem" } },
          notes.join(" ")) : null,
        h("nav", { className: "breadcrumb", "aria-label": "当前位置" },
          h("a", { href: "#" }, "首页"), " › ", h("a", { href: "#" }, column.title || ""), " › 正文"),
        h("article", { className: "article" },
          h("header", null,
            h("h1", null, data.get("title") || ""),
            h("p", { className: "article-meta" },
              h("span", null, "发布日期：", h("time", null, ymd(data.get("date")))))),
          h("div", { className: "article-body", dangerouslySetInnerHTML: { __html: html } }),
          attachments.length ? h("section", { className: "attachments" },
            h("h2", null, "附件"),
            h("ul", null, attachments.map((item, index) => {
              const file = String(item.file);
              const name = file.split("/").pop();
              const suffix = (name.includes(".") ? name.split(".").pop() : "").toLowerCase();
              return h("li", { key: `${index}-${file}` },
                h("a", { href: this.resolve(file.replace(/^\/+/, "")), download: true },
                  h("span", { className: "file-type" }, TYPE_LABELS[suffix] || suffix.toUpperCase() || "文件"),
                  h("span", { className: "file-title" }, `附件${index + 1}：${item.title || name}`)));
            }))) : null,
          tagList.length ? h("p", { className: "tags" }, "关键词：",
            tagList.map((tag) => h("span", { key: tag, className: "tag" }, tag))) : null));
    },
  });

  for (const name of Object.keys(site.columns)) CMS.registerPreviewTemplate(name, Preview);
}
