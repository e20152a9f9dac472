// Inspect: drop or choose a file (a transaction in any encoding, an
// ISO/INCITS record, an image); the service inspects (POST /v1/inspect)
// and validates it (POST /v1/validate); the view shows the record tree,
// every image decoded by the service (POST /v1/render) with its minutiae,
// the findings linked to their fields, and converts it (POST /v1/convert).
// Nothing is stored: the file goes to the service with each call.
import { el } from "../dom.js";
import { recordSection, typeName } from "../inspect/tree.js";
import { printFigure } from "../inspect/print.js";
import { findingsPanel } from "../inspect/findings.js";
import { convertControls } from "../inspect/convert.js";
import { submitControl } from "../inspect/submit.js";

export async function render(root, ctx) {
  const { api } = ctx;
  root.append(el("h1", {}, "Inspect"));
  if (!api.can("convert")) {
    root.append(el("p", { role: "alert" }, `Inspecting needs the "convert" scope; this token has ${api.scopes().join(", ") || "none"}.`));
    return;
  }
  const input = el("input", { type: "file", id: "file", name: "file", "aria-describedby": "file-help" });
  const level = el("select", { id: "level", name: "level" },
    el("option", { value: "1" }, "1: structure"),
    el("option", { value: "2", selected: true }, "2: values"),
    el("option", { value: "3" }, "3: decode every image"));
  const drop = el("div", { class: "drop", id: "drop" },
    el("label", { for: "file" }, "File to inspect"),
    input,
    el("p", { id: "file-help", class: "muted" },
      "An ANSI/NIST-ITL transaction (traditional, XML or JSON form), an ISO/IEC 19794 or INCITS record, or an image. ",
      "Choose it, or drop it here. It is sent to this server only, and not stored."),
    el("label", { for: "level" }, "Conformance level checked"), level);
  const status = el("p", { role: "status", id: "inspect-status", "aria-live": "polite" });
  const results = el("div", { id: "results" });
  root.append(drop, status, results);

  let run = 0;
  const start = (file) => {
    if (file) inspect(api, file, level.value, results, status, ++run, () => run);
  };
  input.addEventListener("change", () => {
    start(input.files[0]);
    // Emptied so that choosing the same file again (edited, or to see it
    // again) is a change too; the status and summary name the file.
    input.value = "";
  });
  drop.addEventListener("dragover", (ev) => { ev.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (ev) => {
    ev.preventDefault();
    drop.classList.remove("over");
    start(ev.dataTransfer?.files?.[0]);
  });
}

// inspect runs one inspection; current() tells whether a newer one started.
async function inspect(api, file, level, results, status, mine, current) {
  performance.clearMarks();
  performance.clearMeasures();
  performance.mark("inspect-start");
  results.replaceChildren();
  results.dataset.state = "loading";
  delete results.dataset.ms;
  delete results.dataset.all;
  status.textContent = `Inspecting ${file.name} (${file.size} bytes)…`;
  let ins, report;
  try {
    [ins, report] = await Promise.all([
      api.json("POST", "/v1/inspect", file),
      api.json("POST", `/v1/validate?level=${encodeURIComponent(level)}`, file).catch((err) => ({ failed: err })),
    ]);
  } catch (err) {
    if (mine !== current()) return;
    results.dataset.state = "failed";
    status.textContent = "";
    results.append(el("p", { class: "error", role: "alert" }, `${file.name}: ${err.title}${err.detail ? `: ${err.detail}` : ""}`));
    return;
  }
  if (mine !== current()) return;

  const tree = el("section", { class: "tree", "aria-labelledby": "tree-h" }, el("h2", { id: "tree-h" }, "Records"));
  const side = el("aside", { class: "side", "aria-label": "Findings and actions" });
  results.replaceChildren(summary(file, ins), el("div", { class: "inspect-grid" }, tree, side));
  const images = lazyImages(results, mine, current);
  const figure = (query, image, minutiae, label, key) => {
    if (!image && !minutiae) return null;
    const f = printFigure({ api, file, query, image, minutiae, label, key });
    if (f.load) images.add(f.figure, f.load);
    return f.figure;
  };
  const records = ins.transaction?.records || [];
  const { overlays, alone } = placeMinutiae(records);
  for (const rec of records) {
    const label = `Record ${rec.index} (Type-${rec.type}${typeName(rec.type) ? `, ${typeName(rec.type)}` : ""})`;
    const over = overlays.get(rec.index);
    const figs = [];
    if (rec.image) figs.push(figure(`record=${rec.index}`, rec.image, over?.minutiae, label, over?.index));
    if (alone.has(rec.index)) figs.push(figure("", null, rec.minutiae, `${label}: minutiae`, rec.index));
    if (rec.minutiae && !alone.has(rec.index)) {
      figs.push(el("p", { class: "muted" }, `Its ${rec.minutiae.count} minutiae are drawn over record ${rec.minutiae.imageRecord ?? rec.index}.`));
    }
    tree.append(recordSection(rec, figs));
  }
  if (ins.record) tree.append(isoSection(ins.record, figure));
  if (ins.image) tree.append(el("section", { class: "record", id: "record-1", tabindex: "-1" },
    el("h3", {}, `Image (${ins.image.compression || ins.format})`), figure("record=1", ins.image, null, file.name, "")));

  if (report.failed) side.append(el("p", { class: "error" }, `Not validated: ${report.failed.message}`));
  else side.append(findingsPanel(report));
  side.append(convertControls(api, file, records.filter((r) => r.image)));
  if (api.can("submit") && ins.transaction) side.append(submitControl(api, file));
  if (ins.notes?.length) side.append(el("section", { "aria-labelledby": "notes-h" }, el("h2", { id: "notes-h" }, "Notes"), el("ul", {}, ins.notes.map((n) => el("li", {}, n)))));

  // Done when the tree, the findings and the images in (or near) the
  // viewport are shown; the others load as they are scrolled to.
  await images.visible();
  if (mine !== current()) return;
  performance.mark("inspect-done");
  const m = performance.measure("inspect", "inspect-start", "inspect-done");
  results.dataset.state = "done";
  results.dataset.ms = String(Math.round(m.duration));
  status.textContent = `${file.name}: inspected in ${Math.round(m.duration)} ms.`;
}

// lazyImages loads each figure's image when it comes within a screen of
// the viewport (a ten-print's fourteen images are decoded by the service
// one request each). visible() settles when those in view at the start
// are shown; results.dataset.all gets the time when every image is.
function lazyImages(results, mine, current) {
  const pending = new Map(); // figure -> load
  const started = [];
  let total = 0;
  let finished = 0;
  const io = new IntersectionObserver((entries) => {
    for (const e of entries) {
      const load = e.isIntersecting && pending.get(e.target);
      if (!load) continue;
      pending.delete(e.target);
      io.unobserve(e.target);
      started.push(load().then(() => {
        if (++finished === total && mine === current()) {
          performance.mark("inspect-all-done");
          results.dataset.all = String(Math.round(performance.measure("inspect-all", "inspect-start", "inspect-all-done").duration));
        }
      }));
    }
  }, { rootMargin: "100% 0px" });
  return {
    add(figure, load) {
      total++;
      pending.set(figure, load);
      io.observe(figure);
    },
    async visible() {
      // The observer reports the first intersections after the next
      // rendering update: two animation frames.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      await Promise.all(started.slice());
    },
  };
}

// placeMinutiae decides where each record's minutiae are drawn: over the
// image record they belong to (imageRecord, or the record itself when it
// holds both), one set per image; or on their own when that image is not
// in the file or already carries another set.
export function placeMinutiae(records) {
  const byIndex = new Map(records.map((r) => [r.index, r]));
  const overlays = new Map(); // image record index -> {index, minutiae}
  const alone = new Set(); // minutiae record indexes drawn on their own
  for (const r of records) {
    if (!r.minutiae) continue;
    const target = r.minutiae.imageRecord ?? (r.image ? r.index : undefined);
    if (target !== undefined && byIndex.get(target)?.image && !overlays.has(target)) {
      overlays.set(target, { index: r.index, minutiae: r.minutiae });
    } else {
      alone.add(r.index);
    }
  }
  return { overlays, alone };
}

function summary(file, ins) {
  const t = ins.transaction;
  const rows = [["File", file.name], ["Format", ins.format + (t?.dialect ? ` (${t.dialect})` : "")], ["Size", `${ins.size} bytes`]];
  if (t) {
    rows.push(["Version", t.version], ["Type of transaction (TOT)", t.tot], ["Originating agency (ORI)", t.ori],
      ["Destination agency (DAI)", t.dai], ["Control number (TCN)", t.tcn], ["Records", String(t.records?.length ?? 0)]);
  }
  if (ins.record) rows.push(["Record format", `${ins.record.format} (${ins.record.kind})`]);
  const dl = el("dl", { class: "summary" });
  for (const [k, v] of rows) if (v) dl.append(el("dt", {}, k), el("dd", {}, v));
  return el("section", { "aria-labelledby": "summary-h" }, el("h2", { id: "summary-h" }, "Summary"), dl);
}

// isoSection shows an ISO/INCITS record: its views (finger, face, iris),
// each with its image and minutiae.
function isoSection(rec, figure) {
  const views = Array.isArray(rec.views) ? rec.views : [rec];
  const section = el("section", { class: "record", id: "record-1", tabindex: "-1", "data-record": 1 },
    el("h3", {}, `${rec.format} record (${rec.kind})`));
  views.forEach((v, i) => {
    const n = v.index ?? i + 1;
    const label = `View ${n}${v.position !== undefined ? `, position ${v.position}` : ""}`;
    const meta = [];
    if (v.image) meta.push(`image ${v.image.width}×${v.image.height}`);
    if (v.minutiae) meta.push(`${v.minutiae.count} minutiae`);
    section.append(el("h4", {}, label), meta.length ? el("p", { class: "muted" }, meta.join(" · ")) : null,
      figure(`record=1&view=${n}`, v.image, v.minutiae, label, `1.${n}`));
  });
  return section;
}
