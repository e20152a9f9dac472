package conformance

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/biogate/biogate/nist"
)

// benchFile is a ten-print transaction (14 Type-4 WSQ records).
var benchFile = filepath.Join(nist4jDir, "pass", "pass-type-4-14-tpcard-nqm-updatedWsqVersion.an2")

func readBench(b *testing.B) []byte {
	data, err := os.ReadFile(benchFile)
	if err != nil {
		b.Skipf("corpus not available: %v", err)
	}
	return data
}

// BenchmarkDecode is the yardstick: a lenient decode of the transaction.
func BenchmarkDecode(b *testing.B) {
	data := readBench(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := nist.DecodeBytes(data, &nist.DecodeOptions{Lenient: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidate checks Levels 1 and 2 of a decoded transaction: it
// should cost no more than two decodes.
func BenchmarkValidate(b *testing.B) {
	data := readBench(b)
	t, err := nist.DecodeBytes(data, &nist.DecodeOptions{Lenient: true})
	if err != nil {
		b.Fatal(err)
	}
	opts := &Options{SkipContent: true}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Check(t, nil, opts)
	}
}

// BenchmarkValidateContent adds Level 3, which decodes every image.
func BenchmarkValidateContent(b *testing.B) {
	data := readBench(b)
	t, err := nist.DecodeBytes(data, &nist.DecodeOptions{Lenient: true})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		Check(t, nil, nil)
	}
}

// TestValidateCost holds validation to its budget: Levels 1-2 should cost
// no more than two decodes of the same transaction (issue 6). Decoding
// and validating are timed in interleaved rounds and the medians compared,
// so that a noisy shared machine slows both alike; the test fails above
// 2.5 decodes (the target of 2 plus a margin for noise) and reports the
// ratio against the target of 2.
func TestValidateCost(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	data, err := os.ReadFile(benchFile)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	opts := &Options{SkipContent: true}
	tr, err := nist.DecodeBytes(data, &nist.DecodeOptions{Lenient: true})
	if err != nil {
		t.Fatal(err)
	}
	Check(tr, nil, opts) // build the catalogue and its plans
	const rounds, n = 9, 200
	var dec, val []float64
	for range rounds {
		start := time.Now()
		for range n {
			if _, err := nist.DecodeBytes(data, &nist.DecodeOptions{Lenient: true}); err != nil {
				t.Fatal(err)
			}
		}
		dec = append(dec, float64(time.Since(start).Nanoseconds())/n)
		start = time.Now()
		for range n {
			Check(tr, nil, opts)
		}
		val = append(val, float64(time.Since(start).Nanoseconds())/n)
	}
	sort.Float64s(dec)
	sort.Float64s(val)
	d, v := dec[rounds/2], val[rounds/2]
	ratio := v / d
	t.Logf("median decode %.0f ns/op, median validate (levels 1-2) %.0f ns/op: %.2f decodes (target 2)", d, v, ratio)
	if ratio > 2.5 {
		t.Errorf("validating costs %.2f decodes, over the budget of 2 (2.5 with the noise margin)", ratio)
	}
}
