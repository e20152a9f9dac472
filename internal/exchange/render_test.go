package exchange

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/biogate/biogate/codec/jp2"
	"github.com/biogate/biogate/internal/budget"
	"github.com/biogate/biogate/internal/corpustest"
	"github.com/biogate/biogate/nist"
)

// corpusFiles reads the corpus files of formats (MANIFEST.tsv prefixes).
func corpusFiles(t *testing.T, formats ...string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, row := range corpustest.Manifest(t, corpus, formats...) {
		b, err := os.ReadFile(filepath.Join(corpus, row.Path))
		if err != nil {
			t.Fatal(err)
		}
		out[row.Path] = b
	}
	if len(out) == 0 {
		t.Fatalf("no corpus file of %v", formats)
	}
	return out
}

// checkPNG decodes a rendering and compares its size with want.
func checkPNG(t *testing.T, where string, out *Output, w, h int) {
	t.Helper()
	if out.ContentType != "image/png" {
		t.Errorf("%s: content type %q", where, out.ContentType)
	}
	m, err := png.Decode(bytes.NewReader(out.Body))
	if err != nil {
		t.Errorf("%s: the PNG does not decode: %v", where, err)
		return
	}
	if r := m.Bounds(); r.Dx() != w || r.Dy() != h {
		t.Errorf("%s: PNG is %dx%d, Inspect says %dx%d", where, r.Dx(), r.Dy(), w, h)
	}
}

// checkRenderError requires a typed error locating the record.
func checkRenderError(t *testing.T, where string, err error, record int) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%s: %v is not a core error", where, err)
		return
	}
	if len(e.Findings) == 0 || e.Findings[0].Location.Record != record {
		t.Errorf("%s: %v: findings %+v do not name record %d", where, err, e.Findings, record)
	}
}

// TestRenderCorpusTransactions renders every image record of every corpus
// transaction that Inspect calls renderable, at the size the record
// declares; the others fail with an error naming the record.
func TestRenderCorpusTransactions(t *testing.T) {
	ctx := context.Background()
	var rendered, refused int
	reasons := map[string]int{}
	for name, b := range corpusFiles(t, "an2-traditional", "nist-xml") {
		in, err := Inspect(ctx, b)
		if err != nil || in.Transaction == nil {
			continue // unreadable corpus files are the decoders' tests
		}
		for _, r := range in.Transaction.Records {
			if r.Image == nil {
				continue
			}
			where := name + " record " + strconv.Itoa(r.Index)
			out, err := Render(ctx, b, RenderOptions{Record: r.Index})
			switch {
			case r.Image.Renderable && err == nil:
				checkPNG(t, where, out, r.Image.Width, r.Image.Height)
				rendered++
			case err != nil:
				checkRenderError(t, where, err, r.Index)
				refused++
				reasons[KindOf(err).String()+" "+r.Image.Compression]++
				if r.Image.Renderable && KindOf(err) != KindUnreadable {
					t.Errorf("%s: renderable, refused: %v", where, err)
				}
			default:
				t.Errorf("%s: rendered, but Inspect says it is not renderable (%+v)", where, r.Image)
			}
		}
	}
	t.Logf("%d images rendered, %d refused (jp2 available: %v): %v", rendered, refused, jp2.Available, reasons)
	if rendered == 0 {
		t.Error("no corpus image rendered")
	}
}

// TestRenderCorpusISO renders every view of every corpus ISO/INCITS image
// record.
func TestRenderCorpusISO(t *testing.T) {
	ctx := context.Background()
	var rendered int
	for name, b := range corpusFiles(t, "iso19794-4", "iso19794-5", "iso19794-6", "incits381", "incits385") {
		in, err := Inspect(ctx, b)
		if err != nil || in.Record == nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if len(in.Record.Views) == 0 {
			t.Errorf("%s: no view", name)
		}
		for _, v := range in.Record.Views {
			where := name + " view " + strconv.Itoa(v.Index)
			if v.Image == nil {
				t.Errorf("%s: no image summary", where)
				continue
			}
			out, err := Render(ctx, b, RenderOptions{View: v.Index})
			switch {
			case err == nil && v.Image.Renderable:
				checkPNG(t, where, out, v.Image.Width, v.Image.Height)
				rendered++
			case err != nil && !v.Image.Renderable:
				if KindOf(err) == 0 {
					t.Errorf("%s: untyped error %v", where, err)
				}
			default:
				t.Errorf("%s: renderable %v, error %v", where, v.Image.Renderable, err)
			}
		}
	}
	if rendered == 0 {
		t.Error("no corpus view rendered")
	}
}

