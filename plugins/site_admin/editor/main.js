// The web editor's start: registers the Pelican header format, the form's widgets,
// the preview and the last checks before a save, then starts Decap CMS with the
// generated config.yml. Loaded by index.html after vendor/decap-cms/decap-cms.js.

import { marked } from "../vendor/marked.esm.js";
import { pelicanFormat } from "./pelican-format.js";
import { registerPreview } from "./preview.js";
import { dateProblem, nameProblem, yearOf } from "./rules.js";
import { registerWidgets } from "./widgets.js";

const CMS = window.CMS;

// Clearer Chinese than Decap's own for these messages.
const PHRASES = {
  editor: {
    editorControlPane: { widget: {
      required: "请填写“%{fieldLabel}”",
      regexPattern: "“%{fieldLabel}”：%{pattern}",
    } },
    // Saving commits the file; whether readers see it is the Status field's business.
    editorToolbar: {
      publish: "保存", publishNow: "保存", publishing: "正在保存...", published: "已保存",
      publishAndCreateNew: "保存，然后新建", publishAndDuplicate: "保存，然后复制",
    },
  },
  ui: { toast: {
    entryPublished: "已保存。状态为“发布”的文章在下一次构建后上线",
    missingRequiredField: "有信息项没填好，请按红色提示改正后再保存",
  } },
};

/** Labels of the body editor's "+" menu (Decap registers them in English). */
const COMPONENT_LABELS = { image: "图片", "code-block": "代码块" };
const FIELD_LABELS = { image: "图片文件", alt: "图片说明（替代文字，读屏软件会读出）", title: "标题（鼠标停留时显示）" };

function merge(base, extra) {
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = value && typeof value === "object" ? merge(base?.[key] || {}, value) : value;
  }
  return out;
}

/** The last check before a new article is written: the rules again, then its year folder. */
function beforeSave(site) {
  return ({ entry }) => {
    let data = entry.get("data");
    if (entry.get("newRecord") === false) return data;
    const collection = entry.get("collection");
    const column = site.columns[collection] || {};
    const year = yearOf(data.get("date"));
    const problem = dateProblem(data.get("date"), { status: data.get("status") })
      || nameProblem(data.get("name"), { column: collection, year, taken: (column.taken || {})[year] || [] });
    if (problem) throw new Error(problem);
    data = data.set("folder", year);
    return data;
  };
}

async function start() {
  const response = await fetch("site-data.json", { cache: "no-cache" });
  if (!response.ok) throw new Error(`site-data.json: HTTP ${response.status}`);
  const site = await response.json();
  CMS.registerCustomFormat("pelican", "md", pelicanFormat(site));
  registerWidgets(CMS, site);
  registerPreview(CMS, site, marked, new URL(site.css, window.location.href).href);
  CMS.registerEventListener({ name: "preSave", handler: beforeSave(site) });
  CMS.registerLocale("zh_Hans", merge(CMS.getLocale("zh_Hans") || {}, PHRASES));
  for (const [id, label] of Object.entries(COMPONENT_LABELS)) {
    const component = CMS.getEditorComponents().get(id);
    if (!component) continue;
    // Chinese field labels; images only from this site (no "insert from URL": nothing loaded from elsewhere).
    const fields = component.fields.map((field) => {
      const named = field.set("label", FIELD_LABELS[field.get("name")] || field.get("label"));
      return named.get("widget") === "image" ? named.set("choose_url", false) : named;
    });
    CMS.registerEditorComponent({ ...component, label, fields });
  }
  CMS.init();
}

start().catch((error) => {
  document.body.textContent = `网站编辑无法启动：${error.message}。请联系网站管理员。`;
  throw error;
});
