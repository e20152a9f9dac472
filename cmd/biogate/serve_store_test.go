package main

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/pgtest"
	"github.com/biogate/biogate/store"
	"github.com/jackc/pgx/v5"
)

// TestServePostgres: serve --store postgres://... keeps nothing of the
// store or the audit log in the data folder, audits to the database
// (audit verify --store checks it), and /readyz follows the database.
func TestServePostgres(t *testing.T) {
	dsn := pgtest.DSN(t)
	data := t.TempDir()
	pr, pw := io.Pipe()
	c := &cli{stdout: pw, stderr: io.Discard}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- c.serve(ctx, serveFlags{addr: "127.0.0.1:0", data: data, dev: true, store: dsn})
		pw.Close()
	}()
	s := readBanner(t, pr, true)
	stopped := false
	stop := func() {
		if !stopped {
			stopped = true
			cancel()
			if code := <-done; code != exitOK {
				t.Errorf("serve exited %d", code)
			}
		}
	}
	defer stop()
	if code, b := call(t, "GET", s.url+"/readyz", "", nil); code != 200 {
		t.Fatalf("readyz: %d %s", code, b)
	}
	if code, b := call(t, "GET", s.url+"/v1/transactions/00000000000000000000000000ff", s.token, nil); code != 404 {
		t.Errorf("an unknown transaction: %d %s", code, b)
	}
	for _, name := range []string{store.FileName, audit.FileName} {
		if _, err := os.Stat(filepath.Join(data, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s in the data folder with --store postgres: %v", name, err)
		}
	}
	code, out, errOut := biogate(t, nil, "audit", "verify", "--store", dsn)
	if code != exitOK || !strings.Contains(out, "the hash chain is intact") || strings.Contains(out, " 0 entries") {
		t.Errorf("audit verify --store: exit %d: %s %s", code, out, errOut)
	}
	code, out, errOut = biogate(t, nil, "audit", "report", "--store", dsn, "--json")
	if code != exitOK || !strings.Contains(out, `"local"`) {
		t.Errorf("audit report --store: exit %d: %s %s", code, out, errOut)
	}
	// The database gone: not ready.
	dropDatabase(t, dsn)
	if code, b := call(t, "GET", s.url+"/readyz", "", nil); code != 503 {
		t.Errorf("readyz without the database: %d %s", code, b)
	}
	stop()
	if code, _, errOut := biogate(t, nil, "audit", "verify", "--store", "file:///x"); code != exitUnusable || !strings.Contains(errOut, "not a postgres://") {
		t.Errorf("audit verify --store file:: exit %d: %s", code, errOut)
	}
}

// dropDatabase drops the database of dsn, closing its connections.
func dropDatabase(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	var name string
	err = conn.QueryRow(ctx, "SELECT current_database()").Scan(&name)
	conn.Close(ctx)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := pgx.Connect(ctx, pgtest.Server())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "DROP DATABASE "+name+" WITH (FORCE)"); err != nil {
		t.Fatal(err)
	}
}
