// /docs: the API reference, api/openapi.json (served at /openapi.json)
// rendered by the vendored swagger-ui-dist (static/vendor/swagger-ui-dist,
// version in its VERSION file). Its "Try it out" calls carry the token
// signed in to the console (sessionStorage, this tab), and only to this
// origin: a request to any other origin gets no Authorization header (and
// the CSP's connect-src 'self' refuses it anyway).
import { storedToken } from "./api.js";

export function authorize(req) {
  const token = storedToken();
  let url;
  try {
    url = new URL(req.url, location.origin);
  } catch {
    return req;
  }
  if (url.origin !== location.origin) {
    if (req.headers) delete req.headers.Authorization;
    return req;
  }
  if (token && !(req.headers && req.headers.Authorization)) {
    req.headers = req.headers || {};
    req.headers.Authorization = `Bearer ${token}`;
  }
  return req;
}

function start() {
  const root = document.getElementById("swagger-ui");
  if (typeof window.SwaggerUIBundle !== "function") {
    root.textContent = "The API reference renderer did not load; the document is at /openapi.json.";
    return;
  }
  root.replaceChildren();
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    // No badge from validator.swagger.io: nothing leaves this origin.
    validatorUrl: null,
    tryItOutEnabled: false,
    persistAuthorization: false,
    requestInterceptor: authorize,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
}

start();
