package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// inspection is the part of POST /v1/inspect's answer the tests compare
// with the page.
type inspection struct {
	Format      string `json:"format"`
	Transaction *struct {
		Records []record `json:"records"`
	} `json:"transaction"`
	Record *struct {
		Views []view `json:"views"`
		view
	} `json:"record"`
	Image *imageInfo `json:"image"`
}

type record struct {
	Index    int             `json:"index"`
	Type     int             `json:"type"`
	Fields   json.RawMessage `json:"fields"` // a count, or (with offsets) the list
	Image    *imageInfo      `json:"image"`
	Minutiae *minutiaeInfo   `json:"minutiae"`
}

type view struct {
	Index    *int          `json:"index"`
	Image    *imageInfo    `json:"image"`
	Minutiae *minutiaeInfo `json:"minutiae"`
}

type imageInfo struct {
	Width      int   `json:"width"`
	Height     int   `json:"height"`
	Renderable *bool `json:"renderable"`
}

type minutiaeInfo struct {
	Count int `json:"count"`
}

type report struct {
	Findings []struct {
		Location struct {
			Record int    `json:"record"`
			Field  string `json:"field"`
		} `json:"location"`
	} `json:"findings"`
}

// expected reads a corpus file and what the service makes of it:
// its inspection and its validation report.
func (c *console) expected(t *testing.T, name string) ([]byte, inspection, report) {
	t.Helper()
	body, err := os.ReadFile(filepath.Join(corpus, name))
	if err != nil {
		t.Fatal(err)
	}
	var want inspection
	c.post(t, "/v1/inspect", "local", body, &want)
	var rep report
	c.post(t, "/v1/validate", "local", body, &rep)
	return body, want, rep
}

