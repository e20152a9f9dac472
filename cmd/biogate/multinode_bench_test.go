package main

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkGatewaysPG measures submissions per second (transactions of
// a, routed to b's inbox: validation, conversion, one PostgreSQL commit
// and an audit append each) through one gateway process and through two
// sharing the database, 8 clients spread over the gateways. The README
// gives the figures; on 2 cores the database, NATS, the clients and the
// gateways share the same processors, so a second gateway can show that
// nothing serialises the nodes, not that throughput doubles.
//
//	go test ./cmd/biogate -run '^$' -bench GatewaysPG -benchtime 400x
func BenchmarkGatewaysPG(b *testing.B) {
	for _, n := range []int{1, 2} {
		b.Run(fmt.Sprintf("gateways=%d", n), func(b *testing.B) {
			c := newCluster(b, n, 0)
			bodies := make([][]byte, 16)
			for i := range bodies {
				bodies[i] = fingerTx(b, "MAP", fmt.Sprintf("BENCH-%d-%03d", n, i), 101+i%8, 4)
			}
			var next, failed atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			start := time.Now()
			for range 8 {
				wg.Go(func() {
					for {
						i := next.Add(1) - 1
						if i >= int64(b.N) {
							return
						}
						if id, _ := submit(c.gateways[i%int64(n)].url, c.tokenA, bodies[i%int64(len(bodies))]); id == "" {
							failed.Add(1)
						}
					}
				})
			}
			wg.Wait()
			el := time.Since(start)
			b.StopTimer()
			if failed.Load() > 0 {
				b.Fatalf("%d submissions failed", failed.Load())
			}
			b.ReportMetric(float64(b.N)/el.Seconds(), "submissions/s")
		})
	}
}
