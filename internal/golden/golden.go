// Package golden keeps the files that tests generate into testdata: a
// file is committed so that a user can feed it to the tools, and the test
// that made it checks on every run that it is still what its generator
// makes, so no file in testdata is a copy of unknown origin.
package golden

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Generated returns the committed file at path after checking that it is
// want; with update it (re)writes the file first. regenerate is the
// command that rewrites it, for the failure message.
func Generated(t testing.TB, path string, want []byte, update bool, regenerate string) []byte {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (%s makes it)", err, regenerate)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is not what its generator makes (%s rewrites it)", path, regenerate)
	}
	return got
}
