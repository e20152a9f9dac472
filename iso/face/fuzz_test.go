package face_test

import (
	"testing"

	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/face"
	"github.com/biogate/biogate/iso/internal/isotest"
)

func FuzzDecodeFace(f *testing.F) {
	for _, b := range isotest.CorpusFiles(f, "iso19794-5") {
		f.Add(b[:min(len(b), 4096)])
	}
	f.Add([]byte("FAC\x00030\x00\x00\x00\x00\x11\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		isotest.RoundTrip(t, b, iso.Face2005)
		isotest.RoundTrip(t, b, iso.Face2011)
	})
}
