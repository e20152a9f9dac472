package exchange

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"testing"

	"github.com/biogate/biogate/internal/budget"
)

// FuzzRender: whatever the bytes, Render gives a PNG that decodes or a
// typed error (or the budget's refusal), never a panic, and it never
// decodes more than a request's memory budget allows.
func FuzzRender(f *testing.F) {
	if b, err := os.ReadFile("../../testdata/sample.an2"); err == nil {
		f.Add(b, uint8(4))
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 3, 2))); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes(), uint8(0))
	f.Fuzz(func(t *testing.T, b []byte, record uint8) {
		m := budget.NewPool(1 << 30).Meter(64 << 20)
		defer m.Release()
		out, err := Render(budget.With(context.Background(), m), b, RenderOptions{Record: int(record % 8)})
		switch {
		case err == nil:
			if _, err := png.Decode(bytes.NewReader(out.Body)); err != nil {
				t.Errorf("the PNG written does not decode: %v", err)
			}
		case KindOf(err) == 0 && !budget.Stopped(err):
			t.Errorf("untyped error %T: %v", err, err)
		}
	})
}
