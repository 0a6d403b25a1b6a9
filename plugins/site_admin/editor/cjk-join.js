// Chinese line joining for the preview: a port of plugins/cjk_markdown/extension.py
// (join_cjk_lines), so the preview shows no stray space where an editor wrapped a
// Chinese line. Keep the two in step: plugins/site_admin/test_editor_js.py checks
// this module against the Python function on 20,000 random HTML strings.
//
// A newline (with the spaces around it) is removed when both neighbours are CJK
// characters or full-width punctuation, or either neighbour is full-width
// punctuation; inline tags between the newline and the character are looked
// through; <pre>, <code>, <script>, <style> and <textarea> are untouched.

const CJK_CHARS = "\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\u{20000}-\\u{3ffff}";
const FULLWIDTH_PUNCT = "\\u3000-\\u303f\\uff00-\\uffef\\u2014\\u2015\\u2018\\u2019\\u201c\\u201d\\u2026\\u00b7";
const WIDE_CHAR = new RegExp(`^[${CJK_CHARS}${FULLWIDTH_PUNCT}]$`, "u");
const PUNCT_CHAR = new RegExp(`^[${FULLWIDTH_PUNCT}]$`, "u");
// Python's \b after a tag name: no Unicode letter, digit or "_" follows.
const END_OF_NAME = "(?![\\p{L}\\p{N}_])";
// Python's \s (str.isspace), not JavaScript's.
const PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const TAG = `</?(?:a|abbr|b|em|i|span|strong|sub|sup|mark|del|ins|s|u|small)${END_OF_NAME}[^>]*>`;
const ONE_TAG_AT = new RegExp(TAG, "uy");
const ONE_TAG_WHOLE = new RegExp(`^${TAG}$`, "u");
const VERBATIM = new RegExp(`(<(pre|code|script|style|textarea)${END_OF_NAME}.*?</\\2[${PY_SPACE}]*>)`, "isu");

/** Remove source newlines that would render as spaces inside Chinese text. */
export function joinCjkLines(html) {
  const parts = String(html).split(VERBATIM);
  // split() with two groups yields: text, whole match, tag name, text, ...
  let out = "";
  parts.forEach((part, index) => {
    const kind = index % 3;
    if (kind === 0) out += part.includes("\n") ? joinText(part) : part;
    else if (kind === 1) out += part;
  });
  return out;
}

/** The code point that ends at `index` (exclusive), or "" at the start. */
function charBefore(text, index) {
  if (index <= 0) return "";
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text[index - 1];
}

/** The code point that starts at `index`, or "" at the end. */
function charAt(text, index) {
  if (index >= text.length) return "";
  return String.fromCodePoint(text.codePointAt(index));
}

function joinText(text) {
  let out = "";
  let kept = 0; // end of the last dropped newline
  let newline = text.indexOf("\n");
  while (newline !== -1) {
    let start = newline;
    let end = newline + 1;
    while (start > kept && (text[start - 1] === " " || text[start - 1] === "\t")) start--;
    while (end < text.length && (text[end] === " " || text[end] === "\t")) end++;
    const before = tagsStart(text, start);
    const after = tagsEnd(text, end);
    const left = charBefore(text, before);
    const right = charAt(text, after);
    const leftPunct = left !== "" && PUNCT_CHAR.test(left);
    const rightPunct = right !== "" && PUNCT_CHAR.test(right);
    const bothWide = left !== "" && WIDE_CHAR.test(left) && right !== "" && WIDE_CHAR.test(right);
    if (bothWide || leftPunct || rightPunct) {
      out += text.slice(kept, start);
      kept = end;
    }
    newline = text.indexOf("\n", newline + 1);
  }
  return out + text.slice(kept);
}

/** Start of the run of inline tags that ends at `end` (`end` if none). */
function tagsStart(text, end) {
  while (end > 0 && text[end - 1] === ">") {
    const floor = text.lastIndexOf(">", end - 2) + 1; // a tag holds no ">" before its end
    let start = text.indexOf("<", floor);
    while (start !== -1 && start < end && !ONE_TAG_WHOLE.test(text.slice(start, end))) {
      start = text.indexOf("<", start + 1);
    }
    if (start === -1 || start >= end) break;
    end = start;
  }
  return end;
}

/** End of the run of inline tags that begins at `start`. */
function tagsEnd(text, start) {
  for (;;) {
    ONE_TAG_AT.lastIndex = start;
    const tag = ONE_TAG_AT.exec(text);
    if (!tag) return start;
    start = ONE_TAG_AT.lastIndex;
  }
}
