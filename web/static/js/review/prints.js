// The prints of a stored transaction: its bytes go to POST /v1/inspect
// (which lists each record's image and minutiae) and each image to POST
// /v1/render through the Inspect view's print figure. Both routes need
// the convert scope: without it the view says so instead.
import { el } from "../dom.js";
import { printFigure } from "../inspect/print.js";
import { problemText } from "./common.js";

// printsOf returns a section showing the prints of bytes (a Blob) and a
// promise settled once every image is shown or its failure said.
export function printsOf(api, bytes, heading, id) {
  const section = el("section", { class: "prints", "aria-labelledby": `${id}-h`, id }, el("h3", { id: `${id}-h` }, heading));
  if (!api.can("convert")) {
    section.append(el("p", { class: "muted" }, `Showing the images needs the "convert" scope (POST /v1/inspect and /v1/render); this token has ${api.scopes().join(", ") || "none"}.`));
    return { section, done: Promise.resolve() };
  }
  section.dataset.state = "loading";
  const done = api.json("POST", "/v1/inspect", bytes).then((ins) => {
    const records = ins?.transaction?.records || [];
    const loads = [];
    for (const r of records) {
      if (!r.image && !r.minutiae) continue;
      const label = `Record ${r.index} (Type-${r.type}${r.image?.position ? `, position ${r.image.position}` : ""})`;
      const f = printFigure({ api, file: bytes, query: `record=${r.index}`, image: r.image, minutiae: r.minutiae, label, key: r.index });
      section.append(f.figure);
      if (f.load) loads.push(f.load()); // a stored transaction has few images: all load at once
    }
    if (loads.length === 0) section.append(el("p", { class: "muted" }, "No image or minutiae in this transaction."));
    return Promise.all(loads);
  }).then(() => { section.dataset.state = "shown"; }, (err) => {
    section.dataset.state = "failed";
    section.append(el("p", { class: "error", role: "alert" }, `Not inspected: ${problemText(err)}`));
  });
  return { section, done };
}
