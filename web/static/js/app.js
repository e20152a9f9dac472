// The console's shell: a hash router over view modules. A view is
// /static/js/views/<name>.js exporting `async function render(root, ctx)`
// with ctx = {api, navigate(hash), params}; params are the path segments
// after the view's name (#/transactions/<id> gives params.id and
// params.rest = ["<id>"]) and the query (#/inspect?x=1 gives params.query).

import { API, storedToken } from "./api.js";

// routes: hash prefix -> view module name and the scope its nav link needs.
const routes = {
  signin: { view: "signin" },
  inspect: { view: "inspect", scope: "convert" },
  transactions: { view: "transactions", scope: "read" },
  inbox: { view: "inbox", scope: "read" },
  review: { view: "review", scope: "audit" },
};

export function navigate(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

// parse splits "#/name/a/b?k=v" into the route name, its segments and query.
export function parse(hash) {
  const h = (hash || "").replace(/^#\/?/, "");
  const [path, q = ""] = h.split("?", 2);
  const segs = path.split("/").filter(Boolean).map(decodeURIComponent);
  const name = segs.shift() || "";
  const params = { rest: segs, query: Object.fromEntries(new URLSearchParams(q)) };
  if (segs.length > 0) params.id = segs[0];
  return { name, params };
}

function showWho(api) {
  const who = document.getElementById("who");
  if (!who) return;
  who.replaceChildren();
  if (!api.signedIn()) {
    const a = document.createElement("a");
    a.href = "#/signin";
    a.textContent = "Sign in";
    who.append(a);
  } else {
    const s = document.createElement("span");
    s.textContent = `${api.partner()} · ${api.scopes().join(" ")}`;
    s.title = "partner and scopes of the token (as the token states them; the server decides)";
    const a = document.createElement("a");
    a.href = "#/signin";
    a.textContent = "Token";
    who.append(s, " ", a);
  }
  // Nav links whose scope the token lacks are hidden (the server refuses
  // them anyway).
  for (const a of document.querySelectorAll("nav [data-scope]")) {
    a.parentElement.hidden = api.signedIn() && !api.can(a.dataset.scope);
  }
}

let seq = 0;

async function route() {
  // "#main" and other in-page anchors are not routes.
  if (location.hash && !location.hash.startsWith("#/")) return;
  const mine = ++seq;
  const api = new API(storedToken());
  showWho(api);
  let { name, params } = parse(location.hash);
  if (!api.signedIn() && name !== "signin") {
    name = "signin";
  } else if (!routes[name]) {
    name = api.signedIn() ? (api.can("convert") ? "inspect" : "transactions") : "signin";
  }
  const root = document.getElementById("main");
  for (const a of document.querySelectorAll("nav a")) {
    if (a.getAttribute("href") === `#/${name}`) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  let mod;
  try {
    mod = await import(`./views/${routes[name].view}.js`);
  } catch (err) {
    if (mine !== seq) return;
    root.replaceChildren(message(`This view is not available: ${err.message}`));
    return;
  }
  if (mine !== seq) return;
  root.replaceChildren();
  root.dataset.view = name;
  try {
    await mod.render(root, { api, navigate, params, refresh: () => showWho(new API(storedToken())) });
  } catch (err) {
    if (mine !== seq) return;
    root.append(message(err.message || String(err)));
  }
  if (mine === seq) document.title = `${name[0].toUpperCase()}${name.slice(1)} · Biogate console`;
}

function message(text) {
  const p = document.createElement("p");
  p.className = "error";
  p.setAttribute("role", "alert");
  p.textContent = text;
  return p;
}

// The skip link moves the focus to the content without touching the
// location hash, which is the router's.
document.querySelector("a.skip")?.addEventListener("click", (ev) => {
  ev.preventDefault();
  document.getElementById("main")?.focus();
});

window.addEventListener("hashchange", route);
route();
