package iris_test

import (
	"testing"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/iso/internal/isotest"
	_ "github.com/biogate/biogate/iso/iris"
)

func FuzzDecodeIris(f *testing.F) {
	for _, b := range isotest.CorpusFiles(f, "iso19794-6") {
		f.Add(b[:min(len(b), 8192)])
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		isotest.RoundTrip(t, b, iso.Iris2005)
		isotest.RoundTrip(t, b, iso.Iris2011)
	})
}
