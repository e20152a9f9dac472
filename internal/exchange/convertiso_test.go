package exchange

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConvertISOSameEdition: converting an INCITS 378-2004 record as other
// producers write it (../../testdata/iso, made by the convert tests) to
// its own edition returns its bytes, with no conversion note; to another
// edition the version is that edition's own.
func TestConvertISOSameEdition(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/iso/incits378-2004-*.fmr")
	if len(files) != 4 {
		t.Fatalf("%d records in ../../testdata/iso, want 4 (go test ./convert -run TestEditionSameIsInput -update makes them)", len(files))
	}
	ctx := context.Background()
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Convert(ctx, b, ConvertOptions{To: "incits378:2004"})
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if !bytes.Equal(out.Body, b) {
			t.Errorf("%s: --to its own edition changed the bytes", path)
		}
		for _, n := range out.Notes {
			if strings.HasPrefix(n, "conversion:") {
				t.Errorf("%s: same edition noted %q", path, n)
			}
		}
		other, err := Convert(ctx, b, ConvertOptions{To: "iso19794-2:2005"})
		if err != nil {
			t.Fatalf("%s: to 19794-2:2005: %v", path, err)
		}
		if string(other.Body[4:8]) != " 20\x00" {
			t.Errorf("%s: 19794-2:2005 output has version %q", path, other.Body[4:8])
		}
	}
}
