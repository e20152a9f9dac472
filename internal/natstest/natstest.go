// Package natstest gives tests a NATS server with JetStream: the one at
// $BIOGATE_TEST_NATS, else nats://127.0.0.1:4222 (scripts/test starts a
// throwaway nats-server and exports the variable), and a prefix unique to
// the test for the stream, consumer and subject names it creates, so that
// tests sharing one server never see each other's messages.
//
// A test needing NATS is skipped, saying so, when no server answers,
// unless BIOGATE_REQUIRE_SERVICES=1 (scripts/test and CI set it): then
// the absence is a failure, and no test silently passes without a server.
package natstest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// DefaultURL is the server tried when $BIOGATE_TEST_NATS is empty.
const DefaultURL = "nats://127.0.0.1:4222"

// URL returns the test server's URL once it answers with JetStream
// enabled; it skips the test (or fails it under
// BIOGATE_REQUIRE_SERVICES=1) when it does not.
func URL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("BIOGATE_TEST_NATS")
	if url == "" {
		url = DefaultURL
	}
	if err := probe(url); err != nil {
		if os.Getenv("BIOGATE_REQUIRE_SERVICES") == "1" {
			t.Fatalf("NATS with JetStream at %s is required (BIOGATE_REQUIRE_SERVICES=1) but does not answer: %v", url, err)
		}
		t.Skipf("no NATS server with JetStream at %s (set BIOGATE_TEST_NATS, or run scripts/test, which starts one): %v", url, err)
	}
	return url
}

// probe connects and asks JetStream for its account information.
func probe(url string) error {
	nc, err := nats.Connect(url, nats.Timeout(2*time.Second), nats.MaxReconnects(0))
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_, err = js.AccountInfo(ctx)
	return err
}

// Name returns base, "_" and 12 random hex digits: a stream name or a
// subject token (letters, digits, '_') no other test uses. Prefix is the
// same for a set of names, with cleanup.
func Name(tb testing.TB, base string) string {
	tb.Helper()
	var b [6]byte
	rand.Read(b[:])
	return base + "_" + hex.EncodeToString(b[:])
}

// Prefix returns a name prefix unique to this test run ("T" + 12 hex
// digits + "_"), valid in stream, consumer and subject names (no dot,
// no wildcard, no space). The streams whose names start with it are
// deleted when the test ends.
func Prefix(t testing.TB, url string) string {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	p := "T" + hex.EncodeToString(b[:]) + "_"
	t.Cleanup(func() { deleteStreams(url, p) })
	return p
}

// deleteStreams removes the test's streams (and so their consumers and
// messages) and key-value buckets (streams named KV_<bucket>).
func deleteStreams(url, prefix string) {
	nc, err := nats.Connect(url, nats.Timeout(2*time.Second), nats.MaxReconnects(0))
	if err != nil {
		return
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	names := js.StreamNames(ctx)
	var mine []string
	for n := range names.Name() {
		if strings.HasPrefix(n, prefix) || strings.HasPrefix(n, "KV_"+prefix) {
			mine = append(mine, n)
		}
	}
	for _, n := range mine {
		_ = js.DeleteStream(ctx, n)
	}
}
