// Transactions: what the partner sent and received (GET /v1/transactions,
// paged), each with its delivery states; one transaction's page
// (#/transactions/<id>) shows its metadata and deliveries, its prints
// (the stored bytes as the reader may see them, GET /v1/transactions/<id>,
// decoded by the service), and for a search transaction its state, its
// candidates and the response transaction side by side with the probe.
//
// Minutiae pairs: the matching backends answer a candidate's subject,
// score and finger position only (match/backend.Candidate); the matcher
// pairs minutiae internally but reports no pairs, so none are drawn, and
// the page says so.
import { el } from "../dom.js";
import { alert, pageSize, pager, problemText, state, table, when } from "../review/common.js";
import { printsOf } from "../review/prints.js";

export async function render(root, ctx) {
  if (ctx.params.id) return detail(root, ctx, ctx.params.id);
  return list(root, ctx);
}

function list(root, { api, params }) {
  const limit = pageSize(params);
  root.append(el("h1", {}, "Transactions"),
    el("p", { class: "muted" }, `What ${api.partner() || "this partner"} sent and received${api.can("admin") ? " (every partner's, with admin)" : ""}, oldest first.`));
  const holder = el("div", { id: "tx-list" });
  const { nav, start } = pager("Transactions", (after) =>
    api.json("GET", `/v1/transactions?limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ""}`),
  (items, err) => {
    if (err) {
      holder.replaceChildren(alert(problemText(err)));
      return;
    }
    holder.replaceChildren(table("Transactions", ["Transaction", "Received", "Sender", "Type (1.004)", "Deliveries", "Search"],
      items.map((t) => [
        el("a", { href: `#/transactions/${encodeURIComponent(t.id)}`, class: "mono" }, t.id),
        when(t.received), t.sender, t.tot || "",
        deliveries(t.deliveries),
        t.search ? state(t.search.state) : "",
      ]), { id: "transactions", "data-count": items.length }));
  });
  root.append(nav, holder);
  return start();
}

// deliveries lists partner: state.
function deliveries(ds) {
  if (!ds || ds.length === 0) return "";
  return el("ul", { class: "plain" }, ds.map((d) => el("li", { "data-partner": d.partner }, `${d.partner}: `, state(d.state))));
}

async function detail(root, { api }, id) {
  root.append(el("p", {}, el("a", { href: "#/transactions" }, "← All transactions")),
    el("h1", {}, "Transaction ", el("span", { class: "mono" }, id)));
  let t;
  try {
    t = await api.json("GET", `/v1/transactions/${encodeURIComponent(id)}/meta`);
  } catch (err) {
    root.append(alert(problemText(err)));
    return;
  }
  root.dataset.transaction = id;
  root.append(metadata(t), deliveryTable(t));
  const original = api.blob("GET", `/v1/transactions/${encodeURIComponent(id)}`);
  if (t.search) {
    await searchSection(root, api, t, original);
    return;
  }
  const bytes = await original.catch((err) => { root.append(alert(`Not read: ${problemText(err)}`)); return null; });
  if (!bytes) return;
  const p = printsOf(api, bytes, "Prints", "tx-prints");
  root.append(p.section);
  await p.done;
}

function metadata(t) {
  const rows = [
    ["Sender", t.sender], ["Received", when(t.received)], ["Format", t.format],
    ["Type (1.004 TOT)", t.tot], ["Version", t.version], ["Originating agency (1.008 ORI)", t.ori],
    ["Destination (1.007 DAI)", t.dai], ["Control number (1.009 TCN)", t.tcn], ["Profile", t.profile],
    ["Conformant", t.conformant ? "yes" : "no"], ["Size", t.size ? `${t.size} bytes` : ""], ["SHA-256", t.sha256],
  ].filter(([, v]) => v !== undefined && v !== "");
  return el("section", { "aria-labelledby": "meta-h" }, el("h2", { id: "meta-h" }, "Metadata"),
    el("dl", { class: "summary", id: "tx-meta" }, rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)])));
}

