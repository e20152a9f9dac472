package browsertest

import (
	"encoding/base64"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestFirefoxInspect runs the console in Firefox ESR (driven over
// WebDriver BiDi, bidi_test.go): the token is set as the sign-in form
// keeps it, a Type-9 + Type-14 file is chosen in the Inspect view, and
// the page must show what the service's inspection says: every record,
// every print at its real size, one mark per minutia, findings linked to
// fields, and no Content-Security-Policy violation.
func TestFirefoxInspect(t *testing.T) {
	c := startConsole(t)
	ff := startFirefox(t)
	for _, name := range []string{
		"jnbis/ansi/references/type-9-14-std.an2", // Type-9 minutiae over a Type-14 print
		"nbis/testdata/valid1.9.an2",              // Types 4, 8 (bi-level), 10, 14, 17, and findings
	} {
		t.Run(filepath.Base(name), func(t *testing.T) { firefoxInspect(t, c, ff, name) })
	}
}

func firefoxInspect(t *testing.T, c *console, ff *bidi, name string) {
	body, want, rep := c.expected(t, name)
	if want.Transaction == nil {
		t.Fatalf("%s: the service gives no transaction", name)
	}

	tab, err := ff.tab()
	if err != nil {
		t.Fatal(err)
	}
	if err := ff.navigate(tab, c.URL+"/#/signin"); err != nil {
		t.Fatal(err)
	}
	setup := `window.__csp = []; document.addEventListener("securitypolicyviolation", e => window.__csp.push(e.violatedDirective + " " + e.blockedURI));
		sessionStorage.setItem("biogate.token", ` + strconv.Quote(c.Tokens["local"]) + `); location.hash = "#/inspect"; "ok"`
	if _, err := ff.evalString(tab, setup); err != nil {
		t.Fatal(err)
	}
	// Choose the file as the file input gets it, then wait for the
	// inspection and bring every print into view (they load as they come
	// near it).
	choose := `(async () => {
		const sleep = ms => new Promise(r => setTimeout(r, ms));
		for (let i = 0; i < 600 && !document.getElementById("file"); i++) await sleep(50);
		const input = document.getElementById("file");
		if (!input) return JSON.stringify({state: "no file input"});
		const bytes = Uint8Array.from(atob("` + base64.StdEncoding.EncodeToString(body) + `"), ch => ch.charCodeAt(0));
		const dt = new DataTransfer();
		dt.items.add(new File([bytes], "` + filepath.Base(name) + `"));
		// The view may still show the previous file: forget its state.
		document.getElementById("results")?.removeAttribute("data-state");
		input.files = dt.files;
		input.dispatchEvent(new Event("change", {bubbles: true}));
		const results = document.getElementById("results");
		for (let i = 0; i < 1200 && !["done", "failed"].includes(results.dataset.state); i++) await sleep(50);
		for (let i = 0; i < 3000; i++) {
			const busy = [...document.querySelectorAll("figure.print[data-state]")].filter(f => f.dataset.state === "waiting" || f.dataset.state === "loading");
			if (busy.length === 0) break;
			if (busy[0].dataset.state === "waiting") busy[0].scrollIntoView();
			await sleep(20);
		}
		const page = ` + readPage + `;
		page.csp = window.__csp;
		page.browser = navigator.userAgent;
		return JSON.stringify(page);
	})()`
	out, err := ff.evalString(tab, choose)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		pageState
		CSP     []string `json:"csp"`
		Browser string   `json:"browser"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("the page's state %.300s: %v", out, err)
	}
	t.Logf("%s: %d records, %d prints, %d findings", got.Browser, len(got.Records), len(got.Images), got.Findings)
	if !strings.Contains(got.Browser, "Firefox") {
		t.Errorf("the browser says it is %q", got.Browser)
	}
	if got.State != "done" {
		t.Fatalf("the page says %q", got.State)
	}
	prints := 0
	for _, r := range want.Transaction.Records {
		if got.Records[strconv.Itoa(r.Index)] != r.Type {
			t.Errorf("record %d: shown as type %d, want %d", r.Index, got.Records[strconv.Itoa(r.Index)], r.Type)
		}
		if r.Minutiae != nil && got.Marks[strconv.Itoa(r.Index)] != r.Minutiae.Count {
			t.Errorf("record %d: %d minutia marks, the record has %d", r.Index, got.Marks[strconv.Itoa(r.Index)], r.Minutiae.Count)
		}
		if r.Image != nil && r.Image.Renderable != nil && *r.Image.Renderable {
			prints++
		}
	}
	if prints == 0 || len(got.Images) != prints {
		t.Errorf("%d prints shown, the inspection has %d renderable images", len(got.Images), prints)
	}
	for _, im := range got.Images {
		i := strings.TrimPrefix(strings.SplitN(im.Render, "&", 2)[0], "record=")
		n, _ := strconv.Atoi(i)
		if n < 1 || n > len(want.Transaction.Records) || want.Transaction.Records[n-1].Image == nil {
			t.Errorf("a print of %q, which the inspection has no image for", im.Render)
			continue
		}
		w := want.Transaction.Records[n-1].Image
		if im.State != "shown" || im.Width != w.Width || im.Height != w.Height {
			t.Errorf("print %s: %s at %dx%d, want shown at %dx%d", im.Render, im.State, im.Width, im.Height, w.Width, w.Height)
		}
	}
	if got.Findings != len(rep.Findings) || len(got.Links) != len(rep.Findings) {
		t.Errorf("%d findings shown with %d links to fields, the report has %d", got.Findings, len(got.Links), len(rep.Findings))
	}
	if len(got.Missing) > 0 {
		t.Errorf("findings link to fields that are not shown: %v", got.Missing)
	}
	if len(got.CSP) > 0 {
		t.Errorf("Content-Security-Policy violations in Firefox: %v", got.CSP)
	}
}
