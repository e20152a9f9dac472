package natstest

import (
	"context"
	"regexp"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// TestPrefixIsolatesAndCleansUp: two prefixes differ, are valid names,
// and a stream made under one is gone once its test ends.
func TestPrefixIsolatesAndCleansUp(t *testing.T) {
	url := URL(t)
	var stream string
	t.Run("inner", func(t *testing.T) {
		a, b := Prefix(t, url), Prefix(t, url)
		if a == b {
			t.Fatalf("two prefixes are equal: %q", a)
		}
		for _, p := range []string{a, b} {
			if !regexp.MustCompile(`^T[0-9a-f]{12}_$`).MatchString(p) {
				t.Fatalf("prefix %q is not T + 12 hex digits + _", p)
			}
		}
		stream = a + "S"
		js := connect(t, url)
		if _, err := js.CreateStream(context.Background(), jetstream.StreamConfig{Name: stream, Subjects: []string{a + ".x"}, Storage: jetstream.MemoryStorage}); err != nil {
			t.Fatal(err)
		}
	})
	js := connect(t, url)
	if _, err := js.Stream(context.Background(), stream); err != jetstream.ErrStreamNotFound {
		t.Fatalf("stream %s after its test ended: err %v, want ErrStreamNotFound", stream, err)
	}
}

// TestProbeRefusesAbsentServer: a port where nothing listens does not
// pass for a server.
func TestProbeRefusesAbsentServer(t *testing.T) {
	if err := probe("nats://127.0.0.1:1"); err == nil {
		t.Fatal("probe of 127.0.0.1:1 succeeded")
	}
}

func connect(t *testing.T, url string) jetstream.JetStream {
	t.Helper()
	nc, err := nats.Connect(url, nats.Timeout(2*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return js
}

// TestName: names from one base differ and keep the base.
func TestName(t *testing.T) {
	a, b := Name(t, "S"), Name(t, "S")
	if a == b || !regexp.MustCompile(`^S_[0-9a-f]{12}$`).MatchString(a) {
		t.Errorf("Name gave %q and %q", a, b)
	}
}

// TestServerOutage: a server of the test's own stops (nothing answers
// on its port) and starts again on the same URL.
func TestServerOutage(t *testing.T) {
	s := Start(t)
	for _, step := range []struct {
		name string
		do   func()
		up   bool
	}{
		{"started", func() {}, true},
		{"stopped", s.Stop, false},
		{"restarted", s.Restart, true},
	} {
		step.do()
		if err := probe(s.URL); (err == nil) != step.up {
			t.Errorf("%s: probe %v, want up=%v", step.name, err, step.up)
		}
	}
}
