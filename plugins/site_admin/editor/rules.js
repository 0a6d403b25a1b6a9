// The rules the form enforces, the same as `make new` (scripts/new_article.py) and
// `make check`: the file name, the date, and what a published item may not change
// (its URL: name, year, status, access). Messages are for editors, in Chinese.

export const NAME = /^[a-z0-9][a-z0-9-]*$/;
export const RESERVED = new Set(["index", "page"]);
export const DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;
export const TIME_ZONE = "Asia/Shanghai";

/** Now in Asia/Shanghai as `YYYY-MM-DD HH:MM` (whatever the computer's own zone). */
export function siteNow(now = new Date(), zone = TIME_ZONE) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23",
    }).formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** `2024-03-01 10:00` (also `2024-03-01`, `2024-03-01T10:00:00`) → `2024-03-01 10:00`, else null. */
export function normalDate(value) {
  const match = /^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?\s*$/
    .exec(String(value ?? ""));
  if (!match) return null;
  const [, y, mo, d, h = "0", mi = "00"] = match;
  const pad = (s) => s.padStart(2, "0");
  const month = Number(mo), day = Number(d), hour = Number(h);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || Number(mi) > 59) return null;
  return `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${mi}`;
}

export function yearOf(value) {
  const normal = normalDate(value);
  return normal ? normal.slice(0, 4) : null;
}

/** The year folder and file name of an entry path `content/<column>/<yyyy>/<name>.md`. */
export function pathParts(path) {
  const match = /(?:^|\/)(\d{4})\/([^/]+)\.md$/.exec(String(path || ""));
  return match ? { year: match[1], name: match[2] } : null;
}

/** Problems of a new file name (the URL), like scripts/new_article.py check_name. */
export function nameProblem(name, { column, year, taken = [] } = {}) {
  const value = String(name ?? "");
  if (!value.trim()) return "请填写文件名（网址），例如 food-safety-training-2024";
  if (!NAME.test(value) || RESERVED.has(value)) {
    return `文件名“${value}”不能用：文件名就是网址，只能用小写英文字母、数字和连字符“-”，`
      + "以字母或数字开头（不能叫 index 或 page），例如 food-safety-training-2024";
  }
  if (year && taken.includes(value)) {
    return `文件名“${value}”在 ${column} 栏目 ${year} 年已经用过（或曾经发布过）；请换一个名字`;
  }
  return null;
}

/** Whether a loaded item is on the public site now (published, or scheduled and due). */
export function isLive(loaded, now = siteNow()) {
  if (!loaded) return false;
  const date = normalDate(loaded.date);
  if (loaded.status === "published") return true;
  return loaded.status === "scheduled" && date !== null && date <= now;
}

/** Problems of the Date field. */
export function dateProblem(value, { status, folderYear, now = siteNow() } = {}) {
  if (!String(value ?? "").trim()) return "请填写日期（北京时间），例如 2024-03-01 10:00";
  const date = normalDate(value);
  if (date === null) return `日期“${value}”无法识别，请写成 2024-03-01 10:00（北京时间）`;
  if (folderYear && date.slice(0, 4) !== folderYear) {
    return `这篇文章在 ${folderYear} 年的文件夹里，日期的年份不能改成 ${date.slice(0, 4)} 年`
      + "（年份是网址的一部分）。请改回，或新建一篇文章";
  }
  if (status === "published" && date > now) {
    return `日期 ${date} 在将来：要到时自动发布，请把状态改成“定时发布”；要现在发布，请把日期改成现在或以前`;
  }
  return null;
}

const TAKE_DOWN = "确实要撤下，请联系网站管理员在 content/data/redirects.yml 登记（见编辑指南）";

/** Whether the URL rules of a published item apply: public, on the public site now. */
function locked(loaded, memberColumn, now) {
  return !memberColumn && isLive(loaded, now) && !loaded.access;
}

/** Changing the status of an item already on the public site. */
export function statusProblem({ loaded, status, memberColumn, now = siteNow() }) {
  if (!locked(loaded, memberColumn, now) || status === "published" || status === loaded.status) return null;
  return `这篇文章已经发布，网址已经公开，不能再改回草稿或定时发布（读者和搜索引擎会找不到它）。${TAKE_DOWN}`;
}

/** Making an item already on the public site member-only. */
export function accessProblem({ loaded, access, memberColumn, now = siteNow() }) {
  if (!locked(loaded, memberColumn, now) || access !== true) return null;
  return `这篇文章已经公开发布，不能再改成会员专属（公开的网址会失效）。${TAKE_DOWN}`;
}

/** Media folders of an item: images and attachments, by year and access. */
export function mediaFolders(year, members) {
  const part = members ? "members/" : "";
  return { images: `images/${part}${year}`, files: `files/${part}${year}` };
}
