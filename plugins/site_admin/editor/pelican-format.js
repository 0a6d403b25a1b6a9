// The header format the build reads (Pelican's `Key: value` lines), for Decap CMS's
// CMS.registerCustomFormat. `toFile` writes byte for byte what `make new` writes
// (plugins/site_content/archetypes.py, new_file_text): Title, Date, Status (none
// when published), `Access: members`, the column template's fields in order (empty
// ones as `Key:`), Attachments (`path | title, ...`), a blank line, the body.
// Keys an item has that the form does not show (Source, Guid, Slug, ...) are kept
// as they were, after those. `fromFile` reads a file into the form's values.
// Tested against Python's output: plugins/site_admin/test_editor_js.py.

// Python's str.split()/str.strip() whitespace (not JavaScript's \s: \ufeff differs).
const PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACES = new RegExp(`[${PY_SPACE}]+`, "g");
const EDGE_SPACES = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, "g");

/** Form fields that are not header keys of their own, or are written in a fixed place. */
export const FIXED = new Set(["name", "title", "date", "status", "access", "attachments", "body",
  "kind", "folder", "loaded", "extra"]);
/** Status values of the form; "published" is written as no Status line. */
export const STATUSES = ["draft", "scheduled", "published"];

/** Shown before the title in the list of a column's articles. */
const NOTES = { draft: "【草稿】", scheduled: "【定时】" };

const KEY_LINE = /^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$/;
const MORE_LINE = /^[ ]{4,}(.*)$/;
const FENCE = /^-{3}\s*$/;
const ITEM_SPLIT = /[,，、;；\n]+/;
const ATTACH_SEPARATORS = /([,，;；])/;
const TITLE_MARK = /[|｜]/g;
const LOOKS_LIKE_PATH = /^\/?[^\s|｜]+\.[A-Za-z0-9]{1,5}$/;

/** Python's `" ".join(str(value).split())`. */
export function oneLine(value) {
  return String(value ?? "").replace(EDGE_SPACES, "").split(SPACES).filter(Boolean).join(" ");
}

/** Python's `str.strip()`. */
export function pyStrip(value) {
  return String(value ?? "").replace(EDGE_SPACES, "");
}

/** A value compared with fixed words: trimmed, case-folded, full-width → ASCII. */
export function normalValue(value) {
  return String(value ?? "").normalize("NFKC").trim().toLowerCase();
}

function listText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "object" && typeof value.toJS === "function") value = value.toJS();
  if (Array.isArray(value)) return value.map(oneLine).filter(Boolean).join(", ");
  return String(value);
}

/** `files/2024/a.pdf | 标题, files/2024/b.docx` (a title only when given). */
export function attachmentsValue(items) {
  return (items || [])
    .map((item) => [oneLine(item?.file), oneLine(item?.title)])
    .filter(([path]) => path)
    .map(([path, title]) => (title ? `${path} | ${title}` : path))
    .join(", ");
}

/** (path, title) pairs of an `Attachments:` value, as plugins/site_content/attachments.py reads them. */
export function parseAttachments(value) {
  const entries = [];
  for (const line of String(value || "").split("\n")) {
    const pieces = line.split(ATTACH_SEPARATORS);
    for (let index = 0; index < pieces.length; index += 2) {
      const token = pieces[index].trim();
      const separator = index ? pieces[index - 1] : "";
      if (!token) continue;
      const last = entries[entries.length - 1];
      if (last && last[1] && !/[|｜]/.test(token) && !LOOKS_LIKE_PATH.test(token)) {
        last[1] += separator + pieces[index].trimEnd(); // a comma inside the title
        continue;
      }
      const marked = token.replace(TITLE_MARK, "|");
      const bar = marked.indexOf("|");
      const path = bar === -1 ? marked : marked.slice(0, bar);
      const title = bar === -1 ? "" : marked.slice(bar + 1);
      entries.push([path.trim().replace(/^\/+/, ""), title.trim()]);
    }
  }
  return entries.filter(([path]) => path).map(([file, title]) => ({ file, title }));
}

