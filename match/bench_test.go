package match

import (
	"testing"

	"github.com/biogate/biogate/internal/cputime"
)

// benchTemplates prepares the mindtct templates of FVC2002 DB1_B.
func benchTemplates(b *testing.B) []*Prepared {
	ss := loadSet(b, "fvc2002-db1-b")
	ps := make([]*Prepared, len(ss))
	for i, s := range ss {
		ps[i] = Prepare(s.tmpl)
	}
	return ps
}

// BenchmarkScore measures 1:1 comparisons of prepared templates, cycling
// over all ordered pairs of FVC2002 DB1_B (mindtct minutiae). Report
// comparisons per second per core with -cpu 1.
func BenchmarkScore(b *testing.B) {
	ps := benchTemplates(b)
	var c Comparer
	i, j := 0, 1
	b.ResetTimer()
	cpu0 := cputime.Process()
	for n := 0; n < b.N; n++ {
		c.Score(ps[i], ps[j])
		if j++; j == len(ps) {
			j = 0
			if i++; i == len(ps) {
				i = 0
			}
		}
	}
	cpu := cputime.Process() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "comparisons/s")
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "comparisons/cpu-s")
	}
}

// BenchmarkPrepare measures making the cylinders of one template.
func BenchmarkPrepare(b *testing.B) {
	ss := loadSet(b, "fvc2002-db1-b")
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		Prepare(ss[n%len(ss)].tmpl)
	}
}

// BenchmarkUnmarshalPrepared measures reloading a stored prepared template
// (what rebuilding a durable gallery's index at start costs per template).
func BenchmarkUnmarshalPrepared(b *testing.B) {
	ps := benchTemplates(b)
	encs := make([][]byte, len(ps))
	size := 0
	for i, p := range ps {
		encs[i], _ = p.MarshalBinary()
		size += len(encs[i])
	}
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		var p Prepared
		if err := p.UnmarshalBinary(encs[n%len(encs)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size)/float64(len(encs)), "bytes/encoded")
}
