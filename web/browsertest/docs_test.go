package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestDocs opens /docs after signing in: swagger-ui renders the service's
// document, and "Try it out" on GET /v1/transactions sends the console's
// token (and the service answers 200).
func TestDocs(t *testing.T) {
	c := startConsole(t)
	c.signIn(t, "local")
	op := `#operations-transactions-listTransactions`
	c.run(t, "open /docs", chromedp.Navigate(c.URL+"/docs"), chromedp.WaitVisible(chromedp.CSS(".swagger-ui .opblock")))
	n, err := eval[int](c, `document.querySelectorAll(".swagger-ui .opblock").length`)
	if err != nil {
		t.Fatal(err)
	}
	if n < 20 {
		t.Errorf("/docs shows %d operations", n)
	}
	id, err := eval[string](c, `(() => { const b = [...document.querySelectorAll(".opblock-get")].find(o =>
		o.querySelector(".opblock-summary-path")?.dataset.path === "/v1/transactions"); return b ? b.id : ""; })()`)
	if err != nil {
		t.Fatal(err)
	}
	if id == "" {
		c.screenshot(t, "no-operation")
		t.Fatal("/docs: no GET /v1/transactions operation")
	}
	op = "#" + id
	c.run(t, "try GET /v1/transactions",
		chromedp.Click(chromedp.CSS(op+" .opblock-summary-control")),
		chromedp.WaitVisible(chromedp.CSS(op+" .try-out__btn")),
		chromedp.Click(chromedp.CSS(op+" .try-out__btn")),
		chromedp.WaitVisible(chromedp.CSS(op+" .execute")),
		chromedp.Click(chromedp.CSS(op+" .execute")),
		chromedp.WaitVisible(chromedp.CSS(op+" .live-responses-table .response-col_status")),
	)
	c.run(t, "scroll to the answer", chromedp.ScrollIntoView(chromedp.CSS(op+" .live-responses-table")))
	c.viewShot(t, "try-it")
	status, err := eval[string](c, `document.querySelector("`+op+` .live-responses-table .response .response-col_status").textContent.trim()`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(status, "200") {
		t.Errorf("try-it answered %q, want 200", status)
	}
	requests, _ := c.seen(t)
	var tried bool
	for _, r := range requests {
		if r.method == "GET" && strings.HasPrefix(r.url, c.URL+"/v1/transactions") {
			tried = true
			if !r.auth {
				t.Errorf("try-it %s without the Authorization header", r.url)
			}
		}
	}
	if !tried {
		t.Error("no try-it request seen")
	}
	c.checkClean(t)
}
