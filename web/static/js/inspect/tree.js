// The record tree of an inspection: one section per record (type, name,
// byte offset, image and minutiae summaries) with a table of its fields
// (tag, mnemonic, catalogue name, value, byte offset and length).
import { el } from "../dom.js";
import { fieldId, recordId } from "./ids.js";

// Record type names (ANSI/NIST-ITL 1-2011 Table 4, "Record types").
const typeNames = {
  1: "Transaction information", 2: "User-defined descriptive text",
  3: "Low-resolution grayscale fingerprint (deprecated)", 4: "High-resolution grayscale fingerprint",
  5: "Low-resolution binary fingerprint (deprecated)", 6: "High-resolution binary fingerprint (deprecated)",
  7: "User-defined image", 8: "Signature image", 9: "Minutiae data", 10: "Photographic body part imagery",
  11: "Forensic and investigatory voice data", 12: "Forensic dental and oral data",
  13: "Variable-resolution latent friction ridge image", 14: "Variable-resolution fingerprint image",
  15: "Variable-resolution palmprint image", 16: "User-defined variable-resolution testing image",
  17: "Iris image", 18: "DNA data", 19: "Variable-resolution plantar image", 20: "Source representation",
  21: "Associated context", 22: "Non-photographic imagery", 98: "Information assurance", 99: "CBEFF biometric data",
};

export function typeName(type) {
  return typeNames[type] || "";
}

// fieldsOf is a record's field list, whichever key the service uses.
export function fieldsOf(rec) {
  for (const k of ["fields", "fieldList", "items"]) {
    if (Array.isArray(rec[k])) return rec[k];
  }
  return [];
}

// value renders a field's value: subfields of items joined by the
// standard's separators shown as " | " and " ; ", or a binary summary.
export function valueOf(f) {
  if (f.binary) {
    const b = f.binary;
    const img = b.width ? `, ${b.compression || "image"} ${b.width}×${b.height}` : "";
    return `${b.bytes} bytes of binary data${img}`;
  }
  if (Array.isArray(f.subfields)) {
    return f.subfields.map((s) => (Array.isArray(s) ? s.join(" ; ") : String(s))).join(" | ");
  }
  if (f.value !== undefined) return typeof f.value === "string" ? f.value : JSON.stringify(f.value);
  return "";
}

// shownValue is the value, long lists of subfields folded behind a
// disclosure (a Type-9 minutiae block has one subfield per minutia).
const folded = 6;

function shownValue(f) {
  const subs = Array.isArray(f.subfields) ? f.subfields : [];
  if (subs.length <= folded) return valueOf(f);
  const head = valueOf({ subfields: subs.slice(0, 2) });
  return el("details", {}, el("summary", {}, `${subs.length} subfields: ${head} | …`), valueOf(f));
}

function num(n) {
  return n === undefined || n === null ? "—" : String(n);
}

// recordSection renders one record; figure is the image/minutiae element
// the caller made for it (or null).
export function recordSection(rec, figure) {
  const idx = rec.index;
  const name = rec.name || typeName(rec.type);
  const title = `Record ${idx}: Type-${rec.type}${name ? ` (${name})` : ""}`;
  const meta = [];
  if (rec.idc !== undefined) meta.push(`IDC ${rec.idc}`);
  if (rec.offset !== undefined) meta.push(`offset ${rec.offset}`);
  if (rec.length !== undefined) meta.push(`${rec.length} bytes`);
  if (rec.image) meta.push(`image ${rec.image.width}×${rec.image.height}${rec.image.compression ? ` ${rec.image.compression}` : ""}`);
  if (rec.minutiae) meta.push(`${rec.minutiae.count} minutiae`);
  const fields = fieldsOf(rec);
  const section = el("section", { class: "record", id: recordId(idx), tabindex: "-1", "aria-labelledby": `${recordId(idx)}-h`, "data-record": idx, "data-type": rec.type },
    el("h3", { id: `${recordId(idx)}-h` }, title),
    meta.length ? el("p", { class: "muted" }, meta.join(" · ")) : null,
    figure);
  if (fields.length > 0) {
    section.append(el("div", { class: "table-wrap" }, fieldTable(idx, title, fields)));
  } else if (typeof rec.fields === "number") {
    section.append(el("p", { class: "muted" }, `${rec.fields} fields`));
  }
  return section;
}

function fieldTable(idx, title, fields) {
  const body = el("tbody", {});
  for (const f of fields) {
    body.append(el("tr", { id: fieldId(idx, f.tag), class: "field", tabindex: "-1", "data-tag": f.tag },
      el("th", { scope: "row", class: "mono" }, f.tag),
      el("td", { class: "mono" }, f.mnemonic || ""),
      el("td", {}, f.name || ""),
      el("td", { class: "value mono" }, shownValue(f)),
      el("td", { class: "num" }, num(f.offset)),
      el("td", { class: "num" }, num(f.length))));
  }
  return el("table", { class: "fields" },
    el("caption", { class: "visually-hidden" }, `Fields of ${title}`),
    el("thead", {}, el("tr", {},
      el("th", { scope: "col" }, "Tag"), el("th", { scope: "col" }, "Mnemonic"), el("th", { scope: "col" }, "Name"),
      el("th", { scope: "col" }, "Value"), el("th", { scope: "col" }, "Offset"), el("th", { scope: "col" }, "Length"))),
    body);
}