/** Header lines and body of a file: [{key, value, lines}], body, whether a fence opened it. */
export function splitHeader(text) {
  const lines = String(text).replace(/^\ufeff/, "").replace(/\r\n?/g, "\n").split("\n");
  const fields = [];
  let index = 0;
  if (lines.length && FENCE.test(lines[0])) index = 1;
  for (; index < lines.length; index++) {
    const line = lines[index];
    if (!line.trim() || FENCE.test(line)) {
      index++;
      break;
    }
    const key = KEY_LINE.exec(line);
    const more = MORE_LINE.exec(line);
    if (key) {
      fields.push({ key: key[1], value: key[2].trim(), lines: [line] });
    } else if (more && fields.length) {
      const last = fields[fields.length - 1];
      last.value += "\n" + more[1].trim();
      last.lines.push(line);
    } else {
      break;
    }
  }
  return { fields, body: lines.slice(index).join("\n") };
}

/** Whether a header (lower-case keys) is a column's `_index.md` rather than an article. */
function isColumnIndex(keys) {
  return keys.has("section") || (keys.has("order") && !keys.has("date"));
}

/**
 * The header format, given the spelling of the column templates' keys
 * (`{project_no: "Project_no", ...}`) and which of them are lists.
 */
export function pelicanFormat({ keys = {}, lists = [] } = {}) {
  const listKeys = new Set(lists);

  function fromFile(content) {
    const { fields, body } = splitHeader(content);
    const seen = new Set(fields.map((f) => f.key.toLowerCase()));
    const data = { kind: isColumnIndex(seen) ? "column" : "article", body, extra: [] };
    const taken = new Set();
    for (const field of fields) {
      const name = field.key.toLowerCase();
      if (taken.has(name)) {
        data.extra.push(field.lines.join("\n")); // a repeated key: keep it as written
        continue;
      }
      taken.add(name);
      if (name === "title" || name === "date") data[name] = field.value;
      else if (name === "status") data.status = normalValue(field.value) || "published";
      else if (name === "access") data.access = normalValue(field.value) === "members";
      else if (name === "attachments") data.attachments = parseAttachments(field.value);
      else if (name in keys) {
        data[name] = listKeys.has(name)
          ? field.value.split(ITEM_SPLIT).map((s) => s.trim()).filter(Boolean)
          : field.value.replace(/\n/g, " ");
      } else data.extra.push(field.lines.join("\n"));
    }
    if (!data.status) data.status = "published";
    if (data.access === undefined) data.access = false;
    const note = (NOTES[data.status] || "") + (data.access ? "【会员】" : "");
    data.loaded = { status: data.status, access: data.access, date: data.date || "", note };
    return data;
  }

  function toFile(data, sortedKeys = []) {
    const lines = [`Title: ${pyStrip(data.title)}`, `Date: ${data.date ?? ""}`];
    const status = data.status || "published";
    if (status !== "published") lines.push(`Status: ${status}`);
    if (data.access === true) lines.push("Access: members");
    const written = new Set();
    const order = [...sortedKeys.filter((n) => !FIXED.has(n) && n in keys),
      ...Object.keys(keys).filter((n) => !sortedKeys.includes(n) && n in data && listText(data[n]).trim())];
    for (const name of order) {
      if (written.has(name)) continue;
      written.add(name);
      const value = oneLine(listText(data[name]));
      lines.push(value ? `${keys[name]}: ${value}` : `${keys[name]}:`);
    }
    const attachments = attachmentsValue(toArray(data.attachments));
    if (attachments) lines.push(`Attachments: ${attachments}`);
    for (const raw of toArray(data.extra)) lines.push(String(raw));
    const text = String(data.body ?? "").replace(/^\n+|\n+$/g, "");
    return lines.join("\n") + "\n\n" + (text ? text + "\n" : "");
  }

  return { fromFile, toFile };
}

function toArray(value) {
  if (!value) return [];
  if (typeof value.toJS === "function") value = value.toJS();
  return Array.isArray(value) ? value : [];
}
