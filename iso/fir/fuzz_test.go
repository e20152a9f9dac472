package fir_test

import (
	"testing"

	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/fir"
	"github.com/biogate/biogate/iso/internal/isotest"
)

func FuzzDecodeFIR(f *testing.F) {
	for _, b := range isotest.CorpusFiles(f, "iso19794-4") {
		if len(b) > 1024 {
			b = b[:1024] // keep seeds small; truncation is itself a case
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		isotest.RoundTrip(t, b, iso.FIR2005)
		isotest.RoundTrip(t, b, iso.ANSI381v2004)
		isotest.RoundTrip(t, b, iso.FIR2011)
	})
}