// post calls the service directly (the expected values), requiring 200
// and a JSON answer.
func (c *console) post(t *testing.T, path, partner string, body []byte, v any) {
	t.Helper()
	status, b := c.call(t, "POST", path, partner, body)
	if status != 200 {
		t.Fatalf("POST %s: %d: %.300s", path, status, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
}

// pageState is what the page shows of an inspection.
type pageState struct {
	State    string         `json:"state"`
	Ms       string         `json:"ms"`
	Records  map[string]int `json:"records"` // record index -> data-type
	Fields   map[string]int `json:"fields"`  // record index -> field rows
	Images   []shownImage   `json:"images"`
	Marks    map[string]int `json:"marks"` // data-minutiae -> marks
	Findings int            `json:"findings"`
	Links    []string       `json:"links"`   // targets of the findings' buttons
	Missing  []string       `json:"missing"` // targets with no element
}

type shownImage struct {
	Render string `json:"render"` // the render query
	State  string `json:"state"`
	Width  int    `json:"width"` // naturalWidth
	Height int    `json:"height"`
}

const readPage = `(() => {
  const r = document.getElementById("results");
  const out = {state: r.dataset.state || "", ms: r.dataset.ms || "", records: {}, fields: {}, images: [], marks: {}, findings: 0, links: [], missing: []};
  for (const s of document.querySelectorAll("section.record[data-record]")) {
    out.records[s.dataset.record] = Number(s.dataset.type || 0);
    out.fields[s.dataset.record] = s.querySelectorAll("tr.field").length;
  }
  for (const f of document.querySelectorAll("figure.print[data-render]")) {
    const img = f.querySelector("img");
    out.images.push({render: f.dataset.render, state: f.dataset.state || "", width: img ? img.naturalWidth : 0, height: img ? img.naturalHeight : 0});
  }
  for (const s of document.querySelectorAll("svg.minutiae")) {
    out.marks[s.dataset.minutiae] = (out.marks[s.dataset.minutiae] || 0) + s.querySelectorAll(".minutia").length;
  }
  out.findings = document.querySelectorAll(".findings li").length;
  for (const b of document.querySelectorAll("button.goto")) {
    out.links.push(b.dataset.target);
    if (!document.getElementById(b.dataset.target)) out.missing.push(b.dataset.target);
  }
  return out;
})()`

// inspectFile chooses a corpus file in the Inspect view and waits for the
// page to show it all.
func (c *console) inspectFile(t *testing.T, name string) pageState {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join(corpus, name))
	if err != nil {
		t.Fatal(err)
	}
	c.run(t, "inspect "+name,
		chromedp.Navigate(c.URL+"/#/inspect"),
		chromedp.WaitVisible(chromedp.CSS("#file")),
		// The view may be the one of the previous file (a navigation to
		// the same URL does not reload): forget its state first.
		chromedp.Evaluate[chromedp.Void](`document.getElementById("results").removeAttribute("data-state")`),
		chromedp.SetUploadFiles(chromedp.CSS("#file"), []string{abs}),
		chromedp.WaitVisible(chromedp.CSS(`#results[data-state="done"], #results[data-state="failed"]`)),
	)
	st, err := eval[pageState](c, readPage)
	if err != nil {
		t.Fatal(err)
	}
	if st.State != "done" {
		c.screenshot(t, "failed")
		t.Fatalf("%s: the page says %q", name, st.State)
	}
	return st
}

// loadAllImages scrolls to each image the page has not loaded yet (it
// loads them as they come near the viewport) until every one is shown or
// failed, and returns the page's time to all images.
func (c *console) loadAllImages(t *testing.T) string {
	t.Helper()
	c.run(t, "scroll to every image", void(chromedp.Poll[bool](`(() => {
		const busy = [...document.querySelectorAll("figure.print[data-state]")].filter(f => f.dataset.state === "waiting" || f.dataset.state === "loading");
		if (busy.length === 0) return true;
		if (busy[0].dataset.state === "waiting") busy[0].scrollIntoView();
		return false; })()`, chromedp.WithPollingInterval(20*time.Millisecond))))
	all, err := eval[string](c, `document.getElementById("results").dataset.all || ""`)
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// TestInspect inspects corpus files in the console and compares the page
// with the service's own answers: the record tree, every image shown at
// its real size, one mark per minutia, findings linked to fields.
func TestInspect(t *testing.T) {
	c := startConsole(t)
	c.signIn(t, "local")
	for _, tc := range []struct {
		name, file string
		images     int // images the file holds, at least
		minutiae   bool
	}{
		{"ten-print WSQ", "jnbis/ansi/references/type-4-tpcard.an2", 14, false},
		{"Type-9 and Type-14", "jnbis/ansi/references/type-9-14-std.an2", 1, true},
		{"INT-I XML", "interpol-inti/XMLsamples/Sample-MPS-INT-ITransaction.xml", 2, true},
		{"ISO minutiae record", "libbiomeval/fmr.iso2005", 0, true},
		{"ISO finger image record, two views", "idemia-iso19794/twofingers.fir", 2, false},
		{"ISO face record", "libbiomeval/face01.iso2005", 1, false},
		{"WSQ image", "libbiomeval/img.wsq", 1, false},
		{"every image type (4, 8 bi-level, 10, 14, 17)", "nbis/testdata/valid1.9.an2", 5, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, want, rep := c.expected(t, tc.file)
			got := c.inspectFile(t, tc.file)
			all := c.loadAllImages(t)
			var err error
			if got, err = eval[pageState](c, readPage); err != nil {
				t.Fatal(err)
			}
			c.screenshot(t, "inspected")
			if tc.minutiae {
				c.screenshotOf(t, "figure.print:has(svg.minutiae)", "minutiae")
			}
			t.Logf("%s: tree, findings and the images in view shown in %s ms, all images in %s ms", tc.file, got.Ms, all)

			images := map[string]imageInfo{} // render query -> expected size
			marks := map[string]int{}        // data-minutiae -> expected marks
			if want.Transaction != nil {
				for _, r := range want.Transaction.Records {
					key := fmt.Sprint(r.Index)
					if got.Records[key] != r.Type {
						t.Errorf("record %d: the page shows type %d, want %d", r.Index, got.Records[key], r.Type)
					}
					var fields []json.RawMessage
					if json.Unmarshal(r.Fields, &fields) == nil && got.Fields[key] != len(fields) {
						t.Errorf("record %d: %d field rows, want %d", r.Index, got.Fields[key], len(fields))
					}
					if r.Image != nil && (r.Image.Renderable == nil || *r.Image.Renderable) {
						images["record="+key] = *r.Image
					}
					if r.Minutiae != nil {
						marks[key] = r.Minutiae.Count
					}
				}
			}
			if want.Record != nil {
				views := want.Record.Views
				if len(views) == 0 {
					views = []view{want.Record.view}
				}
				for i, v := range views {
					n := i + 1
					if v.Index != nil {
						n = *v.Index
					}
					if v.Image != nil && (v.Image.Renderable == nil || *v.Image.Renderable) {
						images[fmt.Sprintf("record=1&view=%d", n)] = *v.Image
					}
					if v.Minutiae != nil {
						marks[fmt.Sprintf("1.%d", n)] = v.Minutiae.Count
					}
				}
			}
			if want.Image != nil {
				images["record=1"] = *want.Image
			}
			if len(images) < tc.images {
				t.Errorf("the service reports %d renderable images, the file holds %d", len(images), tc.images)
			}
			if tc.minutiae && len(marks) == 0 {
				t.Errorf("the service reports no minutiae for %s", tc.file)
			}
			if len(got.Images) != len(images) {
				t.Errorf("the page shows %d images, want %d", len(got.Images), len(images))
			}
			for _, im := range got.Images {
				w, ok := images[im.Render]
				switch {
				case !ok:
					t.Errorf("image %s shown, not in the inspection", im.Render)
				case im.State != "shown" || im.Width != w.Width || im.Height != w.Height:
					t.Errorf("image %s: %s, %d×%d, want shown, %d×%d", im.Render, im.State, im.Width, im.Height, w.Width, w.Height)
				}
			}
			for key, n := range marks {
				if got.Marks[key] != n {
					t.Errorf("minutiae of %s: %d marks, want %d", key, got.Marks[key], n)
				}
			}
			if got.Findings != len(rep.Findings) {
				t.Errorf("%d findings shown, the report has %d", got.Findings, len(rep.Findings))
			}
			if len(got.Missing) > 0 {
				t.Errorf("findings link to absent elements: %s", strings.Join(got.Missing, ", "))
			}
			for _, f := range rep.Findings {
				if f.Location.Record > 0 && f.Location.Field != "" && want.Transaction != nil && !contains(got.Links, fieldTarget(f.Location.Record, f.Location.Field)) {
					t.Errorf("finding on %d/%s has no link to its field", f.Location.Record, f.Location.Field)
				}
			}
			if len(got.Links) > 0 {
				c.checkFocus(t, got.Links[0])
			}
		})
	}
	c.checkClean(t)
}

// fieldTarget is the id the page gives a field's row (js/inspect/ids.js).
func fieldTarget(record int, tag string) string {
	return fmt.Sprintf("field-%d-%s", record, strings.SplitN(tag, " ", 2)[0])
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// checkFocus presses the first finding's button with the keyboard and
// checks that the field it names gets the focus.
func (c *console) checkFocus(t *testing.T, target string) {
	t.Helper()
	c.run(t, "follow a finding",
		chromedp.Focus(chromedp.CSS(fmt.Sprintf(`button.goto[data-target=%q]`, target))),
		chromedp.KeyEvent("\r"))
	id, err := eval[string](c, `document.activeElement.id`)
	if err != nil {
		t.Fatal(err)
	}
	if id != target {
		t.Errorf("after Enter on the finding's button the focus is on %q, want %q", id, target)
	}
}

// checkClean checks that the page made requests only to its own origin
// (or blob:/data: URLs it made) and raised no exception, console error or
// CSP violation.
func (c *console) checkClean(t *testing.T) {
	t.Helper()
	requests, problems := c.seen(t)
	for _, r := range requests {
		if !strings.HasPrefix(r.url, c.URL+"/") && !strings.HasPrefix(r.url, "blob:"+c.URL+"/") && !strings.HasPrefix(r.url, "data:") {
			t.Errorf("request to another origin: %s %s", r.method, r.url)
		}
	}
	if len(requests) == 0 {
		t.Error("no request seen: the network events are not reaching the test")
	}
	for _, p := range problems {
		t.Errorf("page problem: %s", p)
	}
}
