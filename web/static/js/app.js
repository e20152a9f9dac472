// The console's shell: a hash router over view modules. A view is
// /static/js/views/<name>.js exporting `async function render(root, ctx)`
// with ctx = {api, navigate(hash), params}; params are the path segments
// after the view's name (#/transactions/<id> gives params.id and
// params.rest = ["<id>"]) and the query (#/inspect?x=1 gives params.query).

import { API, storeToken, storedToken } from "./api.js";

// routes: hash prefix -> view module name and the scope its nav link needs.
const routes = {
  signin: { view: "signin" },
  inspect: { view: "inspect", scope: "convert" },
  transactions: { view: "transactions", scope: "read" },
  inbox: { view: "inbox", scope: "read" },
  review: { view: "review", scope: "audit" },
};

// home is the first view the token's scopes allow (a reviewer's token,
// with the audit scope only, lands on the review).
function home(api) {
  for (const name of ["inspect", "transactions", "review"]) {
    if (api.can(routes[name].scope)) return name;
  }
  return "signin";
}

export function navigate(hash) {
  if (location.hash === hash) route(true);
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

// route shows the view of the location's hash; navigated is true when a
// hash change (not the page's load) called it.
async function route(navigated) {
  // "#main" and other in-page anchors are not routes.
  if (location.hash && !location.hash.startsWith("#/")) return;
  const mine = ++seq;
  const api = new API(storedToken());
  showWho(api);
  let { name, params } = parse(location.hash);
  if (!api.signedIn() && name !== "signin") {
    name = "signin";
  } else if (!routes[name]) {
    name = api.signedIn() ? home(api) : "signin";
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
  if (mine !== seq) return;
  document.title = `${name[0].toUpperCase()}${name.slice(1)} · Biogate console`;
  // After a navigation the focus goes to the new content (unless the view
  // put it somewhere, as sign-in does on its field), so that keyboard and
  // screen reader users start there.
  const active = document.activeElement;
  if (navigated === true && (!active || active === document.body || active.closest("nav"))) root.focus({ preventScroll: true });
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

window.addEventListener("hashchange", () => route(true));
// A 401 means the server does not accept the token (expired, revoked,
// unknown issuer): it is forgotten and the user asked for another.
window.addEventListener("biogate:unauthenticated", () => {
  storeToken("");
  navigate("#/signin?refused=1");
});
route();
