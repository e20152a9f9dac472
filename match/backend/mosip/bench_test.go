package mosip_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/biogate/biogate/match/backend/mosip"
	"github.com/biogate/biogate/match/backend/mosip/mosiptest"
)

// BenchmarkIdentify searches a gallery of 60 FVC2002 DB1_B records
// (fingers 101-110, impressions 1-6) through the wire, the test server's
// template cache warm: the cost of the adapter, the wire format and the
// server's decoding and comparisons, not of extraction.
func BenchmarkIdentify(b *testing.B) {
	ctx := context.Background()
	h := mosiptest.NewHandler(nil)
	var bytesIn, calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bytesIn.Add(r.ContentLength)
		calls.Add(1)
		h.ServeHTTP(w, r)
	}))
	defer srv.Close()
	a, err := mosip.New(srv.URL, newStore(b), mosip.Options{})
	if err != nil {
		b.Fatal(err)
	}
	for f := 101; f <= 110; f++ {
		for i := 1; i <= 6; i++ {
			name := fmt.Sprintf("%d_%d", f, i)
			if err := a.Enrol(ctx, "g", name, finger(fvcRecord(b, name), 0)); err != nil {
				b.Fatal(err)
			}
		}
	}
	probe := finger(fvcRecord(b, "101_7"), 0)
	if _, err := a.Identify(ctx, "g", probe, 10); err != nil { // warm the cache
		b.Fatal(err)
	}
	bytesIn.Store(0)
	calls.Store(0)
	b.ResetTimer()
	for b.Loop() {
		if _, err := a.Identify(ctx, "g", probe, 10); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(bytesIn.Load())/float64(calls.Load()), "request-bytes")
}
