// Chinese line joining for the preview: a port of plugins/cjk_markdown (rules.py
// and extension.py's join_cjk_lines), so the preview shows no stray space where an
// editor wrapped a Chinese line, and keeps the space between wrapped English
// words. Keep the two in step: plugins/site_admin/test_editor_js.py checks this
// module against the Python function on 20,000 random HTML strings.
//
// The rules (plugins/cjk_markdown/README.md): a soft break is removed when the
// character on either side is CJK (Han, kana, bopomofo, CJK symbols, full-width
// punctuation, letters and digits); “ ” ‘ ’ — ― … · count as CJK only when the
// other side is CJK (both ambiguous: the nearest other characters decide);
// otherwise the break stays. Inline tags, images and footnote marks are looked
// through, a code span's first or last character counts, an entity counts as its
// character; <pre>, <code>, <script>, <style> and <textarea> are untouched.

const CJK_RANGES = [
  [0x2103, 0x2103], [0x2109, 0x2109], [0x203b, 0x203b], [0x2160, 0x217f], [0x2460, 0x24ff],
  [0x2e80, 0x2fdf], [0x2ff0, 0x2fff], [0x3000, 0x303f], [0x3040, 0x30ff], [0x3100, 0x312f],
  [0x3190, 0x31ff], [0x3200, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xf900, 0xfaff],
  [0xfe10, 0xfe1f], [0xfe30, 0xfe6f], [0xff01, 0xff60], [0xff61, 0xff9f], [0xffe0, 0xffe6],
  [0x1b000, 0x1b16f], [0x20000, 0x3ffff],
];
const AMBIGUOUS = "\u201c\u201d\u2018\u2019\u2014\u2015\u2026\u00b7";
const CJK = 2, AMB = 1, OTHER = 0;

// Python's \b after a tag name: no Unicode letter, digit or "_" follows.
const END_OF_NAME = "(?![\\p{L}\\p{N}_])";
// Python's \s (str.isspace), not JavaScript's.
const PY_SPACE = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const INLINE = "a|abbr|b|bdi|bdo|cite|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var";
const ONE_TAG = `</?(?:${INLINE})${END_OF_NAME}[^>]*>|<img${END_OF_NAME}[^>]*>`;
const ONE_TAG_AT = new RegExp(ONE_TAG, "iuy");
const ONE_TAG_WHOLE = new RegExp(`^(?:${ONE_TAG})$`, "iu");
const FOOTNOTE_REF = '<sup id="fnref[^"]*"><a class="footnote-ref" href="[^"]*">[^<]*</a></sup>';
const FOOTNOTE_AT = new RegExp(FOOTNOTE_REF, "uy");
const FOOTNOTE_WHOLE = new RegExp(`^${FOOTNOTE_REF}$`, "u");
const CODE_OPEN_AT = new RegExp(`<code${END_OF_NAME}[^>]*>`, "iuy");
const ENTITY_AT = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/y;
const VERBATIM = new RegExp(`<(pre|code|script|style|textarea)${END_OF_NAME}.*?</\\1[${PY_SPACE}]*>`, "gisu");

// html.unescape for what the joiner needs: numeric references (with the HTML5
// replacements) and the named entities Markdown and editors write.
const NAMED = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0", ldquo: "\u201c",
  rdquo: "\u201d", lsquo: "\u2018", rsquo: "\u2019", mdash: "\u2014", ndash: "\u2013", hellip: "\u2026",
  middot: "\u00b7", copy: "\u00a9", reg: "\u00ae", times: "\u00d7", divide: "\u00f7", deg: "\u00b0" };
const CP1252 = { 0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020,
  0x87: 0x2021, 0x88: 0x2c6, 0x89: 0x2030, 0x8a: 0x160, 0x8b: 0x2039, 0x8c: 0x152, 0x8e: 0x17d,
  0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014,
  0x98: 0x2dc, 0x99: 0x2122, 0x9a: 0x161, 0x9b: 0x203a, 0x9c: 0x153, 0x9e: 0x17e, 0x9f: 0x178 };

function unescapeEntity(entity) {
  const body = entity.slice(1, -1);
  if (body[0] !== "#") return Object.hasOwn(NAMED, body) ? NAMED[body] : entity;
  const num = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
  if (Object.hasOwn(CP1252, num)) return String.fromCodePoint(CP1252[num]);
  if (num === 0 || (num >= 0xd800 && num <= 0xdfff) || num > 0x10ffff) return "\ufffd";
  return String.fromCodePoint(num);
}

function kind(char) {
  if (!char) return OTHER;
  const code = char.codePointAt(0);
  if (code < 0xb7) return OTHER;
  if (AMBIGUOUS.includes(char)) return AMB;
  return CJK_RANGES.some(([lo, hi]) => code >= lo && code <= hi) ? CJK : OTHER;
}

function removesBreak(left, right, farLeft = "", farRight = "") {
  const a = kind(left), b = kind(right);
  if (a === CJK || b === CJK) return true;
  if (a === AMB && b === AMB) return kind(farLeft) === CJK || kind(farRight) === CJK;
  return false;
}

/** The code point ending at `end` (exclusive) and its start index. */
function pointBefore(text, end) {
  const low = text.charCodeAt(end - 1);
  if (low >= 0xdc00 && low <= 0xdfff && end >= 2) {
    const high = text.charCodeAt(end - 2);
    if (high >= 0xd800 && high <= 0xdbff) return [text.slice(end - 2, end), end - 2];
  }
  return [text[end - 1], end - 1];
}

