// Package natstest gives tests a NATS server with JetStream: the one at
// $BIOGATE_TEST_NATS, else nats://127.0.0.1:4222 (scripts/test starts
// one, Debian package nats-server, when none answers), and names unique
// to each test so that tests sharing the server never share a stream or
// a subject.
//
// A test needing the server skips, saying why, when none answers; with
// BIOGATE_REQUIRE_SERVICES=1 (scripts/test and CI set it) it fails
// instead, so that a missing server never passes for a green run.
package natstest

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"
)

// DefaultURL is the server tried when $BIOGATE_TEST_NATS is unset.
const DefaultURL = "nats://127.0.0.1:4222"

// URL returns the test server's URL after checking that it answers and
// has JetStream enabled; it skips tb (or fails it, under
// BIOGATE_REQUIRE_SERVICES=1) otherwise.
func URL(tb testing.TB) string {
	tb.Helper()
	u := os.Getenv("BIOGATE_TEST_NATS")
	if u == "" {
		u = DefaultURL
	}
	if err := probe(u); err != nil {
		msg := "NATS server with JetStream absent (" + err.Error() + "); set BIOGATE_TEST_NATS or start nats-server -js (scripts/test does)"
		if os.Getenv("BIOGATE_REQUIRE_SERVICES") == "1" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return u
}

// Name returns base followed by a random suffix: a stream name or a
// subject token (letters, digits, '_') no other test uses.
func Name(tb testing.TB, base string) string {
	tb.Helper()
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		tb.Fatal(err)
	}
	return base + "_" + hex.EncodeToString(b[:])
}

// probe connects to the server and reads its INFO line (the first thing
// a NATS server sends, NATS client protocol), refusing a server without
// JetStream.
func probe(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "4222")
	}
	conn, err := net.DialTimeout("tcp", host, 2*time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(2 * time.Second))
	line, err := bufio.NewReaderSize(conn, 64<<10).ReadString('\n')
	if err != nil {
		return err
	}
	var info struct {
		JetStream bool `json:"jetstream"`
	}
	rest, ok := strings.CutPrefix(line, "INFO ")
	if !ok || json.Unmarshal([]byte(rest), &info) != nil {
		return &net.AddrError{Err: "not a NATS server", Addr: host}
	}
	if !info.JetStream {
		return &net.AddrError{Err: "JetStream is not enabled (nats-server -js)", Addr: host}
	}
	return nil
}
