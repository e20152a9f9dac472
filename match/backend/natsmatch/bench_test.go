package natsmatch

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/cputime"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/backend/backendtest"
	"github.com/biogate/biogate/match/backend/embedded"
	"github.com/biogate/biogate/match/templateio"
	"github.com/biogate/biogate/store"
)

// benchGallery is the number of subjects (one synthesised template each)
// of the search benchmark.
const benchGallery = 10_000

// benchForms returns n enrolled samples synthesised from the FVC corpus
// templates (match.Synthesise), as the gateway publishes them, and the
// corpus's 80 minutiae records as probes.
func benchForms(b *testing.B, n int) ([]store.EnrolledSample, []backend.Sample) {
	probes, sources := backendtest.FVCRecords(b)
	ts := match.Synthesise(sources, n)
	out := make([]store.EnrolledSample, n)
	for i, t := range ts {
		rec, _, err := templateio.ToRecord(t, iso.FMR2011)
		var buf bytes.Buffer
		if err == nil {
			err = iso.Encode(&buf, rec, iso.FMR2011)
		}
		if err != nil {
			b.Fatal(err)
		}
		ix, _ := match.Prepare(t).MarshalBinary()
		out[i] = store.EnrolledSample{Format: backend.FingerMinutiae, Data: buf.Bytes(), Index: ix}
	}
	return out, probes
}

// publishGallery publishes forms as subjects S0000000... of gallery
// "bench" into the cluster's stream, asynchronously, and waits for every
// acknowledgement.
func publishGallery(b *testing.B, c *cluster, forms []store.EnrolledSample) {
	ctx := context.Background()
	if _, err := c.gw.streamOf(ctx); err != nil {
		b.Fatal(err)
	}
	for i, f := range forms {
		m := enrolMsg{V: wireVersion, Op: opEnrol, Gallery: "bench", Subject: fmt.Sprintf("S%07d", i), Samples: []store.EnrolledSample{f}}
		data, err := json.Marshal(m)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := c.gw.js.PublishAsync(enrolSubject(c.o.Prefix, m.Gallery, m.Subject), data); err != nil {
			b.Fatal(err)
		}
	}
	select {
	case <-c.gw.js.PublishAsyncComplete():
	case <-time.After(5 * time.Minute):
		b.Fatal("the gallery's publication was not acknowledged within 5 min")
	}
}

// BenchmarkSearch measures the latency of a 1:N search (one probe
// sample of unknown position, k = 10) of a gallery of benchGallery
// synthesised templates: the embedded backend searched directly, and the
// nats backend over one shard and over two (every shard in this
// process, on a connection of its own, to the nats-server of natstest),
// the two shards using every core each or one core each. It also
// reports the processor time of this process per search (cpu-ms/op:
// the gateway and the shards, not nats-server), which a loaded machine
// does not inflate as it does the latency, and the shards' replay of the
// stream (messages/s, each shard reading every message). Run with
//
//	go test ./match/backend/natsmatch -run XXX -bench Search -benchtime 40x
func BenchmarkSearch(b *testing.B) {
	forms, probes := benchForms(b, benchGallery)
	for _, tc := range []struct {
		name            string
		shards, workers int // shards 0: the embedded backend alone
	}{
		{"embedded", 0, 0},
		{"1shard", 1, 0},
		{"2shards", 2, 0},
		{"2shards-1core-each", 2, 1},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var be backend.Backend
			replay := 0.0 // templates/s
			if tc.shards == 0 {
				e, err := embedded.New(discard{}, embedded.Options{Log: quiet})
				if err != nil {
					b.Fatal(err)
				}
				defer e.Close()
				for i, f := range forms {
					if err := e.Put(context.Background(), "bench", fmt.Sprintf("S%07d", i), []store.EnrolledSample{f}); err != nil {
						b.Fatal(err)
					}
				}
				be = e
			} else {
				c := newCluster(b, tc.shards)
				c.workers = tc.workers
				publishGallery(b, c, forms)
				start := time.Now()
				for i := range tc.shards {
					c.startShard(i) // one after the other: each replays the whole stream
				}
				replay = float64(benchGallery*tc.shards) / time.Since(start).Seconds()
				be = c.gw
			}
			lat := make([]time.Duration, b.N)
			b.ResetTimer()
			cpu := cputime.Process()
			for i := range b.N {
				t0 := time.Now()
				cs, err := be.Identify(context.Background(), "bench", []backend.Sample{probes[i%len(probes)]}, 10)
				lat[i] = time.Since(t0)
				if err != nil || len(cs) != 10 {
					b.Fatalf("%d candidates, %v", len(cs), err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64((cputime.Process()-cpu).Microseconds())/1000/float64(b.N), "cpu-ms/op")
			if replay > 0 {
				b.ReportMetric(replay, "replayed-msgs/s")
			}
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[min(len(lat)-1, len(lat)*99/100)].Microseconds())/1000, "p99-ms")
		})
	}
}
