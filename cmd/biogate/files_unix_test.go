//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOutputPermissions: convert -o writes new files with 0666 less the
// umask (it wrote 0600 whatever the umask) and keeps the mode of a file
// it replaces (which it lost).
func TestOutputPermissions(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	out := filepath.Join(dir, "s.json")
	if code, _, errOut := biogate(t, nil, "convert", "--to", "json", "-o", out, sample); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o644 {
		t.Errorf("new output has mode %v, want 0644 under umask 022", fi.Mode().Perm())
	}
	if err := os.Chmod(out, 0o640); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := biogate(t, nil, "convert", "--to", "an2", "-o", out, sample); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	fi, _ := os.Stat(out)
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("replaced output has mode %v, want its old 0640", fi.Mode().Perm())
	}
	if b, _ := os.ReadFile(out); !bytes.Equal(b, mustRead(t, sample)) {
		t.Error("the replaced output does not hold the new content")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries in the output folder, want 1 (a temporary file left?)", len(entries))
	}
}

// TestOutputNotRegular: -o onto a symbolic link, a FIFO or a device is
// refused with exit 2 and one line, and the node is left as it was (it
// was replaced by a regular file, exit 0).
func TestOutputNotRegular(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("kept"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		args []string
		node string
		kind string
	}{
		{[]string{"convert", "--to", "json", "-o", link, sample}, link, "symbolic link"},
		{[]string{"convert", "--to", "json", "-o", fifo, sample}, fifo, "FIFO"},
		{[]string{"convert", "--to", "json", "-o", "/dev/null", sample}, "/dev/null", "character device"},
	} {
		before, _ := os.Lstat(tt.node)
		code, _, errOut := biogate(t, nil, tt.args...)
		if code != exitUnusable || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, tt.kind) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and one line naming a %s", tt.args, code, errOut, tt.kind)
		}
		if after, err := os.Lstat(tt.node); err != nil || after.Mode() != before.Mode() {
			t.Errorf("%s: the node was replaced (%v, %v)", tt.node, after, err)
		}
	}
	if b, _ := os.ReadFile(target); string(b) != "kept" {
		t.Errorf("the link's target was written: %q", b)
	}
}

// TestInputLimit: input larger than --max-size is refused with the limit
// named, for a regular file by its size, for a device and for standard
// input after the limit (reading /dev/zero used to go on to 2 GB).
func TestInputLimit(t *testing.T) {
	big := bytes.Repeat([]byte("x"), 2048)
	file := filepath.Join(t.TempDir(), "big")
	if err := os.WriteFile(file, big, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		stdin []byte
		args  []string
		want  string
	}{
		{nil, []string{"inspect", "--max-size", "1K", file}, "2048 bytes is more than the limit of 1024 bytes (--max-size 1K)"},
		{nil, []string{"validate", "--max-size", "1K", file}, "more than the limit of 1024 bytes"},
		{nil, []string{"convert", "--to", "an2", "--max-size", "1M", "/dev/zero"}, "/dev/zero: more than the limit of 1048576 bytes (--max-size 1M)"},
		{big, []string{"inspect", "--max-size", "1000", "-"}, "standard input: more than the limit of 1000 bytes"},
		{nil, []string{"inspect", "--max-size", "lots", file}, `invalid argument "lots" for "--max-size"`},
		{nil, []string{"inspect", t.TempDir()}, "is a folder, not a file"},
	} {
		code, _, errOut := biogate(t, tt.stdin, tt.args...)
		if code != exitUnusable || !strings.Contains(errOut, tt.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
	// The limit is inclusive: input of exactly --max-size bytes is read.
	an2 := mustRead(t, sample)
	if code, _, errOut := biogate(t, an2, "inspect", "--max-size", itoa(len(an2)), "-"); code != exitOK {
		t.Errorf("input of exactly --max-size bytes: exit %d: %s", code, errOut)
	}
}

func TestParseSize(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
	}{
		{"1", 1}, {"1024", 1024}, {"1K", 1 << 10}, {"64M", 64 << 20}, {"1G", 1 << 30}, {"2GiB", 2 << 30}, {"5mb", 5 << 20},
		{"", 0}, {"0", 0}, {"-1", 0}, {"1T", 0}, {"9999999999G", 0},
	} {
		got, err := parseSize(tt.in)
		if (err != nil) != (tt.want == 0) || got != tt.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
		if back, _ := parseSize(formatSize(got)); err == nil && back != got {
			t.Errorf("formatSize(%d) = %s, which reads back as %d", got, formatSize(got), back)
		}
	}
}
