package wsq

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzDecode decodes arbitrary input; when that succeeds, it re-encodes the
// image and decodes the result again, which must succeed.
func FuzzDecode(f *testing.F) {
	// The corpus's smaller WSQ files (large ones make the fuzzer slow),
	// from NIST's reference encoder, NBIS and the non-7/9 filter banks.
	files, _ := filepath.Glob(filepath.Join(corpusRoot, "thales-wsq/nist/wsq/*/*.wsq"))
	more, _ := filepath.Glob(filepath.Join(corpusRoot, "reference/nbis-cwsq/*/*.wsq"))
	files = append(files, more...)
	if len(files) == 0 {
		f.Logf("corpus not found at %s: seeding with synthetic images only", corpusRoot)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) <= 40000 || strings.Contains(name, "not_7_9") {
			f.Add(data)
		}
	}
	// Small synthetic images make the fuzzer fast.
	for _, size := range [][2]int{{65, 65}, {97, 71}, {130, 66}} {
		for _, rate := range []float64{0.75, 2.25} {
			var buf bytes.Buffer
			if err := Encode(&buf, synthetic(size[0], size[1]), &Options{Bitrate: rate}); err != nil {
				f.Fatal(err)
			}
			f.Add(buf.Bytes())
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, cfgErr := DecodeConfig(bytes.NewReader(data))
		m, err := Decode(bytes.NewReader(data))
		if err != nil {
			var fe *FormatError
			var ue UnsupportedError
			if !errors.As(err, &fe) && !errors.As(err, &ue) {
				t.Fatalf("error of unexpected type %T: %v", err, err)
			}
			return
		}
		if cfgErr != nil || cfg.Width != m.Rect.Dx() || cfg.Height != m.Rect.Dy() {
			t.Fatalf("DecodeConfig = %+v, %v; image is %v", cfg, cfgErr, m.Rect)
		}
		var buf bytes.Buffer
		if err := Encode(&buf, m, nil); err != nil {
			t.Fatalf("re-encoding a decoded %v image: %v", m.Rect, err)
		}
		m2, err := Decode(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatalf("decoding the re-encoded image: %v", err)
		}
		if m2.Rect != m.Rect {
			t.Fatalf("size changed from %v to %v", m.Rect, m2.Rect)
		}
	})
}
