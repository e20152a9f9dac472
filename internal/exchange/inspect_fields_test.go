package exchange

import (
	"bytes"
	"context"
	"testing"

	"github.com/biogate/biogate/nist"
)

// TestInspectFieldOffsets: in every corpus transaction in the traditional
// encoding, each field's offset and length delimit, in the input, its tag,
// a colon and its value, followed by the separator ending it (a binary
// record's element: its bytes); records start at their offset. XML input
// has no offsets.
func TestInspectFieldOffsets(t *testing.T) {
	ctx := context.Background()
	fields := 0
	for name, b := range corpusFiles(t, "an2-traditional", "nist-xml") {
		in, err := Load(ctx, b, nil)
		if err != nil {
			continue
		}
		got, _ := in.Records()
		for i, r := range in.Transaction.Records {
			rs := got[i]
			if in.Format != "an2" {
				if rs.Offset != nil || len(rs.Fields) > 0 && rs.Fields[0].Offset != nil {
					t.Errorf("%s record %d: offsets for %s input", name, i+1, in.Format)
				}
				continue
			}
			if rs.Offset == nil || *rs.Offset != r.Offset {
				t.Errorf("%s record %d: offset %v, the record starts at %d", name, i+1, rs.Offset, r.Offset)
			}
			for j, f := range r.Fields {
				fs := rs.Fields[j]
				if fs.Offset == nil || fs.Length == nil {
					t.Errorf("%s field %s: no offset", name, fs.Tag)
					continue
				}
				off, n := *fs.Offset, *fs.Length
				if off < 0 || off+n > int64(len(b)) {
					t.Errorf("%s field %s: %d+%d outside the input", name, fs.Tag, off, n)
					continue
				}
				span := b[off : off+n]
				if nist.IsBinaryType(r.Type) {
					// Elements follow one another (§8.3-8.8); the data
					// element is the value's bytes.
					if next := j + 1; next < len(rs.Fields) && rs.Fields[next].Offset != nil && *rs.Fields[next].Offset != off+n {
						t.Errorf("%s field %s: %d+%d, the next element is at %d", name, fs.Tag, off, n, *rs.Fields[next].Offset)
					}
					if f.Binary && !bytes.Equal(span, f.Value) {
						t.Errorf("%s field %s: the span at %d is not the data", name, fs.Tag, off)
					}
					fields++
					continue
				}
				if !bytes.HasSuffix(span, f.Value) {
					t.Errorf("%s field %s: the span at %d does not end with its value", name, fs.Tag, off)
				}
				tag := fs.Tag
				if fs.Written != "" {
					tag = fs.Written
				}
				if !bytes.HasPrefix(span, []byte(tag+":")) {
					t.Errorf("%s field %s: the span at %d starts %q", name, fs.Tag, off, span[:min(len(span), 12)])
				}
				if end := off + n; end < int64(len(b)) && b[end] != nist.GS && b[end] != nist.FS {
					t.Errorf("%s field %s: followed by %#x, not a separator", name, fs.Tag, b[end])
				}
				fields++
			}
		}
	}
	if fields == 0 {
		t.Error("no field checked")
	}
}
