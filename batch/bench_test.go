package batch

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// BenchmarkBatchValidate validates a folder of 200 small transactions
// with 1 and 2 workers and reports files/s and MB/s (issue 14's measure:
// at least 1.8 times from one worker to two on two cores). Each
// iteration uses a fresh output folder, so nothing is resumed.
func BenchmarkBatchValidate(b *testing.B) {
	benchmarkBatch(b, Job{Op: OpValidate})
}

// BenchmarkBatchConvert converts the same folder to XML.
func BenchmarkBatchConvert(b *testing.B) {
	benchmarkBatch(b, Job{Op: OpConvert, To: "xml"})
}

func benchmarkBatch(b *testing.B, j Job) {
	dir := b.TempDir()
	src, _ := synthetic(b, dir, 200)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("jobs=%d", workers), func(b *testing.B) {
			var files int
			var bytes int64
			i := 0
			for b.Loop() {
				j := j
				j.Sources, j.Out, j.Jobs = []string{src}, filepath.Join(dir, fmt.Sprintf("out-%d-%d", workers, i)), workers
				i++
				s, err := Run(context.Background(), j)
				if err != nil {
					b.Fatal(err)
				}
				files += s.Files
				bytes += s.Bytes
			}
			secs := b.Elapsed().Seconds()
			b.ReportMetric(float64(files)/secs, "files/s")
			b.ReportMetric(float64(bytes)/(1<<20)/secs, "MB/s")
		})
	}
}
