package main

import (
	"bytes"
	"image"
	"image/png"
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

// looseFolder makes a folder holding one 8-bit grey PNG scan (no
// resolution of its own) and a sidecar CSV (outside the folder) whose
// line for it is line.
func looseFolder(t *testing.T, line string) (src, sidecar string) {
	t.Helper()
	m := image.NewGray(image.Rect(0, 0, 96, 128))
	for i := range m.Pix {
		m.Pix[i] = uint8(i*7 + i/96*13)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src = filepath.Join(dir, "scans")
	if err := os.MkdirAll(src, 0o777); err != nil {
		t.Fatal(err)
	}
	sidecar = filepath.Join(dir, "sidecar.csv")
	for name, b := range map[string][]byte{filepath.Join(src, "scan.png"): buf.Bytes(), sidecar: []byte("file,position,ppi\n" + line + "\n")} {
		if err := os.WriteFile(name, b, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	return src, sidecar
}

// TestBatchExitCodes: biogate batch exits 0 when every file is ok, 1
// when one is nonconformant, 2 when the command cannot run.
func TestBatchExitCodes(t *testing.T) {
	good, bad := batchFolder(t, false), batchFolder(t, true)
	priv, _ := keygen(t, t.TempDir(), "ES256")
	out := func() string { return filepath.Join(t.TempDir(), "out") }
	loose, sidecar := looseFolder(t, "scan.png,3,500")
	_, badSidecar := looseFolder(t, "scan.png,33,500")
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
		{"modernise a loose image", "", []string{"batch", "modernise", loose, "--out", out(), "--sidecar", sidecar, "--tot", "CAR", "--ori", "BIOGATE01", "--dai", "PARTNER01", "--quiet"}, exitOK, "1 files: 1 ok", ""},
		{"modernise without --tot", "", []string{"batch", "modernise", loose, "--out", out(), "--sidecar", sidecar, "--quiet"}, exitFailed, "1 files: 0 ok, 1 nonconformant", ""},
		{"bad sidecar line", "", []string{"batch", "modernise", loose, "--out", out(), "--sidecar", badSidecar}, exitUnusable, "", "sidecar.csv:2: position"},
		{"missing sidecar", "", []string{"batch", "modernise", loose, "--out", out(), "--sidecar", filepath.Join(loose, "none.csv")}, exitUnusable, "", "--sidecar"},
		{"no subcommand", "", []string{"batch"}, exitUnusable, "", "expected a subcommand"},
	}
	for _, tc := range tests {
		code, stdout, stderr := biogate(t, []byte(tc.stdin), tc.args...)
		if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want %d, %q, %q", tc.name, code, stdout, stderr, tc.code, tc.stdout, tc.stderr)
		}
	}
}
