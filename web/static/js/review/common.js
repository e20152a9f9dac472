// Helpers shared by the transactions, inbox and review views: dates,
// tables, states shown as a word and a shape (never colour alone), and
// the paging of /v1 listings (?after=&limit=, answer {items, next}).
import { el } from "../dom.js";

// when formats an RFC 3339 time as UTC, to the second.
export function when(t) {
  if (!t) return "";
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

// state is a delivery or search state as a badge: a word with a shape.
export function state(s) {
  const shapes = { delivered: "●", acked: "✔", failed: "✖", pending: "◌", answered: "✔" };
  return el("span", { class: `state state-${s}`, "data-state": s }, `${shapes[s] || "•"} ${s}`);
}

// table builds a table with a caption and a header row; rows are arrays
// of cells (strings or nodes). An empty table says so in one row.
export function table(caption, headers, rows, attrs) {
  const body = rows.length > 0
    ? rows.map((r) => el("tr", {}, r.map((c, i) => (i === 0 ? el("th", { scope: "row" }, c) : el("td", {}, c)))))
    : [el("tr", {}, el("td", { colspan: headers.length, class: "muted" }, "none"))];
  return el("div", { class: "table-wrap" },
    el("table", attrs || {},
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, headers.map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, body)));
}

// problemText says what an API error was.
export function problemText(err) {
  if (!err) return "";
  return err.detail ? `${err.title}: ${err.detail}` : (err.title || err.message || String(err));
}

// alert is an error paragraph read out at once.
export function alert(text) {
  return el("p", { class: "error", role: "alert" }, text);
}

// pageSize is the listing's page size: ?limit= of the view's address
// (1 to 100, the API's bound), 20 otherwise.
export function pageSize(params) {
  const n = Number(params?.query?.limit);
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : 20;
}

// pager loads pages of a listing: load(after) answers {items, next};
// show(items) fills the view. It returns the controls (first page, next
// page) and a start function.
export function pager(label, load, show) {
  const first = el("button", { type: "button", class: "secondary", "data-page": "first" }, "First page");
  const next = el("button", { type: "button", class: "secondary", "data-page": "next" }, "Next page");
  const status = el("span", { class: "muted", role: "status", "aria-live": "polite" });
  const nav = el("nav", { class: "actions pager", "aria-label": `${label} pages` }, first, next, status);
  let page = 1;
  let cursor = "";
  const go = async (after, n) => {
    first.disabled = next.disabled = true;
    status.textContent = "Loading…";
    try {
      const p = await load(after);
      page = n;
      cursor = p.next || "";
      show(p.items || []);
      status.textContent = `Page ${page}${cursor ? "" : " (last)"}`;
    } catch (err) {
      status.textContent = "";
      show(null, err);
    }
    first.disabled = page === 1;
    next.disabled = !cursor;
  };
  first.addEventListener("click", () => go("", 1));
  next.addEventListener("click", () => go(cursor, page + 1));
  return { nav, start: () => go("", 1) };
}

// saveBlob offers a Blob as a download named name (an <a download> on
// an object URL: the token stays in the API call, never in a URL).
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
