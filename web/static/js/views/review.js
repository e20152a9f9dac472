// Review: the audit log over a period (GET /v1/audit/report, scope
// audit): totals, charts of the day series, the tables of what was
// shared with whom, searches and hits, what disclosure policies withheld,
// purges under retention, refusals; exported as CSV (the same report with
// format=csv) and printable (@media print in review.css, a print button).
// The period is in the address (#/review?from=&to=, UTC dates, both
// included) so that a review can be reopened.
import { el } from "../dom.js";
import { alert, problemText, saveBlob, table } from "../review/common.js";
import { barChart, dayRange } from "../review/charts.js";

const MAX_DAYS = 366; // exchange.MaxAuditPeriod

const series = [
  ["calls", "Calls"], ["shares", "Shares"], ["searches", "Searches"], ["hits", "Hits"],
  ["rejections", "Rejections"], ["failures", "Failures"], ["purges", "Purges"], ["withheld", "Withheld by policy"],
];

export async function render(root, ctx) {
  const { api, navigate, params } = ctx;
  root.append(el("h1", {}, "Review of the exchange"));
  if (!api.can("audit")) {
    root.append(el("p", { role: "alert" }, `The review needs the "audit" scope; this token has ${api.scopes().join(", ") || "none"}.`));
    return;
  }
  const today = new Date().toISOString().slice(0, 10);
  const q = params.query || {};
  const to = validDate(q.to) || today;
  const from = validDate(q.from) || addDays(to, -29);
  const fromIn = el("input", { type: "date", id: "from", name: "from", value: from, max: today, required: true });
  const toIn = el("input", { type: "date", id: "to", name: "to", value: to, max: today, required: true });
  const formStatus = el("p", { id: "period-status", role: "status", "aria-live": "polite" });
  const form = el("form", { id: "period", class: "period no-print", "aria-describedby": "period-help" },
    el("div", { class: "period-fields" },
      el("div", {}, el("label", { for: "from" }, "From (UTC day, included)"), fromIn),
      el("div", {}, el("label", { for: "to" }, "To (UTC day, included)"), toIn)),
    el("p", { id: "period-help", class: "muted" }, `At most ${MAX_DAYS} days.`),
    el("div", { class: "actions" }, el("button", { type: "submit", id: "show" }, "Show")),
    formStatus);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = fromIn.value;
    const t = toIn.value;
    if (!validDate(f) || !validDate(t) || f > t) {
      formStatus.replaceChildren(alert("The period must be two dates, the first not after the second."));
      return;
    }
    if ((Date.parse(t) - Date.parse(f)) / 86400000 + 1 > MAX_DAYS) {
      formStatus.replaceChildren(alert(`The period is longer than ${MAX_DAYS} days.`));
      return;
    }
    navigate(`#/review?from=${f}&to=${t}`);
  });
  root.append(form);

  const since = `${from}T00:00:00Z`;
  const until = `${addDays(to, 1)}T00:00:00Z`;
  const query = `since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}`;
  const out = el("div", { id: "review", "data-state": "loading" });
  root.append(out);
  let s;
  try {
    s = await api.json("GET", `/v1/audit/report?${query}`);
  } catch (err) {
    out.dataset.state = "failed";
    out.append(alert(problemText(err)));
    return;
  }
  const csv = el("button", { type: "button", class: "secondary", id: "csv" }, "Download CSV");
  const csvStatus = el("span", { role: "status", "aria-live": "polite", class: "muted" });
  csv.addEventListener("click", async () => {
    csvStatus.textContent = "Preparing…";
    try {
      const blob = await api.blob("GET", `/v1/audit/report?${query}&format=csv`, undefined, { Accept: "text/csv" });
      saveBlob(blob, `biogate-review-${from}-to-${to}.csv`);
      csvStatus.textContent = "CSV downloaded.";
    } catch (err) {
      csvStatus.textContent = `CSV not made: ${problemText(err)}`;
    }
  });
  const print = el("button", { type: "button", class: "secondary", id: "print" }, "Print");
  print.addEventListener("click", () => window.print());

  const dates = dayRange(new Date(since), new Date(until), MAX_DAYS + 1);
  const t = s.totals || {};
  out.replaceChildren(
    el("p", { class: "period-line" }, `From ${from} to ${to} (UTC, both included): ${s.entries} audit entries.`,
      s.truncated?.length ? el("strong", {}, ` Tables capped (rows folded into "(other)"): ${s.truncated.join(", ")}.`) : null),
    el("div", { class: "actions no-print" }, csv, print, csvStatus),
    el("section", { "aria-labelledby": "totals-h" }, el("h2", { id: "totals-h" }, "Totals"),
      el("dl", { class: "totals", id: "totals" }, series.flatMap(([k, name]) =>
        el("div", { class: "total", "data-total": k }, el("dt", {}, name), el("dd", {}, String(t[k] ?? 0)))))),
    el("section", { "aria-labelledby": "charts-h", class: "charts" }, el("h2", { id: "charts-h" }, "By day"),
      el("div", { class: "chart-grid" }, series.map(([k, name]) => barChart(`chart-${k}`, name, dates, s.days || [], k)))),
    el("section", { "aria-labelledby": "tables-h" }, el("h2", { id: "tables-h" }, "Details"),
      table("What was shared with whom", ["From", "To", "Action", "Type (1.004)", "Times", "Transactions"],
        (s.shares || []).map((x) => [x.from, x.to, x.action, x.type || "", x.n, x.transactions]), { id: "shares" }),
      table("Galleries: enrolments, searches and hits", ["Partner", "Gallery", "Enrolments", "Removals", "Searches", "Hits", "Candidates disclosed", "Verifications", "Expired"],
        (s.matching || []).map((x) => [x.partner, x.gallery, x.enrolments, x.unenrolments, x.searches, x.hits, x.disclosed, x.verifications, x.expired]), { id: "matching" }),
      table("Withheld by disclosure policies", ["Partner (whose policy)", "Action", "Item", "Times"],
        (s.withheld || []).map((x) => [x.partner, x.action, x.item, x.n]), { id: "withheld" }),
      table("Purged under retention", ["Partner (whose retention)", "Kind", "Type (1.004)", "Gallery", "Count"],
        (s.purges || []).map((x) => [x.partner, x.kind, x.type || "", x.gallery || "", x.n]), { id: "purges" }),
      table("Refused or failed", ["Partner", "Action", "Outcome", "Reason", "Times"],
        (s.rejections || []).map((x) => [x.actor, x.action, x.outcome, x.reason, x.n]), { id: "rejections" }),
      table("Calls by partner", ["Partner", "Action", "Outcome", "Times"],
        (s.calls || []).map((x) => [x.actor, x.action, x.outcome, x.n]), { id: "calls" }),
      table("Days", ["Day (UTC)", ...series.map(([, name]) => name)],
        (s.days || []).map((d) => [d.date, ...series.map(([k]) => d[k] ?? 0)]), { id: "days" })));
  out.dataset.state = "shown";
}

function validDate(s) {
  return typeof s === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s)) ? s : "";
}

function addDays(date, n) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}
