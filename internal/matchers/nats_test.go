package matchers_test

import (
	"context"
	"testing"

	"github.com/biogate/biogate/internal/natstest"
	"github.com/biogate/biogate/match/backend/natsmatch"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// TestNATSBackend runs the gallery calls through the service over a
// "nats" backend opened from the partners file, its two shards running
// here on connections of their own.
func TestNATSBackend(t *testing.T) {
	url := natstest.URL(t)
	stream, prefix := natstest.Name(t, "G"), natstest.Name(t, "m")
	for i := range 2 {
		nc, err := nats.Connect(url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(nc.Close)
		o := natsmatch.Options{Stream: stream, Prefix: prefix, Shards: 2}
		s, err := natsmatch.StartShard(context.Background(), nc, natsmatch.ShardOptions{Options: o, Index: i})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
	}
	t.Cleanup(func() {
		if nc, err := nats.Connect(url); err == nil {
			js, _ := jetstream.New(nc)
			js.DeleteStream(context.Background(), stream)
			nc.Close()
		}
	})
	svc := serviceOver(t, t.TempDir(), `{"name": "shards", "type": "nats", "url": "`+url+`", "stream": "`+stream+
		`", "subjectPrefix": "`+prefix+`", "shards": 2, "timeout": "30s"}`)
	checkGalleryCalls(t, svc, "g", true)
}
