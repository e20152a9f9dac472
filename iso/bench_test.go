package iso_test

import (
	"io"
	"testing"

	"github.com/biogate/biogate/iso"
)

var benchFormats = []iso.Format{iso.FMR2005, iso.FMR2011, iso.ANSI378v2004, iso.ANSI378v2009}

// BenchmarkDecodeMinutiae decodes the fully populated record of
// roundtrip_test.go (3 views, 60 minutiae, ridge counts, cores, deltas).
func BenchmarkDecodeMinutiae(b *testing.B) {
	for _, f := range benchFormats {
		in, err := iso.Marshal(minutiaeRecord(f), f)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(string(f), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := iso.DecodeAs(in, f, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

func BenchmarkEncodeMinutiae(b *testing.B) {
	for _, f := range benchFormats {
		rec := minutiaeRecord(f)
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := iso.Encode(io.Discard, rec, f); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
