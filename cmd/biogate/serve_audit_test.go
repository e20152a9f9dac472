package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/audit"
)

// TestServeRefusesDeletedAuditLog: serve on a data folder whose store
// exists but whose audit log (and head) were removed must refuse to
// start rather than begin a new chain that verifies.
func TestServeRefusesDeletedAuditLog(t *testing.T) {
	data := t.TempDir()
	pr, pw := io.Pipe()
	c := &cli{stdout: pw, stderr: io.Discard}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- c.serve(ctx, serveFlags{addr: "127.0.0.1:0", data: data}); pw.Close() }()
	readBanner(t, pr, false)
	cancel()
	if code := <-done; code != exitOK {
		t.Fatalf("first serve exited %d", code)
	}
	for _, name := range []string{audit.Path(data), audit.Path(data) + ".head"} {
		if err := os.Remove(name); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	var errOut bytes.Buffer
	c = &cli{stdout: io.Discard, stderr: &errOut}
	if code := c.serve(context.Background(), serveFlags{addr: "127.0.0.1:0", data: data}); code != exitUnusable {
		t.Fatalf("serve with the audit log deleted exited %d, want %d (refuse to start)", code, exitUnusable)
	}
	if !strings.Contains(errOut.String(), "missing") {
		t.Errorf("the refusal does not say the log is missing: %s", errOut.String())
	}
	if _, err := os.Stat(filepath.Join(data, audit.FileName)); !os.IsNotExist(err) {
		t.Error("serve created a new audit log")
	}
}
