package ansi378_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/ansi378"
	"github.com/biogate/biogate/iso/internal/isotest"
)

func FuzzDecodeANSI378v2004(f *testing.F) {
	for _, b := range isotest.CorpusFiles(f, "incits378-2004") {
		f.Add(b)
	}
	// Records as other producers write them (version "020", lengths that
	// disagree, an overrunning block), made by the convert tests.
	seeds, _ := filepath.Glob("../../testdata/iso/incits378-2004-*.fmr")
	for _, p := range seeds {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) { isotest.RoundTrip(t, b, iso.ANSI378v2004) })
}

func FuzzDecodeANSI378v2009(f *testing.F) {
	for _, b := range isotest.CorpusFiles(f, "incits378-2007") {
		f.Add(b)
		c := append([]byte(nil), b...)
		f.Add(append(c[:16:16], append([]byte{0x80}, c[16:]...)...)) // as a 21-byte 2009 header
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		isotest.RoundTrip(t, b, iso.ANSI378v2009)
		isotest.RoundTrip(t, b, iso.ANSI378v2007)
	})
}
