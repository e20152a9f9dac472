package browsertest

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/store"
	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// onExchange points the console's tab at the scripted exchange's server.
func onExchange(t *testing.T) (*console, *exchangeServer) {
	t.Helper()
	x := startExchange(t)
	c := openConsole(t, x.server)
	x.script(t, c)
	return c, x
}

// shownPrints is what the page shows of a prints section.
type shownPrints struct {
	State  string       `json:"state"`
	Images []shownImage `json:"images"`
}

const readPrints = `(id) => {
  const s = document.getElementById(id);
  const out = {state: s ? s.dataset.state || "" : "absent", images: []};
  for (const f of (s ? s.querySelectorAll("figure.print[data-render]") : [])) {
    const img = f.querySelector("img");
    out.images.push({render: f.dataset.render, state: f.dataset.state || "", width: img ? img.naturalWidth : 0, height: img ? img.naturalHeight : 0});
  }
  return out;
}`

// prints waits for the prints section id and checks each image was shown
// at the size the service's inspection of the same bytes gives.
func (c *console) prints(t *testing.T, id, partner, path string) {
	t.Helper()
	c.run(t, "wait for "+id, chromedp.WaitVisible(chromedp.CSS(`#`+id+`[data-state="shown"], #`+id+`[data-state="failed"]`)))
	got, err := eval[shownPrints](c, "("+readPrints+")("+strconv.Quote(id)+")")
	if err != nil {
		t.Fatal(err)
	}
	_, body := c.call(t, "GET", path, partner, nil)
	var want inspection
	c.post(t, "/v1/inspect", partner, body, &want)
	sizes := map[string]imageInfo{}
	for _, r := range want.Transaction.Records {
		if r.Image != nil && (r.Image.Renderable == nil || *r.Image.Renderable) {
			sizes["record="+strconv.Itoa(r.Index)] = *r.Image
		}
	}
	if got.State != "shown" || len(got.Images) != len(sizes) || len(sizes) == 0 {
		t.Errorf("%s: %s, %d images shown, the inspection has %d", id, got.State, len(got.Images), len(sizes))
	}
	for _, im := range got.Images {
		if w := sizes[im.Render]; im.State != "shown" || im.Width != w.Width || im.Height != w.Height {
			t.Errorf("%s %s: %s %d×%d, want shown %d×%d", id, im.Render, im.State, im.Width, im.Height, w.Width, w.Height)
		}
	}
}

