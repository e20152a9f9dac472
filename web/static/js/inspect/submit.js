// Submit the inspected transaction (POST /v1/transactions, scope submit):
// shown only to a token with that scope; the server decides anyway.
import { el } from "../dom.js";

export function submitControl(api, file) {
  const status = el("p", { role: "status", class: "muted" });
  const button = el("button", { type: "button", id: "submit-tx", "data-write": "submit" }, "Submit this transaction");
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.textContent = "Submitting…";
    try {
      const tx = await api.json("POST", "/v1/transactions", file);
      status.replaceChildren("Submitted as ", el("a", { href: `#/transactions/${encodeURIComponent(tx.id)}` }, tx.id), ".");
    } catch (err) {
      status.textContent = `Not submitted: ${err.title}${err.detail ? `: ${err.detail}` : ""}`;
      button.disabled = false;
    }
  });
  return el("section", { class: "submit", "aria-labelledby": "submit-h" },
    el("h2", { id: "submit-h" }, "Submit"),
    el("p", {}, "Send this transaction to its destination partner (field 1.007 DAI)."),
    el("div", { class: "actions" }, button), status);
}