/** The code point starting at `start`. */
function pointAt(text, start) {
  return String.fromCodePoint(text.codePointAt(start));
}

/** Remove source newlines that would render as unwanted spaces. */
export function joinCjkLines(html) {
  html = String(html);
  if (!html.includes("\n")) return html;
  const spans = []; // start, end, start, end… of verbatim elements
  if (html.includes("<")) {
    for (const match of html.matchAll(VERBATIM)) spans.push(match.index, match.index + match[0].length);
  }
  const out = [];
  let kept = 0; // end of the last removed break
  let newline = html.indexOf("\n");
  while (newline !== -1) {
    const after = bisectRight(spans, newline);
    if (after % 2 === 1) {
      newline = html.indexOf("\n", spans[after]);
      continue;
    }
    let start = newline, end = newline + 1;
    while (start > kept && (html[start - 1] === " " || html[start - 1] === "\t")) start--;
    while (end < html.length && (html[end] === " " || html[end] === "\t")) end++;
    if (removes(html, start, end)) {
      out.push(html.slice(kept, start));
      kept = end;
    }
    newline = html.indexOf("\n", newline + 1);
  }
  out.push(html.slice(kept));
  return out.join("");
}

function bisectRight(list, value) {
  let lo = 0, hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value < list[mid]) hi = mid; else lo = mid + 1;
  }
  return lo;
}

function removes(html, start, end) {
  let [left, leftAt] = leftChar(html, start);
  let [right, rightAt] = rightChar(html, end);
  if (left && right && AMBIGUOUS.includes(left) && AMBIGUOUS.includes(right)) {
    let farLeft = left, farRight = left;
    while (farLeft && AMBIGUOUS.includes(farLeft)) [farLeft, leftAt] = leftChar(html, leftAt);
    while (farRight && AMBIGUOUS.includes(farRight)) [farRight, rightAt] = rightChar(html, rightAt + 1);
    return removesBreak(left, right, farLeft, farRight);
  }
  return removesBreak(left, right);
}

/** The character before `end` looking through inline markup, and its index. */
function leftChar(html, end) {
  while (end > 0) {
    const char = html[end - 1];
    if (char === ">") {
      const tagStart = findTagStart(html, end);
      if (tagStart === null) return [char, end - 1];
      if (html.startsWith("</code", tagStart) || html.startsWith("</CODE", tagStart)) {
        const opening = html.lastIndexOf("<code", tagStart - 1);
        let opened = null;
        if (opening !== -1) {
          CODE_OPEN_AT.lastIndex = opening;
          opened = CODE_OPEN_AT.exec(html);
        }
        if (opened !== null && CODE_OPEN_AT.lastIndex < tagStart) return leftChar(html.slice(0, tagStart), tagStart);
        end = opened !== null ? opening : tagStart;
        continue;
      }
      end = tagStart;
    } else if (char === ";") {
      const amp = html.lastIndexOf("&", end - 2);
      if (amp !== -1 && amp >= end - 40) {
        ENTITY_AT.lastIndex = amp;
        const entity = ENTITY_AT.exec(html);
        if (entity && ENTITY_AT.lastIndex === end) {
          const chars = Array.from(unescapeEntity(entity[0]));
          return [chars[chars.length - 1], amp];
        }
      }
      return [char, end - 1];
    } else {
      return pointBefore(html, end);
    }
  }
  return ["", -1];
}

/** The character from `start` on looking through inline markup, and its index. */
function rightChar(html, start) {
  while (start < html.length) {
    const char = html[start];
    if (char === "<") {
      CODE_OPEN_AT.lastIndex = start;
      const code = CODE_OPEN_AT.exec(html);
      if (code !== null) {
        const codeEnd = CODE_OPEN_AT.lastIndex;
        const closing = html.indexOf("</code", codeEnd);
        if (closing > codeEnd) return rightChar(html.slice(0, closing), codeEnd);
        start = closing !== -1 ? html.indexOf(">", closing) + 1 : codeEnd;
        continue;
      }
      FOOTNOTE_AT.lastIndex = start;
      let skip = FOOTNOTE_AT.exec(html) ? FOOTNOTE_AT.lastIndex : -1;
      if (skip === -1) {
        ONE_TAG_AT.lastIndex = start;
        skip = ONE_TAG_AT.exec(html) ? ONE_TAG_AT.lastIndex : -1;
      }
      if (skip === -1) return [char, start];
      start = skip;
    } else if (char === "&") {
      ENTITY_AT.lastIndex = start;
      const entity = ENTITY_AT.exec(html);
      if (entity === null) return [char, start];
      return [Array.from(unescapeEntity(entity[0]))[0], ENTITY_AT.lastIndex - 1];
    } else {
      return [pointAt(html, start), start];
    }
  }
  return ["", html.length];
}

/** Start of the skippable markup (inline tag, image, footnote mark, code closing
 *  tag) that ends at `end`; null when it is something else. */
function findTagStart(html, end) {
  const floor = html.lastIndexOf(">", end - 2) + 1; // a tag holds no ">" before its end
  const start = html.lastIndexOf("<", end - 1);
  if (start === -1 || start < floor) return null;
  if (html.startsWith("</sup>", start)) {
    const ref = html.lastIndexOf('<sup id="fnref', start - 1);
    if (ref !== -1 && FOOTNOTE_WHOLE.test(html.slice(ref, end))) return ref;
  }
  const tag = html.slice(start, end);
  if (ONE_TAG_WHOLE.test(tag) || tag.toLowerCase().startsWith("</code")) return start;
  return null;
}
