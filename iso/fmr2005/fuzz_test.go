package fmr2005_test

import (
	"testing"

	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/fmr2005"
	"github.com/biogate/biogate/iso/internal/isotest"
)

func FuzzDecodeFMR2005(f *testing.F) {
	for _, b := range isotest.CorpusFiles(f, "iso19794-2-2005") {
		f.Add(b)
	}
	f.Add([]byte("FMR\x00 20\x00\x00\x00\x00\x18\x00\x00\x01\x00\x01\x00\x00\xc5\x00\xc5\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) { isotest.RoundTrip(t, b, iso.FMR2005) })
}

func FuzzDecodeCardNormal(f *testing.F) {
	f.Add([]byte{0x40, 0x64, 0x00, 0x0e, 0x50})
	f.Fuzz(func(t *testing.T, b []byte) { isotest.RoundTrip(t, b, iso.FMR2005CardNormal) })
}

func FuzzDecodeCardCompact(f *testing.F) {
	for _, b := range isotest.CorpusFiles(f, "iso19794-2-card-compact") {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { isotest.RoundTrip(t, b, iso.FMR2005CardCompact) })
}