// TestInboxAndTransactions: after the scripted exchange, b's inbox lists
// the slap file from a and the response to its search; b opens the slap
// file (its prints shown at their real size) and acknowledges it; the
// transactions view lists what b sent and received with their delivery
// states, and the search's page shows its state, candidates and the
// response transaction beside the probe print.
func TestInboxAndTransactions(t *testing.T) {
	c, x := onExchange(t)
	var meta store.Transaction
	c.callJSON(t, "GET", "/v1/transactions/"+x.search+"/meta", "b", nil, 200, &meta)
	var inbox exchange.Page[*store.Delivery]
	c.callJSON(t, "GET", "/v1/inbox", "b", nil, 200, &inbox)

	c.signIn(t, "b")
	c.run(t, "inbox", chromedp.Navigate(c.URL+"/#/inbox"), chromedp.WaitVisible(chromedp.CSS("#inbox")))
	ids, err := eval[[]string](c, `[...document.querySelectorAll("#inbox tbody a")].map(a => a.textContent)`)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != len(inbox.Items) || len(ids) < 2 || !contains(ids, x.delivered) || !contains(ids, meta.Search.Reply) {
		t.Errorf("the inbox shows %v; the API lists %d deliveries, with %s (from a) and %s (the response)", ids, len(inbox.Items), x.delivered, meta.Search.Reply)
	}
	c.screenshot(t, "inbox")

	c.run(t, "open the delivery", chromedp.Click(chromedp.CSS(`#inbox a[href="#/inbox/`+x.delivered+`"]`)), chromedp.WaitVisible(chromedp.CSS("#ack")))
	c.prints(t, "delivery-prints", "b", "/v1/inbox/"+x.delivered)
	c.screenshot(t, "delivery")
	c.run(t, "acknowledge", chromedp.Focus(chromedp.CSS("#ack")), chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS(`#inbox`)))
	c.callJSON(t, "GET", "/v1/inbox", "b", nil, 200, &inbox)
	for _, d := range inbox.Items {
		if d.ID == x.delivered {
			t.Errorf("the delivery acknowledged from the console is still in the inbox")
		}
	}
	left, err := eval[int](c, `document.querySelectorAll("#inbox tbody a").length`)
	if err != nil || left != len(inbox.Items) {
		t.Errorf("after the acknowledgement the inbox shows %d, the API lists %d (%v)", left, len(inbox.Items), err)
	}

	var txs exchange.Page[*store.Transaction]
	c.callJSON(t, "GET", "/v1/transactions?limit=20", "b", nil, 200, &txs)
	c.run(t, "transactions", chromedp.Navigate(c.URL+"/#/transactions"), chromedp.WaitVisible(chromedp.CSS("#transactions")))
	rows, err := eval[map[string]string](c, `Object.fromEntries([...document.querySelectorAll("#transactions tbody tr")].map(r =>
	  [r.querySelector("a").textContent, [...r.querySelectorAll("[data-state]")].map(s => s.dataset.state).join(" ")]))`)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range txs.Items {
		var want []string
		for _, d := range tr.Deliveries {
			want = append(want, d.State)
		}
		if tr.Search != nil {
			want = append(want, tr.Search.State)
		}
		if got, ok := rows[tr.ID]; !ok || got != strings.Join(want, " ") {
			t.Errorf("transaction %s: the page shows states %q, want %q", tr.ID, got, strings.Join(want, " "))
		}
	}
	if len(rows) != len(txs.Items) || rows[x.delivered] != store.Acked {
		t.Errorf("the page lists %v, the API %d transactions; the slap file's delivery should read acked", rows, len(txs.Items))
	}
	c.screenshot(t, "transactions")

	// Paged two at a time: the pages together list the same transactions.
	pageIDs := `[...document.querySelectorAll("#transactions tbody a")].map(a => a.textContent)`
	c.run(t, "transactions by two", chromedp.Navigate(c.URL+"/#/transactions?limit=2"), chromedp.WaitVisible(chromedp.CSS(`#transactions[data-count="2"]`)))
	first, err := eval[[]string](c, pageIDs)
	if err != nil {
		t.Fatal(err)
	}
	c.run(t, "next page", chromedp.Focus(chromedp.CSS(`button[data-page="next"]`)), chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.CSS(`#transactions[data-count="1"]`)))
	second, err := eval[[]string](c, pageIDs)
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, tr := range txs.Items {
		all = append(all, tr.ID)
	}
	if strings.Join(append(first, second...), " ") != strings.Join(all, " ") {
		t.Errorf("pages %v and %v, the API lists %v", first, second, all)
	}

	c.run(t, "the search", chromedp.Navigate(c.URL+"/#/transactions/"+x.search),
		chromedp.WaitVisible(chromedp.CSS(`#search-state [data-state]`)),
		chromedp.WaitVisible(chromedp.CSS(`#reply .response table`)))
	c.prints(t, "probe-prints", "b", "/v1/transactions/"+x.search)
	page, err := eval[map[string]string](c, `({state: document.querySelector("#search-state [data-state]").dataset.state,
	  candidates: document.getElementById("search-candidates").textContent,
	  reply: document.querySelector("#reply .response").dataset.reply,
	  type: document.querySelector("#reply .response strong").textContent,
	  pairs: document.getElementById("pairs-note").textContent})`)
	if err != nil {
		t.Fatal(err)
	}
	if page["state"] != store.SearchAnswered || page["candidates"] != strconv.Itoa(meta.Search.Candidates) || page["reply"] != meta.Search.Reply ||
		page["type"] != "SRE" || !strings.Contains(page["pairs"], "not drawn") {
		t.Errorf("the search's page shows %v; the API: %+v", page, meta.Search)
	}
	c.screenshot(t, "search")
	c.checkClean(t)
}

