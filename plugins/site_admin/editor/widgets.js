// The form's own widgets (Decap CMS custom widgets): the file name, Beijing-time dates,
// the status and the member-only flag. Each checks its value with rules.js and
// answers in Chinese; Decap refuses to save while any field has a problem.

import {
  accessProblem, dateProblem, nameProblem, normalDate, pathParts, siteNow, statusProblem, yearOf,
} from "./rules.js";

const { h, createClass } = window;

function draft(props) {
  return props.getEntry ? props.getEntry() : props.entry;
}

function isNew(entry) {
  return !entry || entry.get("newRecord") !== false;
}

function dataOf(entry) {
  const data = entry && entry.get("data");
  return data && typeof data.toJS === "function" ? data.toJS() : (data || {});
}

function problem(message) {
  return message ? { error: { message } } : true;
}

function hint(text) {
  return h("p", { style: { margin: "6px 0 0", color: "#555", fontSize: "13px" } }, text);
}

/** `site`: site-data.json; `site.columns[name]` = {members, taken: {"2024": [names]}}. */
export function registerWidgets(CMS, site) {
  const columnOf = (props) => site.columns[props.collection?.get("name")] || {};

  const NameControl = createClass({
    // An existing article's name is its file's: the field is filled, not empty.
    getValidateValue() {
      const entry = draft(this.props);
      return isNew(entry) ? this.props.value : (pathParts(entry.get("path")) || {}).name;
    },
    isValid() {
      const entry = draft(this.props);
      if (!isNew(entry)) return true;
      const column = columnOf(this.props);
      const year = yearOf(dataOf(entry).date);
      const taken = (column.taken && year && column.taken[year]) || [];
      return problem(nameProblem(this.props.value, { column: this.props.collection?.get("name"), year, taken }));
    },
    render() {
      const entry = draft(this.props);
      if (!isNew(entry)) {
        const parts = pathParts(entry.get("path")) || {};
        return h("div", { className: this.props.classNameWrapper, id: this.props.forID },
          h("code", null, `${parts.name || ""}`),
          hint("已保存的文章不能改文件名：文件名就是网址，发布后一直不变。"));
      }
      return h("input", {
        type: "text", id: this.props.forID, className: this.props.classNameWrapper,
        value: this.props.value || "", autoComplete: "off", spellCheck: false,
        placeholder: "例如 food-safety-training-2024",
        onChange: (event) => this.props.onChange(event.target.value),
        onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
      });
    },
  });

  // `YYYY-MM-DD HH:MM` in Asia/Shanghai, edited with the browser's date-time picker.
  const DateControl = createClass({
    componentDidMount() {
      const field = this.props.field;
      if (!this.props.value && field.get("default_now", false) && isNew(draft(this.props))) {
        this.props.onChange(siteNow());
      }
    },
    isValid() {
      const entry = draft(this.props);
      const field = this.props.field;
      if (!field.get("article_date", false)) {
        if (!this.props.value) return true;
        const normal = normalDate(this.props.value);
        return problem(normal ? null : `“${this.props.value}”无法识别，请写成 2024-05-20 17:00（北京时间）`);
      }
      const data = dataOf(entry);
      const folderYear = isNew(entry) ? null : (pathParts(entry.get("path")) || {}).year;
      return problem(dateProblem(this.props.value, {
        status: data.status, folderYear, now: siteNow(),
      }));
    },
    render() {
      const value = this.props.value || "";
      const normal = normalDate(value);
      return h("div", null,
        h("input", {
          type: "datetime-local", id: this.props.forID, className: this.props.classNameWrapper,
          value: normal ? normal.replace(" ", "T") : "",
          onChange: (event) => this.props.onChange(event.target.value.replace("T", " ").slice(0, 16)),
          onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
        }),
        value && !normal ? hint(`文件里写的是“${value}”，请重新选择日期和时间。`) : null);
    },
  });

  const STATUS_LABELS = { draft: "草稿（不发布）", scheduled: "定时发布（到日期时间自动发布）", published: "发布" };

  const StatusControl = createClass({
    componentDidMount() {
      if (!this.props.value) this.props.onChange(this.props.field.get("default", "draft"));
    },
    isValid() {
      const entry = draft(this.props);
      const data = dataOf(entry);
      const column = columnOf(this.props);
      if (!Object.hasOwn(STATUS_LABELS, this.props.value || "")) {
        return problem(`状态“${this.props.value || ""}”不认识，请选草稿、定时发布或发布`);
      }
      if (isNew(entry)) return true;
      return problem(statusProblem({ loaded: data.loaded, status: this.props.value, memberColumn: column.members }));
    },
    render() {
      return h("select", {
        id: this.props.forID, className: this.props.classNameWrapper, value: this.props.value || "draft",
        onChange: (event) => this.props.onChange(event.target.value),
        onFocus: this.props.setActiveStyle, onBlur: this.props.setInactiveStyle,
      }, Object.entries(STATUS_LABELS).map(([value, label]) => h("option", { key: value, value }, label)));
    },
  });

  const AccessControl = createClass({
    isValid() {
      const entry = draft(this.props);
      if (isNew(entry)) return true;
      const data = dataOf(entry);
      return problem(accessProblem({ loaded: data.loaded, access: this.props.value === true,
        memberColumn: columnOf(this.props).members }));
    },
    render() {
      const checked = this.props.value === true;
      return h("label", { className: this.props.classNameWrapper, style: { display: "block" } },
        h("input", {
          type: "checkbox", id: this.props.forID, checked,
          onChange: (event) => this.props.onChange(event.target.checked),
        }),
        " 仅会员可见（写成 Access: members：只出现在会员专区，附件放在 files/members/ 下）");
    },
  });

  CMS.registerWidget("article-name", NameControl);
  CMS.registerWidget("site-datetime", DateControl);
  CMS.registerWidget("article-status", StatusControl);
  CMS.registerWidget("article-access", AccessControl);
}
