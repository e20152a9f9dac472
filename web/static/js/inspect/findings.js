// The validation report beside the tree: each finding with its severity
// (a word and a shape, not colour alone) and a button that scrolls to and
// focuses the field (or record) it is about. Buttons, not links: the
// location hash is the router's, and buttons answer Enter and Space.
import { el } from "../dom.js";
import { fieldId, recordId } from "./ids.js";

// targetOf is the id of the element a finding's location points at, or
// "" when the tree has no such element.
export function targetOf(loc) {
  if (!loc || !loc.record) return "";
  if (loc.field) {
    const id = fieldId(loc.record, loc.field);
    if (document.getElementById(id)) return id;
  }
  const rid = recordId(loc.record);
  return document.getElementById(rid) ? rid : "";
}

export function where(loc) {
  if (!loc) return "";
  const parts = [];
  if (loc.record) parts.push(`record ${loc.record}${loc.recordType ? ` (Type-${loc.recordType})` : ""}`);
  if (loc.field) parts.push(`field ${loc.field}`);
  if (loc.subfield) parts.push(`subfield ${loc.subfield}`);
  if (loc.item) parts.push(`item ${loc.item}`);
  if (typeof loc.offset === "number" && loc.offset >= 0) parts.push(`byte ${loc.offset}`);
  return parts.join(", ");
}

export function focusTarget(id) {
  const t = document.getElementById(id);
  if (!t) return;
  const details = t.closest("details");
  if (details) details.open = true;
  t.scrollIntoView({ block: "center" });
  t.focus({ preventScroll: true });
  t.classList.add("targeted");
  setTimeout(() => t.classList.remove("targeted"), 2000);
}

// findingsPanel renders the report; call after the tree is in the document.
export function findingsPanel(report) {
  const head = report.conformant
    ? el("p", { class: "verdict ok" }, `✔ Conformant (${report.warnings} warnings)`)
    : el("p", { class: "verdict bad" }, `✖ Not conformant: ${report.errors} errors, ${report.warnings} warnings`);
  const list = el("ol", { class: "findings" });
  for (const f of report.findings || []) {
    const target = targetOf(f.location);
    const li = el("li", { class: `finding sev-${f.severity}-row` },
      el("span", { class: `sev sev-${f.severity}` }, f.severity), " ",
      el("span", { class: "mono" }, f.assertion || ""), ": ", f.message,
      f.location ? el("div", { class: "muted" }, where(f.location)) : null);
    if (target) {
      const go = el("button", { type: "button", class: "linklike goto", "data-target": target }, `Show ${f.location.field || `record ${f.location.record}`}`);
      go.addEventListener("click", () => focusTarget(target));
      li.append(go);
    }
    list.append(li);
  }
  return el("section", { class: "report", "aria-labelledby": "findings-h" },
    el("h2", { id: "findings-h" }, "Findings"),
    head,
    report.catalogues?.length ? el("p", { class: "muted" }, `Checked against ${report.catalogues.join("; ")}`) : null,
    (report.findings || []).length ? list : el("p", {}, "No findings."));
}
