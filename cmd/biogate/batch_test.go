package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// batchFolder makes a folder of three transactions (copies of the
// sample), plus a truncated one when broken.
func batchFolder(t *testing.T, broken bool) string {
	t.Helper()
	b, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(t.TempDir(), "src")
	files := map[string][]byte{"a/one.an2": b, "a/two.an2": b, "b/three.an2": b}
	if broken {
		files["b/broken.an2"] = b[:300]
	}
	for name, data := range files {
		p := filepath.Join(src, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return src
}

// TestBatchExitCodes: biogate batch exits 0 when every file is ok, 1
// when one is nonconformant, 2 when the command cannot run.
func TestBatchExitCodes(t *testing.T) {
	good, bad := batchFolder(t, false), batchFolder(t, true)
	priv, _ := keygen(t, t.TempDir(), "ES256")
	out := func() string { return filepath.Join(t.TempDir(), "out") }
	tests := []struct {
		name   string
		stdin  string
		args   []string
		code   int
		stdout string // a part of standard output
		stderr string // a part of standard error
	}{
		{"validate good", "", []string{"batch", "validate", good, "--out", out(), "--quiet"}, exitOK, "3 files: 3 ok", ""},
		{"validate with a broken file", "", []string{"batch", "validate", bad, "--out", out(), "--quiet"}, exitFailed, "4 files: 3 ok, 1 nonconformant", ""},
		{"validate shows progress", "", []string{"batch", "validate", good, "--out", out(), "--jobs", "1"}, exitOK, "3 files", "batch: 3 files"},
		{"convert", "", []string{"batch", "convert", good, "--out", out(), "--to", "xml", "--quiet"}, exitOK, "3 files: 3 ok", ""},
		{"sign", "", []string{"batch", "sign", good, "--out", out(), "--key", priv, "--quiet"}, exitOK, "3 files: 3 ok", ""},
		{"paths on stdin", filepath.Join(good, "a", "one.an2") + "\n", []string{"batch", "validate", "-", "--out", out(), "--quiet"}, exitOK, "1 files: 1 ok", ""},
		{"no --out", "", []string{"batch", "validate", good}, exitUnusable, "", "out"},
		{"no source", "", []string{"batch", "validate", "--out", out()}, exitUnusable, "", "expected at least one input"},
		{"missing source", "", []string{"batch", "validate", filepath.Join(good, "nowhere"), "--out", out()}, exitUnusable, "", "no such file"},
		{"unknown target", "", []string{"batch", "convert", good, "--out", out(), "--to", "docx"}, exitUnusable, "", "docx"},
		{"unknown profile", "", []string{"batch", "validate", good, "--out", out(), "--profile", filepath.Join(good, "none.json")}, exitUnusable, "", "profile"},
		{"bad level", "", []string{"batch", "validate", good, "--out", out(), "--level", "7"}, exitUnusable, "", "--level"},
		{"missing key", "", []string{"batch", "sign", good, "--out", out(), "--key", filepath.Join(good, "no.jwk")}, exitUnusable, "", "--key"},
		{"no subcommand", "", []string{"batch"}, exitUnusable, "", "expected a subcommand"},
	}
	for _, tc := range tests {
		code, stdout, stderr := biogate(t, []byte(tc.stdin), tc.args...)
		if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %d, %q, %q", tc.name, code, stdout, stderr, tc.code, tc.stdout, tc.stderr)
		}
	}
}