function deliveryTable(t) {
  return el("section", { "aria-labelledby": "deliveries-h" }, el("h2", { id: "deliveries-h" }, "Deliveries"),
    table("Deliveries of this transaction", ["Recipient", "State", "Format", "Size", "Created", "Acknowledged", "Error or notes"],
      (t.deliveries || []).map((d) => [d.partner, state(d.state), d.format + (d.dialect ? ` (${d.dialect})` : ""),
        d.size ? `${d.size} bytes` : "", when(d.created), when(d.acked), d.error || notes(d.findings)]),
      { id: "deliveries" }));
}

// notes summarises a delivery's findings: what the recipient's policy
// withheld, conversion notes.
function notes(f) {
  if (!f || typeof f !== "object") return "";
  const parts = [];
  if (f.removed?.length) parts.push(`withheld by the recipient's policy: ${f.removed.join("; ")}`);
  if (f.notes?.length) parts.push(...f.notes);
  return parts.join(" · ");
}

// searchSection: the search's state and candidates, then the probe's
// prints and the response transaction side by side.
async function searchSection(root, api, t, original) {
  const s = t.search;
  const replies = s.replies?.length ? s.replies : (s.reply ? [s.reply] : []);
  root.append(el("section", { "aria-labelledby": "search-h", id: "search" },
    el("h2", { id: "search-h" }, "Search"),
    el("dl", { class: "summary" },
      el("dt", {}, "State"), el("dd", { id: "search-state" }, state(s.state)),
      el("dt", {}, "Candidates disclosed"), el("dd", { id: "search-candidates" }, String(s.candidates ?? 0)),
      s.error ? [el("dt", {}, "Why"), el("dd", {}, s.error)] : null,
      el("dt", {}, "Response transactions"), el("dd", {}, replies.length === 0 ? "none yet" :
        el("ul", { class: "plain" }, replies.map((r) => el("li", {}, el("a", { href: `#/transactions/${encodeURIComponent(r)}`, class: "mono" }, r)))))),
    el("p", { class: "muted", id: "pairs-note" },
      "Minutiae pairs are not drawn: the matching backends report each candidate's subject, score and finger position, not the minutiae they paired.")));
  const probeCol = el("div", { class: "side-by-side-col" });
  const replyCol = el("div", { class: "side-by-side-col", id: "reply" }, el("h3", {}, "Response transaction"));
  root.append(el("div", { class: "side-by-side", id: "search-compare" }, probeCol, replyCol));
  const waits = [];
  const bytes = await original.catch((err) => { probeCol.append(alert(`Probe not read: ${problemText(err)}`)); return null; });
  if (bytes) {
    const p = printsOf(api, bytes, "Probe", "probe-prints");
    probeCol.append(p.section);
    waits.push(p.done);
  }
  if (replies.length === 0) replyCol.append(el("p", { class: "muted" }, s.state === "pending" ? "The search is waiting for its matching backend." : "No response transaction."));
  for (const r of replies) waits.push(responseOf(api, r, replyCol));
  await Promise.all(waits);
}

// responseOf shows a response transaction's Type-2 fields (the candidate
// list, 2.064 CAN or RLS) from its JSON form, which the read scope gives.
async function responseOf(api, id, col) {
  const box = el("section", { class: "response", "data-reply": id }, el("h4", {}, el("a", { href: `#/transactions/${encodeURIComponent(id)}`, class: "mono" }, id)));
  col.append(box);
  try {
    const form = await api.json("GET", `/v1/transactions/${encodeURIComponent(id)}?format=json`);
    const recs = form.records || [];
    const t1 = recs.find((r) => r.type === 1);
    const tot = t1?.fields?.find((f) => f.tag === "1.004");
    box.append(el("p", {}, "Type: ", el("strong", {}, valueOf(tot) || "?")));
    for (const r of recs.filter((r) => r.type === 2)) {
      box.append(table("Type-2 fields of the response (candidates in 2.064)", ["Field", "Name", "Value"],
        (r.fields || []).map((f) => [f.tag, f.mnemonic || "", valueOf(f)]), { class: "response-fields" }));
    }
  } catch (err) {
    box.append(alert(`Not read: ${problemText(err)}`));
  }
}

// valueOf writes a field of the JSON form: subfields separated by "; ",
// items by " / ".
function valueOf(f) {
  if (!f) return "";
  if (f.value !== undefined) return f.value;
  return (f.subfields || []).map((s) => (Array.isArray(s) ? s.join(" / ") : String(s))).join("; ");
}
