// Bar charts of a day series, drawn as SVG by this code (no chart
// library). Each chart is an image with a title and a description for
// assistive technology (the same figures are in the days table), and
// each bar a <title> naming its day and count.
import { svg, el } from "../dom.js";

const W = 640;
const H = 180;
const PAD = { left: 44, right: 8, top: 10, bottom: 28 };

// dayRange lists the UTC dates of [since, until) as 2006-01-02 strings,
// at most max of them.
export function dayRange(since, until, max = 400) {
  const out = [];
  const d = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()));
  while (d < until && out.length < max) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

// barChart draws series key of days (the summary's days, which leave out
// days without entries) over every date of dates.
export function barChart(id, title, dates, days, key) {
  const by = new Map(days.map((d) => [d.date, d[key] || 0]));
  const values = dates.map((d) => by.get(d) || 0);
  const max = Math.max(1, ...values);
  const total = values.reduce((a, b) => a + b, 0);
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const step = iw / Math.max(1, dates.length);
  const bw = Math.max(1, step * 0.8);
  const y = (v) => PAD.top + ih - (v / max) * ih;
  const chart = svg("svg", {
    viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-labelledby": `${id}-t ${id}-d`,
    "data-series": key, "data-total": total, preserveAspectRatio: "xMidYMid meet",
  },
  svg("title", { id: `${id}-t` }, document.createTextNode(title)),
  svg("desc", { id: `${id}-d` }, document.createTextNode(
    `${total} in all over ${dates.length} days, at most ${Math.max(...values, 0)} in a day; the days table lists every figure.`)),
  svg("line", { x1: PAD.left, y1: PAD.top + ih, x2: W - PAD.right, y2: PAD.top + ih, class: "axis" }),
  svg("line", { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: PAD.top + ih, class: "axis" }),
  label(PAD.left - 6, PAD.top + 4, String(max), "end"),
  label(PAD.left - 6, PAD.top + ih, "0", "end"),
  dates.length > 0 ? label(PAD.left, H - 8, dates[0], "start") : null,
  dates.length > 1 ? label(W - PAD.right, H - 8, dates[dates.length - 1], "end") : null);
  values.forEach((v, i) => {
    if (v === 0) return;
    chart.append(svg("rect", {
      x: (PAD.left + i * step + (step - bw) / 2).toFixed(2), y: y(v).toFixed(2),
      width: bw.toFixed(2), height: (PAD.top + ih - y(v)).toFixed(2), class: "bar", "data-date": dates[i], "data-value": v,
    }, svg("title", {}, document.createTextNode(`${dates[i]}: ${v}`))));
  });
  return el("figure", { class: "chart-figure", id }, chart, el("figcaption", {}, `${title}: ${total}`));
}

function label(x, yy, text, anchor) {
  return svg("text", { x, y: yy, "text-anchor": anchor, class: "chart-label" }, document.createTextNode(text));
}
