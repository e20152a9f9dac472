package convert

import (
	"testing"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// BenchmarkMinutiae measures conversions of a record with 180 minutiae and
// extended data; b.N records, reported as records/s.
func BenchmarkMinutiae(b *testing.B) {
	for _, p := range []struct{ from, to iso.Format }{
		{iso.ANSI378v2004, iso.FMR2011}, {iso.FMR2011, iso.ANSI378v2004}, {iso.FMR2005, iso.ANSI378v2009},
		{iso.FMR2005, iso.FMR2005CardCompact},
	} {
		src := builtMinutiae(p.from)
		b.Run(string(p.from)+"→"+string(p.to), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := Minutiae(src, p.to); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

// BenchmarkType9 measures a finger view to a Type-9 record with both
// blocks, and a Type-9 legacy block back to 19794-2:2005.
func BenchmarkType9(b *testing.B) {
	src := builtMinutiae(iso.ANSI378v2004)
	b.Run("to Type-9", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := MinutiaeToType9(src, 0, &Type9Options{Blocks: BlockM1 | BlockLegacy}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
	})
	r, _, _ := MinutiaeToType9(src, 0, &Type9Options{Blocks: BlockLegacy})
	tr := nist.NewTransaction(nist.V0502)
	tr.AddRecord(r)
	opts := &Type9Options{Blocks: BlockLegacy, Width: 400, Height: 400, Resolution: 197}
	b.Run("from Type-9 legacy", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := Type9ToMinutiaeWith(tr, r, iso.FMR2005, opts); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
	})
}
