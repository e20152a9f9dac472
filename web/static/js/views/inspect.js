// Inspect: placeholder until the view lands (same branch, next commits).
import { el } from "../dom.js";

export async function render(root) {
  root.append(el("h1", {}, "Inspect"));
}
