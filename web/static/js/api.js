// The console's client of the Biogate /v1 API. The token lives in
// sessionStorage (this tab only, gone when it closes) and is sent only to
// this origin: every path must be a relative path starting with a single
// "/" (no scheme, no host, no "//"), so a link or a response can never
// make the console send it elsewhere.

export const TOKEN_KEY = "biogate.token";

// ProblemError is an RFC 9457 problem detail answered by the service (or
// made up from a status when the body is not one).
export class ProblemError extends Error {
  constructor(status, type, title, detail, body) {
    super(detail || title || `HTTP ${status}`);
    this.name = "ProblemError";
    this.status = status;
    this.type = type || "about:blank";
    this.title = title || `HTTP ${status}`;
    this.detail = detail || "";
    this.body = body || null; // the whole problem document (findings, ...)
  }
}

// sameOrigin refuses any path that is not a same-origin relative path.
export function sameOrigin(path) {
  if (typeof path !== "string" || !path.startsWith("/") || path.startsWith("//") || path.includes("\\")) {
    throw new Error(`refusing a non-relative URL: ${path}`);
  }
  const u = new URL(path, location.origin);
  if (u.origin !== location.origin) {
    throw new Error(`refusing another origin: ${path}`);
  }
  return u.pathname + u.search;
}

// decodeClaims reads a JWT's payload for display only (the server
// verifies the signature; the console never trusts these claims for
// anything but showing them and hiding controls).
export function decodeClaims(token) {
  const parts = (token || "").split(".");
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const pad = b64 + "=".repeat((4 - (b64.length % 4)) % 4);
    const bytes = Uint8Array.from(atob(pad), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

export function storedToken() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function storeToken(token) {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

export class API {
  constructor(token) {
    this.token = token === undefined ? storedToken() : token;
    this.claims = decodeClaims(this.token);
  }

  signedIn() {
    return !!this.token && !!this.claims;
  }

  // partner is the token's partner claim (display only).
  partner() {
    const c = this.claims || {};
    return c.partner || c.sub || "";
  }

  // scopes are the token's scopes (display and hiding only).
  scopes() {
    const c = this.claims || {};
    let s = c.scopes ?? c.scope ?? c.scp ?? [];
    if (typeof s === "string") s = s.split(/\s+/);
    return Array.isArray(s) ? s.filter((x) => typeof x === "string" && x) : [];
  }

  can(scope) {
    return this.scopes().includes(scope);
  }

  async fetch(method, path, body, headers) {
    const url = sameOrigin(path);
    const h = new Headers(headers || {});
    if (this.token) h.set("Authorization", `Bearer ${this.token}`);
    let payload = body;
    if (body !== undefined && body !== null && !(body instanceof Blob) && !(body instanceof ArrayBuffer) &&
        !ArrayBuffer.isView(body) && typeof body !== "string" && !(body instanceof FormData)) {
      payload = JSON.stringify(body);
      if (!h.has("Content-Type")) h.set("Content-Type", "application/json");
    } else if (payload !== undefined && payload !== null && !h.has("Content-Type") && !(body instanceof FormData)) {
      h.set("Content-Type", "application/octet-stream");
    }
    const res = await fetch(url, {
      method, headers: h, body: payload ?? undefined,
      credentials: "same-origin", mode: "same-origin", redirect: "error", referrerPolicy: "no-referrer",
    });
    if (!res.ok) throw await problem(res);
    return res;
  }

  // json calls the API and parses a JSON answer (null for 204).
  async json(method, path, body, headers) {
    const h = new Headers(headers || {});
    if (!h.has("Accept")) h.set("Accept", "application/json");
    const res = await this.fetch(method, path, body, h);
    if (res.status === 204) return null;
    return res.json();
  }

  // blob calls the API and returns the answer's bytes as a Blob.
  async blob(method, path, body, headers) {
    const res = await this.fetch(method, path, body, headers);
    return res.blob();
  }
}

async function problem(res) {
  let doc = null;
  try {
    const text = await res.text();
    doc = text ? JSON.parse(text) : null;
  } catch {
    doc = null;
  }
  if (doc && typeof doc === "object") {
    return new ProblemError(res.status, doc.type, doc.title, doc.detail, doc);
  }
  return new ProblemError(res.status, "about:blank", res.statusText, "", null);
}
