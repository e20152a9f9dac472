package batch

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzJournal: any bytes in a journal are read without a panic; what is
// kept is cut at a line end, and a journal read back after the cut keeps
// the same entries.
func FuzzJournal(f *testing.F) {
	f.Add([]byte(`{"job":"k","source":"a","sha256":"00","size":1,"format":"an2","outcome":"ok","errors":0,"warnings":0,"ms":1}` + "\n"))
	f.Add([]byte(`{"job":"k","source":"a","sha256":"00","outcome":"ok"}` + "\n" + `{"job":"k","sou`))
	f.Add([]byte("garbage\n{}\n"))
	f.Add([]byte(`{"job":"other","source":"a"}` + "\n" + `{"job":"k","source":"b","findings":[{"assertion":"x","level":2}]}` + "\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		name := filepath.Join(t.TempDir(), JournalName)
		if err := os.WriteFile(name, b, 0o666); err != nil {
			t.Fatal(err)
		}
		j, err := openJournal(name, "k")
		if err != nil {
			return // a file that is not a journal: refused, not read
		}
		n := len(j.done)
		if err := j.close(); err != nil {
			t.Fatal(err)
		}
		kept, _ := os.ReadFile(name)
		if len(kept) > 0 && kept[len(kept)-1] != '\n' {
			t.Fatalf("the journal was cut mid-line: %q", kept)
		}
		again, err := openJournal(name, "k")
		if err != nil {
			t.Fatalf("the cut journal cannot be read again: %v", err)
		}
		defer again.close()
		if len(again.done) != n {
			t.Fatalf("%d entries, then %d", n, len(again.done))
		}
	})
}

// FuzzVersionOf: any bytes, a version or "" without a panic.
func FuzzVersionOf(f *testing.F) {
	f.Add(transaction(f, 1))
	f.Add([]byte("1.001:30\x1d01.002:0300\x1d1.003:1\x1c"))
	f.Add([]byte("1.002:\x1d"))
	f.Fuzz(func(t *testing.T, b []byte) {
		versionOf(b, "an2")
		versionOf(b, "iso")
	})
}

// FuzzArchive: any bytes named as an archive source are read entry by
// entry without a panic, every entry capped, and each item names the
// archive.
func FuzzArchive(f *testing.F) {
	dir := f.TempDir()
	src, _ := synthetic(f, dir, 2)
	tarName, tgzName, zipName := archives(f, src, filepath.Join(dir, "arch"))
	for _, name := range []string{tarName, tgzName, zipName} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		name := filepath.Join(t.TempDir(), "a")
		if err := os.WriteFile(name, b, 0o666); err != nil {
			t.Fatal(err)
		}
		items := make(chan item)
		e := &enumerator{job: Job{MaxFileSize: 4096}, items: items}
		go func() {
			defer close(items)
			e.run(context.Background(), []source{{name, "a"}})
		}()
		for it := range items {
			if !strings.HasPrefix(it.source, name) || int64(len(it.data)) > 4096 {
				t.Errorf("item %q of %d bytes", it.source, len(it.data))
			}
		}
	})
}
