package browsertest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// TestDropFile drops a file on the Inspect view's drop zone (outside the
// file input: on its help text) as a user drags one from the desktop.
func TestDropFile(t *testing.T) {
	c := startConsole(t)
	c.signIn(t, "local")
	c.run(t, "open inspect", chromedp.Navigate(c.URL+"/#/inspect"), chromedp.WaitVisible(chromedp.CSS("#file-help")))
	type point struct{ X, Y float64 }
	p, err := eval[point](c, `(() => { const r = document.getElementById("file-help").getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()`)
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(filepath.Join(corpus, "jnbis/ansi/references/type-9-14-std.an2"))
	if err != nil {
		t.Fatal(err)
	}
	body, err := os.ReadFile(abs)
	if err != nil {
		t.Fatal(err)
	}
	var want inspection
	c.post(t, "/v1/inspect", "local", body, &want)
	if want.Transaction == nil || len(want.Transaction.Records) < 4 || want.Transaction.Records[2].Minutiae == nil {
		t.Fatalf("the service's inspection of %s has no Type-9 minutiae in record 3", abs)
	}
	wantMarks := want.Transaction.Records[2].Minutiae.Count
	data := &input.DragData{Items: []*input.DragDataItem{}, Files: []string{abs}, DragOperationsMask: 1}
	for _, typ := range []input.DispatchDragEventType{input.DispatchDragEventTypeDragEnter, input.DispatchDragEventTypeDragOver, input.DispatchDragEventTypeDrop} {
		if _, err := chromedp.Call(c.Ctx, input.DispatchDragEvent, input.DispatchDragEventParams{Type: typ, X: p.X, Y: p.Y, Data: data}); err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
	}
	c.run(t, "wait for the inspection", chromedp.WaitVisible(chromedp.CSS(`#results[data-state="done"], #results[data-state="failed"]`)))
	st, err := eval[pageState](c, readPage)
	if err != nil {
		t.Fatal(err)
	}
	if st.State != "done" || st.Records["4"] != want.Transaction.Records[3].Type || st.Marks["3"] != wantMarks {
		t.Errorf("after the drop: state %q, record 4 of type %d, %d minutia marks of record 3; want done, %d, %d",
			st.State, st.Records["4"], st.Marks["3"], want.Transaction.Records[3].Type, wantMarks)
	}
	// The minutiae toggle, with the keyboard.
	c.run(t, "hide the minutiae", chromedp.Focus(chromedp.CSS("input.toggle-minutiae")), chromedp.KeyEvent(" "))
	hidden, err := eval[bool](c, `document.querySelector("svg.minutiae").hasAttribute("hidden") && document.querySelector("svg.minutiae").getBoundingClientRect().width === 0`)
	if err != nil {
		t.Fatal(err)
	}
	if !hidden {
		t.Error("the minutiae toggle does not hide the marks")
	}
	c.checkClean(t)
}