// TestRenderImageFiles renders corpus image files at their own size.
func TestRenderImageFiles(t *testing.T) {
	ctx := context.Background()
	for name, b := range corpusFiles(t, "wsq (NBIS", "png", "jpeg") {
		in, err := Inspect(ctx, b)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		out, err := Render(ctx, b, RenderOptions{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		checkPNG(t, name, out, in.Image.Width, in.Image.Height)
	}
}

// TestRenderErrors: bad requests and bad data are typed errors that say
// where, never a panic.
func TestRenderErrors(t *testing.T) {
	ctx := context.Background()
	sample, err := os.ReadFile("../../testdata/sample.an2")
	if err != nil {
		t.Fatal(err)
	}
	wsqTx, wsqRecord := firstWSQRecord(t)
	corrupt := corruptImage(t, wsqTx, wsqRecord)
	for _, c := range []struct {
		name   string
		b      []byte
		o      RenderOptions
		kind   Kind
		record int // the finding's record, 0 for none
	}{
		{"record past the end", sample, RenderOptions{Record: 99}, KindInvalid, 0},
		{"negative record", sample, RenderOptions{Record: -1}, KindInvalid, 0},
		{"Type-1 holds no image", sample, RenderOptions{Record: 1}, KindNoImage, 1},
		{"corrupt WSQ data", corrupt, RenderOptions{Record: wsqRecord}, KindUnreadable, wsqRecord},
		{"not a format", []byte("hello"), RenderOptions{Record: 1}, KindUnsupported, 0},
		{"view of a transaction's image file", []byte("\x89PNG\r\n\x1a\n"), RenderOptions{View: 2}, KindInvalid, 0},
		{"truncated PNG", []byte("\x89PNG\r\n\x1a\n\x00\x00"), RenderOptions{}, KindUnreadable, 0},
	} {
		_, err := Render(ctx, c.b, c.o)
		if KindOf(err) != c.kind {
			t.Errorf("%s: %v, want kind %v", c.name, err, c.kind)
			continue
		}
		if c.record > 0 {
			checkRenderError(t, c.name, err, c.record)
		}
	}
	// The image's memory is charged before it is decoded.
	for name, b := range corpusFiles(t, "png") {
		m := budget.NewPool(1 << 30).Meter(1 << 10)
		if _, err := Render(budget.With(ctx, m), b, RenderOptions{}); !budget.Stopped(err) {
			t.Errorf("%s with a 1 KiB budget: %v, want the budget's refusal", name, err)
		}
		m.Release()
	}
}

// firstWSQRecord returns a corpus transaction and the index of a record
// of it holding WSQ data.
func firstWSQRecord(t *testing.T) ([]byte, int) {
	t.Helper()
	ctx := context.Background()
	for _, row := range corpustest.Manifest(t, corpus, "an2-traditional") {
		b, err := os.ReadFile(filepath.Join(corpus, row.Path))
		if err != nil {
			t.Fatal(err)
		}
		in, err := Inspect(ctx, b)
		if err != nil {
			continue
		}
		for _, r := range in.Transaction.Records {
			if r.Image != nil && r.Image.Renderable && strings.HasPrefix(r.Image.Compression, "WSQ") && r.Image.Bytes > 100 {
				return b, r.Index
			}
		}
	}
	t.Fatal("no corpus transaction holds a WSQ image")
	return nil, 0
}

// corruptImage returns b with the image data of record n overwritten past
// its first bytes (a WSQ or other header whose content is garbage).
func corruptImage(t *testing.T, b []byte, n int) []byte {
	t.Helper()
	tx, err := nist.DecodeBytes(b, &nist.DecodeOptions{Lenient: true})
	if tx == nil {
		t.Fatal(err)
	}
	r := tx.Records[n-1]
	im, _ := tx.ImageOf(r)
	data := im.Data()
	for _, f := range r.Fields {
		if sameBytes(f.Value, data) {
			out := bytes.Clone(b)
			off := r.ValueOffset(f)
			for i := off + 8; i < off+int64(len(data)); i++ {
				out[i] = 0xA5
			}
			return out
		}
	}
	t.Fatalf("record %d: no field holds its image", n)
	return nil
}
