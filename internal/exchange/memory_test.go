package exchange

import (
	"bytes"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/nist"
	nistxml "github.com/biogate/biogate/xml"
)

// The hostile inputs of issue 11 item 10, scaled down ten times: a
// transaction of many empty Type-2 records (a 60 MB XML of 500,000 took
// 1.5 GB and 19 s; a 62 MB JSON form 2.2 GB), in every encoding, and
// one record of many elements the decoder ignores, which no record bound
// stops.

// sampleTransaction is testdata/sample.an2, decoded.
func sampleTransaction(t testing.TB) *nist.Transaction {
	t.Helper()
	b, err := os.ReadFile("../../testdata/sample.an2")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := nist.DecodeBytes(b, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// encodings returns tr in the traditional encoding, the JSON form and
// (compact) XML.
func encodings(t testing.TB, tr *nist.Transaction) (an2, js, x []byte) {
	t.Helper()
	an2, err := nist.Marshal(tr)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := nist.EncodeJSON(&buf, tr); err != nil {
		t.Fatal(err)
	}
	if x, _, err = nistxml.Marshal(tr, &nistxml.EncodeOptions{Compact: true}); err != nil {
		t.Fatal(err)
	}
	return an2, buf.Bytes(), x
}

// emptyRecords is testdata/sample.an2 with n empty Type-2 records added.
func emptyRecords(t testing.TB, n int) *nist.Transaction {
	tr := sampleTransaction(t)
	for i := 0; i < n; i++ {
		r := nist.NewRecord(2)
		r.SetIDC(i % 100)
		tr.Records = append(tr.Records, r)
	}
	tr.SyncCNT()
	return tr
}

type hostile struct {
	name string
	b    []byte
}

// hostileCache holds hostileInputs once made (making them takes seconds).
var hostileCache []hostile

func hostileInputs(t testing.TB) []hostile {
	if hostileCache != nil {
		return hostileCache
	}
	an2, js, x := encodings(t, emptyRecords(t, 50000))
	// One Type-2 record of 300,000 elements in no namespace the decoder
	// maps: no record bound applies.
	small, _, err := nistxml.Marshal(emptyRecords(t, 1), &nistxml.EncodeOptions{Compact: true})
	if err != nil {
		t.Fatal(err)
	}
	end := bytes.LastIndex(small, []byte("</itl:PackageDescriptiveTextRecord>"))
	if end < 0 {
		t.Fatal("no Type-2 record element in the XML form")
	}
	wide := append(append(append([]byte{}, small[:end]...), strings.Repeat("<x/>", 300000)...), small[end:]...)
	hostileCache = []hostile{
		{fmt.Sprintf("XML, 50,000 empty Type-2 records (%d KB)", len(x)>>10), x},
		{fmt.Sprintf("JSON, 50,000 empty Type-2 records (%d KB)", len(js)>>10), js},
		{fmt.Sprintf("an2, 50,000 empty Type-2 records (%d KB)", len(an2)>>10), an2},
		{fmt.Sprintf("XML, one record of 300,000 elements (%d KB)", len(wide)>>10), wide},
	}
	return hostileCache
}

// peakHeap runs f and returns the most heap its objects took above what
// they took before, sampled every millisecond, and how long f took.
func peakHeap(f func()) (int64, time.Duration) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() int64 {
		metrics.Read(sample)
		return int64(sample[0].Value.Uint64())
	}
	base := read()
	peak := base
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			if v := read(); v > peak {
				peak = v
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	start := time.Now()
	f()
	d := time.Since(start)
	close(done)
	<-stopped
	if v := read(); v > peak {
		peak = v
	}
	return peak - base, d
}
