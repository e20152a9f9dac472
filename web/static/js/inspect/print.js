// A print figure: the image the service decodes (POST /v1/render, a PNG)
// shown at its real pixel size with zoom controls, and the minutiae drawn
// over it as SVG: position and direction (ISO/IEC 19794-2:2011 §7.4.3:
// the angle counter-clockwise from the x axis), the type by shape
// (ending = circle, bifurcation = square, other = triangle), with a
// toggle. Colour repeats the shape, it never carries the meaning alone.
import { el, svg } from "../dom.js";

const zooms = [0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4];

// printFigure returns {figure, load}: load() fetches and shows the image
// (null when there is none to fetch) and settles once it is shown or its
// failure said. The caller decides when: the Inspect view loads the
// images as they come near the viewport.
// key names whose minutiae they are (the record index, or "1.<view>" for a
// view of an ISO/INCITS record), as data-minutiae on the overlay.
export function printFigure({ api, file, query, image, minutiae, label, key }) {
  const w = image?.width || minutiae?.width || 0;
  const h = image?.height || minutiae?.height || 0;
  const stage = el("div", { class: "print-stage" });
  const frame = el("div", { class: "print-frame", tabindex: "0", role: "group", "aria-label": `${label}, scrollable` }, stage);
  const zoomOut = el("button", { type: "button", class: "secondary", "aria-label": `Zoom out (${label})` }, "−");
  const zoomIn = el("button", { type: "button", class: "secondary", "aria-label": `Zoom in (${label})` }, "+");
  const actual = el("button", { type: "button", class: "secondary" }, "Actual size");
  const shown = el("output", { class: "zoom", "aria-live": "polite" }, "100 %");
  const controls = el("div", { class: "print-controls", role: "group", "aria-label": `View of ${label}` }, zoomOut, shown, zoomIn, actual);
  const caption = el("figcaption", {}, label + (w ? ` — ${w}×${h} px${image?.ppi ? `, ${image.ppi} ppi` : ""}` : ""));
  const figure = el("figure", { class: "print", "data-render": image ? query : null }, controls, frame, caption);

  let z = 3; // index of 1 in zooms
  const apply = () => {
    stage.style.width = `${Math.round(w * zooms[z])}px`;
    stage.style.height = `${Math.round(h * zooms[z])}px`;
    shown.textContent = `${Math.round(zooms[z] * 100)} %`;
    zoomOut.disabled = z === 0;
    zoomIn.disabled = z === zooms.length - 1;
  };
  zoomOut.addEventListener("click", () => { z = Math.max(0, z - 1); apply(); });
  zoomIn.addEventListener("click", () => { z = Math.min(zooms.length - 1, z + 1); apply(); });
  actual.addEventListener("click", () => { z = 3; apply(); });
  apply();

  if (minutiae) {
    const overlay = minutiaeOverlay(minutiae, !image);
    overlay.dataset.minutiae = String(key ?? "");
    stage.append(overlay);
    const toggle = el("input", { type: "checkbox", checked: true, class: "toggle-minutiae" });
    toggle.addEventListener("change", () => { overlay.hidden = !toggle.checked; });
    controls.append(el("label", { class: "inline" }, toggle, ` Show ${minutiae.count} minutiae`));
    caption.append(legend());
  }

  let load = null;
  if (image) {
    const img = el("img", { width: w, height: h, alt: `${label}: decoded image`, class: "print-image", decoding: "async" });
    stage.prepend(img);
    if (image.renderable === false) {
      img.remove();
      stage.prepend(el("p", { class: "muted" }, "The service cannot decode this image for display."));
    } else {
      figure.dataset.state = "waiting";
      load = () => {
        figure.dataset.state = "loading";
        return api.blob("POST", `/v1/render?${query}`, file)
          .then((blob) => {
            img.src = URL.createObjectURL(blob);
            return img.decode();
          })
          .then(() => { figure.dataset.state = "shown"; })
          .catch((err) => {
            figure.dataset.state = "failed";
            img.replaceWith(el("p", { class: "error", role: "alert" }, `Image not shown: ${err.message}`));
          });
      };
    }
  }
  return { figure, load };
}

// minutiaeOverlay draws the points in their coordinate space (viewBox =
// the space's width × height, stretched over the image).
function minutiaeOverlay(m, standalone) {
  const W = m.width || 1;
  const H = m.height || 1;
  const r = Math.max(3, Math.round(Math.max(W, H) / 120));
  const g = svg("svg", {
    class: `minutiae${standalone ? " standalone" : ""}`, viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: "none",
    role: "img", "aria-label": `${m.count} minutiae`,
  });
  if (standalone) g.append(svg("rect", { x: 0, y: 0, width: W, height: H, class: "blank" }));
  for (const p of m.points || []) {
    g.append(mark(p, r));
  }
  return g;
}

function mark(p, r) {
  const type = ["ending", "bifurcation"].includes(p.type) ? p.type : "other";
  const a = ((p.angle || 0) * Math.PI) / 180;
  // SVG's y axis points down: counter-clockwise in the image is -y.
  const x2 = p.x + Math.cos(a) * r * 3;
  const y2 = p.y - Math.sin(a) * r * 3;
  let shape;
  if (type === "ending") {
    shape = svg("circle", { cx: p.x, cy: p.y, r });
  } else if (type === "bifurcation") {
    shape = svg("rect", { x: p.x - r, y: p.y - r, width: 2 * r, height: 2 * r });
  } else {
    shape = svg("polygon", { points: `${p.x},${p.y - r} ${p.x + r},${p.y + r} ${p.x - r},${p.y + r}` });
  }
  const title = svg("title", {});
  title.textContent = `${type} at (${p.x}, ${p.y}), ${p.angle}°${p.quality !== undefined ? `, quality ${p.quality}` : ""}`;
  return svg("g", { class: `minutia ${type}`, "stroke-width": Math.max(1, r / 3) },
    title, shape, svg("line", { x1: p.x, y1: p.y, x2, y2 }));
}

function legend() {
  const item = (cls, shape, text) => el("span", { class: `legend ${cls}` },
    svg("svg", { viewBox: "0 0 12 12", width: 12, height: 12, "aria-hidden": "true" }, shape), ` ${text}`);
  return el("span", { class: "legends" }, " ",
    item("ending", svg("circle", { cx: 6, cy: 6, r: 4 }), "ending (circle)"), " ",
    item("bifurcation", svg("rect", { x: 2, y: 2, width: 8, height: 8 }), "bifurcation (square)"), " ",
    item("other", svg("polygon", { points: "6,2 10,10 2,10" }), "other (triangle)"));
}
