package extract

import (
	"image"
	"testing"

	"github.com/biogate/biogate/internal/cputime"
)

// BenchmarkExtract times extraction of the 388×374 FVC2002 DB1 images at
// 500 ppi, one image per iteration, cycling through the 80 of the set; run
// with -cpu 1 for the one-core figure. Besides wall time it
// reports the process's CPU time per image, which is the figure to read on a
// machine shared with other work (wall time there includes waiting for a
// core).
func BenchmarkExtract(b *testing.B) {
	files := corpusImages(b, "fvc2002-db1-b")
	imgs := make([]image.Image, len(files))
	for i, p := range files {
		imgs[i] = loadTIFF(b, p)
	}
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cputime.Process()
	i := 0
	for b.Loop() {
		if _, err := Extract(imgs[i%len(imgs)], 500); err != nil {
			b.Fatal(err)
		}
		i++
	}
	cpu := cputime.Process() - c0
	ms := float64(b.Elapsed().Microseconds()) / 1000 / float64(b.N)
	b.ReportMetric(ms, "ms/image")
	b.ReportMetric(1000/ms, "images/s")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/image")
}