// TestReview: the review view of the day of the scripted exchange shows
// the audit summary's figures, downloads the CSV export, prints without
// its controls and reflows at 200 % zoom; tokens without the audit scope
// do not get it.
func TestReview(t *testing.T) {
	c, _ := onExchange(t)
	day := time.Now().UTC().Format(time.DateOnly)
	since, _ := time.Parse(time.DateOnly, day)
	q := "since=" + url.QueryEscape(since.Format(time.RFC3339)) + "&until=" + url.QueryEscape(since.AddDate(0, 0, 1).Format(time.RFC3339))
	c.signIn(t, "reviewer") // (its landing view's calls are audited too)
	// A token holding the audit scope only lands on the review, the one
	// view it may use.
	c.run(t, "landing", chromedp.WaitVisible(chromedp.CSS(`#review[data-state="shown"]`)))
	if v, _ := eval[string](c, `document.getElementById("main").dataset.view`); v != "review" {
		t.Errorf("the reviewer lands on %q, want review", v)
	}
	var api audit.Summary
	c.callJSON(t, "GET", "/v1/audit/report?"+q, "reviewer", nil, 200, &api)
	if api.Totals.Shares == 0 || api.Totals.Searches == 0 || api.Totals.Hits == 0 || api.Totals.Withheld == 0 {
		t.Fatalf("the scripted exchange is not in the audit summary: %+v", api.Totals)
	}
	c.run(t, "review", chromedp.Navigate(c.URL+"/#/review?from="+day+"&to="+day), chromedp.WaitVisible(chromedp.CSS(`#review[data-state="shown"]`)))
	c.screenshot(t, "review")
	shown, err := eval[map[string]int](c, `Object.fromEntries([...document.querySelectorAll("#totals [data-total]")].map(d => [d.dataset.total, Number(d.querySelector("dd").textContent)]))`)
	if err != nil {
		t.Fatal(err)
	}
	// The page's report was asked for after the test's own, whose call is
	// audited in the period: one call more, nothing else.
	want := api.Totals
	want.Calls++
	for k, v := range map[string]int{"calls": want.Calls, "shares": want.Shares, "searches": want.Searches, "hits": want.Hits,
		"rejections": want.Rejections, "failures": want.Failures, "purges": want.Purges, "withheld": want.Withheld} {
		if shown[k] != v {
			t.Errorf("total %s: the page shows %d, the audit summary %d", k, shown[k], v)
		}
	}
	charts, err := eval[map[string]int](c, `Object.fromEntries([...document.querySelectorAll("svg.chart")].map(s => [s.dataset.series, Number(s.dataset.total)]))`)
	if err != nil || charts["shares"] != want.Shares || charts["calls"] != want.Calls || len(charts) != 8 {
		t.Errorf("charts %v (%v), want the totals %+v", charts, err, want)
	}
	for table, n := range map[string]int{"shares": len(api.Shares), "matching": len(api.Matching), "withheld": len(api.Withheld)} {
		rows, err := eval[int](c, `document.querySelectorAll("#`+table+` tbody tr").length`)
		if err != nil || rows != n || n == 0 {
			t.Errorf("%d %s rows, the summary has %d (%v)", rows, table, n, err)
		}
	}

	// The CSV export downloads: its totals are the page's.
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(c.Ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir,
		// the test's own browser context (the harness shares one Chromium)
		BrowserContextID: chromedp.FromContext(c.Ctx).BrowserContextID}); err != nil {
		t.Fatal(err)
	}
	c.run(t, "download the CSV", chromedp.Click(chromedp.CSS("#csv")))
	csvBody := waitFile(t, dir)
	r := csv.NewReader(bytes.NewReader(csvBody))
	r.FieldsPerRecord = -1
	records, err := r.ReadAll()
	if err != nil {
		t.Fatalf("the CSV: %v", err)
	}
	totals := ""
	for i, rec := range records {
		if len(rec) == 1 && rec[0] == "totals" && i+2 < len(records) {
			totals = strings.Join(records[i+2], ",")
		}
	}
	wantRow := []string{}
	for _, k := range []string{"calls", "shares", "searches", "hits", "rejections", "failures", "purges", "withheld"} {
		n := shown[k]
		if k == "calls" {
			n++ // the page's own report call
		}
		wantRow = append(wantRow, strconv.Itoa(n))
	}
	if totals != strings.Join(wantRow, ",") {
		t.Errorf("the CSV's totals %q, want %q", totals, strings.Join(wantRow, ","))
	}

	// Printed: no form, no buttons.
	if _, err := chromedp.Call(c.Ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	hidden, err := eval[bool](c, `["period", "csv", "print"].every(id => getComputedStyle(document.getElementById(id)).display === "none") && getComputedStyle(document.querySelector(".top")).display === "none"`)
	if err != nil || !hidden {
		t.Errorf("printed, the period form and buttons show (%v)", err)
	}
	c.screenshot(t, "review-print")
	chromedp.Call(c.Ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})

	// 200 % zoom: the same page in half the width reflows without
	// scrolling sideways.
	if _, err := chromedp.Call(c.Ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 640, Height: 1024, DeviceScaleFactor: 2}); err != nil {
		t.Fatal(err)
	}
	wide, err := eval[bool](c, `document.documentElement.scrollWidth <= window.innerWidth`)
	if err != nil || !wide {
		t.Errorf("at 200 %% zoom the review scrolls sideways (%v)", err)
	}
	c.screenshot(t, "review-zoom200")
	chromedp.Call(c.Ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})

	// The period picker, by keyboard: a reversed period is refused on the
	// page.
	c.run(t, "reversed period", chromedp.SetValue(chromedp.CSS("#from"), "2026-02-02"), chromedp.SetValue(chromedp.CSS("#to"), "2026-02-01"),
		chromedp.Focus(chromedp.CSS("#show")), chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS("#period-status .error")))

	// Without the audit scope: the view says so, the API refuses.
	c.signIn(t, "b")
	c.run(t, "review as b", chromedp.Navigate(c.URL+"/#/review"), chromedp.WaitVisible(chromedp.CSS(`main [role="alert"]`)))
	c.callJSON(t, "GET", "/v1/audit/report", "b", nil, 403, nil)
	c.checkClean(t)
}

// waitFile waits for the one file Chromium downloads into dir.
func waitFile(t *testing.T, dir string) []byte {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		names, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, n := range names {
			if strings.HasSuffix(n, ".crdownload") {
				continue
			}
			if b, err := os.ReadFile(n); err == nil && len(b) > 0 {
				return b
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("no CSV downloaded")
	return nil
}
