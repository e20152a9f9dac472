// Inbox: the deliveries to this partner not yet acknowledged (GET
// /v1/inbox, paged); one delivery (#/inbox/<id>) opened in the partner's
// own form (GET /v1/inbox/<id>), with what its policy withheld, its
// signature, its prints, a download and the acknowledgement (POST
// /v1/inbox/<id>/ack, offered only when the token holds the read scope
// the service requires for it).
import { el } from "../dom.js";
import { alert, pageSize, pager, problemText, saveBlob, state, table, when } from "../review/common.js";
import { printsOf } from "../review/prints.js";

export async function render(root, ctx) {
  if (ctx.params.id) return open(root, ctx, ctx.params.id);
  return list(root, ctx);
}

function list(root, { api, params }) {
  const limit = pageSize(params);
  root.append(el("h1", {}, "Inbox"),
    el("p", { class: "muted" }, `Deliveries to ${api.partner() || "this partner"} not yet acknowledged, oldest first.`));
  const holder = el("div", { id: "inbox-list" });
  const { nav, start } = pager("Inbox", (after) =>
    api.json("GET", `/v1/inbox?limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ""}`),
  (items, err) => {
    if (err) {
      holder.replaceChildren(alert(problemText(err)));
      return;
    }
    holder.replaceChildren(table("Deliveries not yet acknowledged", ["Transaction", "From", "Delivered", "State", "Form", "Size", "Signed"],
      items.map((d) => [
        el("a", { href: `#/inbox/${encodeURIComponent(d.id)}`, class: "mono" }, d.id),
        d.sender, when(d.created), state(d.state), d.format + (d.dialect ? ` (${d.dialect})` : ""),
        `${d.size} bytes`, d.signature ? "detached signature" : "",
      ]), { id: "inbox", "data-count": items.length }));
  });
  root.append(nav, holder);
  return start();
}

async function open(root, { api, navigate }, id) {
  const path = `/v1/inbox/${encodeURIComponent(id)}`;
  root.append(el("p", {}, el("a", { href: "#/inbox" }, "← Inbox")),
    el("h1", {}, "Delivery ", el("span", { class: "mono" }, id)));
  let res;
  try {
    res = await api.fetch("GET", path);
  } catch (err) {
    root.append(alert(problemText(err)));
    return;
  }
  const bytes = await res.blob();
  const h = res.headers;
  const format = h.get("X-Biogate-Format") || "";
  const removed = h.get("X-Biogate-Removed");
  const signature = h.get("Biogate-Signature");
  root.dataset.delivery = id;
  root.append(el("dl", { class: "summary", id: "delivery-meta" },
    el("dt", {}, "Form"), el("dd", {}, format),
    el("dt", {}, "Size"), el("dd", {}, `${bytes.size} bytes`),
    el("dt", {}, "Withheld by this partner's policy"), el("dd", { id: "withheld" }, removed || "nothing"),
    signature ? [el("dt", {}, "Detached signature (Biogate-Signature)"), el("dd", { class: "mono sig" }, signature)] : null));

  const status = el("p", { role: "status", "aria-live": "polite", id: "ack-status" });
  const download = el("button", { type: "button", class: "secondary", id: "download" }, "Download");
  const ext = format === "xml" ? "xml" : "an2";
  download.addEventListener("click", () => saveBlob(bytes, `${id}.${ext}`));
  const actions = el("div", { class: "actions" }, download);
  if (api.can("read")) {
    const ack = el("button", { type: "button", id: "ack" }, "Acknowledge");
    ack.addEventListener("click", async () => {
      ack.disabled = true;
      status.textContent = "Acknowledging…";
      try {
        await api.json("POST", `${path}/ack`);
        status.textContent = "Acknowledged: it leaves the inbox.";
        root.dataset.acked = "true";
        setTimeout(() => navigate("#/inbox"), 600);
      } catch (err) {
        ack.disabled = false;
        status.textContent = "";
        status.append(alert(problemText(err)));
      }
    });
    actions.append(ack);
  }
  root.append(actions, status, el("p", {}, el("a", { href: `#/transactions/${encodeURIComponent(id)}` }, "The transaction's page (metadata, deliveries)")));
  const p = printsOf(api, bytes, "Prints", "delivery-prints");
  root.append(p.section);
  await p.done;
}
