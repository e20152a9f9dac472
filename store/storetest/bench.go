package storetest

import (
	"context"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/biogate/biogate/store"
)

// benchOriginal is the size of a benchmark transaction's original (a
// small ten-print record's order of magnitude is far larger; this
// measures the store, not the disk's bandwidth).
const benchOriginal = 16 << 10

// benchRecord is a transaction of 16 KB delivered to one partner.
func benchRecord() *store.Record {
	r := record(store.NewID(time.Now()), "a", "b")
	r.Original = make([]byte, benchOriginal)
	return r
}

// Bench runs the store benchmarks on the stores open gives: Put and Get,
// by one client and by 16 at once (b.SetParallelism on GOMAXPROCS),
// reporting items/s.
func Bench(b *testing.B, open Open) {
	for _, clients := range []int{1, 16} {
		b.Run("Put/clients="+strconv.Itoa(clients), func(b *testing.B) {
			s, _ := open(b)
			ctx := context.Background()
			run(b, clients, func() {
				if err := s.Put(ctx, benchRecord()); err != nil {
					b.Error(err)
				}
			})
		})
		b.Run("Get/clients="+strconv.Itoa(clients), func(b *testing.B) {
			s, _ := open(b)
			ctx := context.Background()
			var ids []string
			for range 256 {
				r := benchRecord()
				if err := s.Put(ctx, r); err != nil {
					b.Fatal(err)
				}
				ids = append(ids, r.Transaction.ID)
			}
			var i atomic.Int64
			run(b, clients, func() {
				if _, err := s.Get(ctx, ids[i.Add(1)%int64(len(ids))]); err != nil {
					b.Error(err)
				}
			})
		})
	}
}

// run calls fn b.N times from clients goroutines and reports items/s.
func run(b *testing.B, clients int, fn func()) {
	b.ResetTimer()
	if clients == 1 {
		for range b.N {
			fn()
		}
	} else {
		b.SetParallelism(max(1, clients/runtime.GOMAXPROCS(0)))
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				fn()
			}
		})
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "items/s")
}
