// Runs the editor's modules under Node.js for test_editor_js.py: reads one JSON
// request on stdin ({op, ...}), writes the JSON answer on stdout. Not served.

import { joinCjkLines } from "./editor/cjk-join.js";
import { parseAttachments, pelicanFormat } from "./editor/pelican-format.js";
import { dateProblem, nameProblem, normalDate, siteNow } from "./editor/rules.js";

const OPS = {
  toFile: ({ site, cases }) => {
    const format = pelicanFormat(site);
    return cases.map(({ data, sortedKeys }) => format.toFile(data, sortedKeys));
  },
  fromFile: ({ site, texts }) => texts.map((text) => pelicanFormat(site).fromFile(text)),
  roundTrip: ({ site, cases }) => {
    const format = pelicanFormat(site);
    return cases.map(({ text, sortedKeys }) => format.toFile(format.fromFile(text), sortedKeys));
  },
  join: ({ texts }) => texts.map(joinCjkLines),
  attachments: ({ texts }) => texts.map((text) => parseAttachments(text).map((a) => [a.file, a.title])),
  name: ({ cases }) => cases.map(({ name, column, year, taken }) => nameProblem(name, { column, year, taken })),
  date: ({ cases }) => cases.map(({ value, status, folderYear, now }) => dateProblem(value, { status, folderYear, now })),
  normalDate: ({ texts }) => texts.map(normalDate),
  siteNow: ({ instants }) => instants.map((ms) => siteNow(new Date(ms))),
};

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  process.stdout.write(JSON.stringify(OPS[request.op](request)));
});
