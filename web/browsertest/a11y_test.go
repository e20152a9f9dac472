package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestKeyboard walks the Inspect view of a Type-9 + Type-14 file with the
// keyboard only: the skip link comes first and moves the focus to the
// content; Tab reaches every control, each with a visible focus ring and
// a name; Space presses a button (zoom), Enter follows a finding.
func TestKeyboard(t *testing.T) {
	c := startConsole(t)
	c.signIn(t, "local")
	c.inspectFile(t, "jnbis/ansi/references/type-9-14-std.an2")
	c.run(t, "reload and tab", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#file")))
	c.inspectFile(t, "jnbis/ansi/references/type-9-14-std.an2")

	c.run(t, "focus the start", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur(); window.scrollTo(0, 0)`), chromedp.KeyEvent(kb.Tab))
	first, err := eval[string](c, `document.activeElement.className + " " + document.activeElement.getAttribute("href")`)
	if err != nil {
		t.Fatal(err)
	}
	if first != "skip #main" {
		t.Errorf("the first Tab stop is %q, want the skip link", first)
	}
	c.run(t, "skip", chromedp.KeyEvent(kb.Enter))
	if id, _ := eval[string](c, `document.activeElement.id`); id != "main" {
		t.Errorf("Enter on the skip link focuses %q, want main", id)
	}

	// Tab through the page, recording each stop and its focus ring.
	type stop struct {
		Key, Outline string
	}
	var stops []stop
	for i := 0; i < 400; i++ {
		c.run(t, "tab", chromedp.KeyEvent(kb.Tab))
		s, err := eval[stop](c, `(() => { const e = document.activeElement;
			const key = e.id || e.dataset.target || (e.tagName + ":" + (e.textContent || e.getAttribute("aria-label") || "").trim().slice(0, 40));
			const st = getComputedStyle(e); return {key, outline: st.outlineStyle + " " + st.outlineWidth}; })()`)
		if err != nil {
			t.Fatal(err)
		}
		if len(stops) > 0 && s.Key == stops[0].Key {
			t.Logf("Tab cycle: %d stops", len(stops))
			break
		}
		stops = append(stops, s)
	}
	reached := map[string]bool{}
	for _, s := range stops {
		reached[s.Key] = true
		if strings.HasPrefix(s.Key, "BODY:") {
			continue // the focus left the page for the browser's own controls
		}
		if strings.HasPrefix(s.Outline, "none") || strings.HasSuffix(s.Outline, " 0px") {
			t.Errorf("focus on %s is not visible (outline %s)", s.Key, s.Outline)
		}
	}
	if t.Failed() || testing.Verbose() {
		t.Logf("stops: %v", stops)
	}
	for _, want := range []string{"file", "level", "convert-to", "convert", "submit-tx"} {
		if !reached[want] {
			t.Errorf("Tab never reaches #%s (%d stops)", want, len(stops))
		}
	}
	unnamed, err := eval[[]string](c, `[...document.querySelectorAll("input, select, textarea, button")].filter(e =>
		!(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !(e.tagName === "BUTTON" && e.textContent.trim())).map(e => e.outerHTML.slice(0, 80))`)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range unnamed {
		t.Errorf("control without a name: %s", u)
	}

	// Space on "Zoom in" of the first print, once it is loaded (prints
	// load as they come near the viewport: the Tab walk may have left
	// the page elsewhere).
	c.loadAllImages(t)
	c.run(t, "zoom with Space", chromedp.Focus(chromedp.CSS("figure.print .print-controls button:nth-of-type(2)")), chromedp.KeyEvent(" "))
	type zoom struct {
		Shown          string
		Stage, Natural float64
	}
	z, err := eval[zoom](c, `(() => { const f = document.querySelector("figure.print"); const img = f.querySelector("img");
		return {shown: f.querySelector("output.zoom").textContent, stage: f.querySelector(".print-stage").getBoundingClientRect().width,
			natural: img ? img.naturalWidth : 0}; })()`)
	if err != nil {
		t.Fatal(err)
	}
	if z.Shown != "150 %" || z.Natural == 0 || z.Stage != z.Natural*1.5 {
		t.Errorf("after Space on Zoom in: %+v, want 150 %% and the print 1.5 times its width", z)
	}
	c.checkClean(t)
}

// TestZoom200 lays the Inspect view out as 200 % browser zoom on a 1280
// pixel window (640 CSS pixels at scale 2): the page reflows to one
// column with no horizontal scrolling of the page (prints scroll inside
// their own frames).
func TestZoom200(t *testing.T) {
	c := startConsole(t)
	c.signIn(t, "local")
	c.run(t, "zoom 200 %", chromedp.EmulateViewport(640, 512, chromedp.EmulateScale(2)))
	c.inspectFile(t, "interpol-inti/XMLsamples/Sample-MPS-INT-ITransaction.xml")
	c.viewShot(t, "zoom-200")
	type layout struct {
		Scroll, Client int
		Columns        string
	}
	got, err := eval[layout](c, `({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
		columns: getComputedStyle(document.querySelector(".inspect-grid")).gridTemplateColumns})`)
	if err != nil {
		t.Fatal(err)
	}
	if got.Scroll > got.Client {
		t.Errorf("at 200 %% the page scrolls sideways: %d CSS px wide in %d", got.Scroll, got.Client)
	}
	if strings.Count(got.Columns, "px") != 1 {
		t.Errorf("at 200 %% the Inspect grid has columns %q, want one", got.Columns)
	}
	c.checkClean(t)
}
