// Sign-in: a partner token pasted once, kept in sessionStorage for this
// tab only. Its payload is decoded here for display; the server verifies it.
import { API, decodeClaims, storeToken, storedToken } from "../api.js";
import { el } from "../dom.js";

export async function render(root, ctx) {
  const status = el("p", { id: "signin-status", role: "status" });
  const input = el("textarea", {
    id: "token", name: "token", rows: "4", cols: "60", autocomplete: "off", spellcheck: "false",
    "aria-describedby": "token-help",
  });
  const form = el("form", { id: "signin-form", class: "card" },
    el("h1", {}, "Sign in"),
    el("p", { id: "token-help" },
      "Paste a partner token (a JWT, as `biogate token` or `biogate serve --dev` prints it). ",
      "It stays in this tab only and is sent only to this server."),
    el("label", { for: "token" }, "Token"),
    input,
    el("div", { class: "actions" },
      el("button", { type: "submit", id: "signin" }, "Sign in"),
      el("button", { type: "button", id: "signout" }, "Sign out")),
    status);
  root.append(form);
  const current = new API(storedToken());
  if (current.signedIn()) status.textContent = describe(current);
  else if (current.claims && current.expired()) status.textContent = "The token has expired: paste a new one.";
  else if (ctx.params?.query?.refused) status.textContent = "The server did not accept the token (expired, revoked or unknown): paste another one.";

  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const tok = input.value.trim();
    if (!decodeClaims(tok)) {
      status.textContent = "That is not a token (three base64url parts separated by dots).";
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    input.removeAttribute("aria-invalid");
    storeToken(tok);
    input.value = "";
    const api = new API(tok);
    status.textContent = describe(api);
    ctx.refresh?.();
    ctx.navigate("#/"); // the router opens the first view the scopes allow
  });
  form.querySelector("#signout").addEventListener("click", () => {
    storeToken("");
    status.textContent = "Signed out.";
    ctx.refresh?.();
  });
  input.focus();
}

function describe(api) {
  const c = api.claims || {};
  const exp = c.exp ? `, valid until ${new Date(c.exp * 1000).toISOString()}` : "";
  return `Signed in as ${api.partner()} with scopes ${api.scopes().join(", ") || "(none)"}${exp}.`;
}
