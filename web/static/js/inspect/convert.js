// Convert and download: POST /v1/convert?to=FORMAT with the file, saved
// under the file's name with the format's extension. The formats are
// those api/openapi.json lists (components.schemas.Format).
import { el } from "../dom.js";

const fallback = ["an2", "xml", "json", "png", "wsq", "jpeg", "jp2"];
let formats; // a promise of the list, fetched once

function formatList(api) {
  formats ??= api.json("GET", "/openapi.json")
    .then((doc) => doc?.components?.schemas?.Format?.enum || fallback)
    .catch(() => fallback);
  return formats;
}

const extensions = { an2: "an2", xml: "xml", json: "json", png: "png", wsq: "wsq", jpeg: "jpg", jp2: "jp2" };

export function fileName(name, to) {
  const base = (name || "converted").replace(/\.[^.]*$/, "");
  const ext = extensions[to] || to.replace(/[^a-z0-9]+/gi, "-");
  return `${base}.${ext}`;
}

// convertControls renders the format choice, the image record choice
// (for image and ISO/INCITS formats out of a transaction holding several
// images) and the button.
export function convertControls(api, file, imageRecords) {
  const select = el("select", { id: "convert-to", name: "to" });
  const recordSelect = el("select", { id: "convert-record", name: "record" },
    el("option", { value: "" }, "the whole input"),
    ...imageRecords.map((r) => el("option", { value: r.index }, `record ${r.index} (Type-${r.type})`)));
  const status = el("p", { role: "status", class: "muted", id: "convert-status" });
  const button = el("button", { type: "button", id: "convert" }, "Convert and download");
  const box = el("section", { class: "convert", "aria-labelledby": "convert-h" },
    el("h2", { id: "convert-h" }, "Convert"),
    el("label", { for: "convert-to" }, "Output format"), select,
    imageRecords.length ? [el("label", { for: "convert-record" }, "Image record"), recordSelect] : null,
    el("div", { class: "actions" }, button), status);
  formatList(api).then((list) => {
    for (const f of list) select.append(el("option", { value: f }, f));
  });
  button.addEventListener("click", async () => {
    const to = select.value;
    if (!to) return;
    button.disabled = true;
    status.textContent = `Converting to ${to}…`;
    try {
      const q = new URLSearchParams({ to });
      if (recordSelect.value) q.set("record", recordSelect.value);
      const blob = await api.blob("POST", `/v1/convert?${q}`, file);
      const url = URL.createObjectURL(blob);
      const a = el("a", { href: url, download: fileName(file.name, to), hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      status.textContent = `Downloaded ${fileName(file.name, to)} (${blob.size} bytes).`;
    } catch (err) {
      status.textContent = `Not converted: ${err.message}`;
    } finally {
      button.disabled = false;
    }
  });
  return box;
}
