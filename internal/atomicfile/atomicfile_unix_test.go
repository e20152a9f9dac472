//go:build unix

package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// withUmask runs f with the process umask set to mask.
func withUmask(t *testing.T, mask int, f func()) {
	t.Helper()
	old := syscall.Umask(mask)
	defer syscall.Umask(old)
	f()
}

func mode(t *testing.T, name string) fs.FileMode {
	t.Helper()
	fi, err := os.Lstat(name)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Mode()
}

// TestNewFileMode: a new file gets perm less the umask, as os.WriteFile
// gives it (the old writer made every output 0600).
func TestNewFileMode(t *testing.T) {
	for _, tt := range []struct {
		umask int
		perm  fs.FileMode
		want  fs.FileMode
	}{
		{0o022, 0o666, 0o644},
		{0o002, 0o666, 0o664},
		{0o077, 0o666, 0o600},
		{0o022, 0o600, 0o600},
	} {
		name := filepath.Join(t.TempDir(), "out")
		withUmask(t, tt.umask, func() {
			if err := WriteFile(name, []byte("x"), tt.perm); err != nil {
				t.Fatal(err)
			}
		})
		if got := mode(t, name).Perm(); got != tt.want {
			t.Errorf("umask %03o perm %03o: mode %03o, want %03o", tt.umask, tt.perm, got, tt.want)
		}
	}
}

// TestOverwriteKeepsMode: replacing a file keeps its mode, whatever the
// umask and perm.
func TestOverwriteKeepsMode(t *testing.T) {
	name := filepath.Join(t.TempDir(), "out")
	if err := os.WriteFile(name, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, 0o754); err != nil {
		t.Fatal(err)
	}
	withUmask(t, 0o077, func() {
		if err := WriteFile(name, []byte("new"), 0o666); err != nil {
			t.Fatal(err)
		}
	})
	if got := mode(t, name).Perm(); got != 0o754 {
		t.Errorf("mode %03o after overwrite, want 0754", got)
	}
	if b, _ := os.ReadFile(name); string(b) != "new" {
		t.Errorf("content %q", b)
	}
	assertNoTemp(t, filepath.Dir(name), 1)
}

// TestRefuseNonRegular: a symbolic link, a FIFO, a device and a folder
// are refused, and left as they were.
func TestRefuseNonRegular(t *testing.T) {
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
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, kind string }{
		{link, "symbolic link"}, {fifo, "FIFO"}, {"/dev/null", "character device"}, {sub, "folder"},
	} {
		before := mode(t, tt.name)
		err := WriteFile(tt.name, []byte("new"), 0o666)
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("%s: error %v, want ErrNotRegular", tt.name, err)
			continue
		}
		if after := mode(t, tt.name); after != before {
			t.Errorf("%s: mode changed from %v to %v", tt.name, before, after)
		}
		if !strings.Contains(err.Error(), tt.kind) {
			t.Errorf("%s: error %q does not say it is a %s", tt.name, err, tt.kind)
		}
	}
	if b, _ := os.ReadFile(target); string(b) != "kept" {
		t.Errorf("the link's target was changed: %q", b)
	}
	assertNoTemp(t, dir, 4)
}

// TestAbort leaves the target untouched and no temporary file behind.
func TestAbort(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "out")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Create(name, 0o666)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("half"))
	f.Abort()
	f.Abort()
	if err := f.Commit(); err == nil {
		t.Error("Commit after Abort succeeded")
	}
	if b, _ := os.ReadFile(name); string(b) != "old" {
		t.Errorf("content %q after Abort", b)
	}
	assertNoTemp(t, dir, 1)
}

func assertNoTemp(t *testing.T, dir string, want int) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != want {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want %d entries (a temporary file left behind?)", names, want)
	}
}
