package main

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/natstest"
)

// TestServeNATS runs serve --nats in-process: /readyz reports the store
// and NATS, and every metric carries the node's name.
func TestServeNATS(t *testing.T) {
	url := natstest.URL(t)
	prefix := natstest.Prefix(t, url)
	pr, pw := io.Pipe()
	c := &cli{stdout: pw, stderr: io.Discard}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- c.serve(ctx, serveFlags{addr: "127.0.0.1:0", data: t.TempDir(), dev: true, nats: url, natsPrefix: prefix, node: "gw-test"})
		pw.Close()
	}()
	s := readBanner(t, pr, true)
	defer func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("serve exited %d", code)
		}
	}()
	code, b := call(t, "GET", s.url+"/readyz", "", nil)
	var ready struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks"`
	}
	if code != 200 || json.Unmarshal(b, &ready) != nil || ready.Checks["store"] != "ok" || ready.Checks["nats"] != "ok" {
		t.Errorf("readyz: %d %s", code, b)
	}
	code, b = call(t, "GET", s.url+"/metrics", "", nil)
	if code != 200 || !strings.Contains(string(b), `biogate_http_requests_total{code="200",method="GET",node="gw-test",route="/readyz"} 1`) {
		t.Errorf("metrics do not carry node=gw-test: %d\n%.2000s", code, b)
	}
}

// TestServeNATSAbsent: a --nats server that does not answer stops serve
// at start, saying so (a gateway of several nodes never runs alone
// without telling).
func TestServeNATSAbsent(t *testing.T) {
	var errOut strings.Builder
	c := &cli{stdout: io.Discard, stderr: &errOut}
	code := c.serve(context.Background(), serveFlags{addr: "127.0.0.1:0", data: t.TempDir(), nats: "nats://127.0.0.1:1"})
	if code != exitUnusable || !strings.Contains(errOut.String(), "--nats") {
		t.Fatalf("exit %d, stderr %q", code, errOut.String())
	}
}

// TestServeNATSOutage: NATS stops under a running gateway: /readyz
// answers 503 naming nats (the store still ok); NATS back, the gateway
// reconnects by itself and /readyz answers 200 again.
func TestServeNATSOutage(t *testing.T) {
	srv := natstest.Start(t)
	pr, pw := io.Pipe()
	c := &cli{stdout: pw, stderr: io.Discard}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- c.serve(ctx, serveFlags{addr: "127.0.0.1:0", data: t.TempDir(), nats: srv.URL, node: "gw-outage"})
		pw.Close()
	}()
	s := readBanner(t, pr, false)
	defer func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("serve exited %d", code)
		}
	}()
	// waitReady polls /readyz until its status is want, or fails.
	waitReady := func(want int, says string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			code, b := call(t, "GET", s.url+"/readyz", "", nil)
			if code == want && strings.Contains(string(b), says) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("/readyz: %d %s, want %d saying %q", code, b, want, says)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitReady(200, `"nats":"ok"`)
	srv.Stop()
	waitReady(503, "nats: ")
	if _, b := call(t, "GET", s.url+"/readyz", "", nil); strings.Contains(string(b), "store: ") {
		t.Errorf("/readyz names the store down while only NATS is: %s", b)
	}
	srv.Restart()
	waitReady(200, `"nats":"ok"`)
}
