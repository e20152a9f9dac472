package batch

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sampleTCN is the 1.009 TCN of testdata/sample.an2, replaced to make
// distinct transactions of the same length (LEN fields stay right).
const sampleTCN = "BIOGATE-SAMPLE-0001"

// transaction returns sample.an2 with TCN number n.
func transaction(t testing.TB, n int) []byte {
	t.Helper()
	b, err := os.ReadFile("../testdata/sample.an2")
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Replace(b, []byte(sampleTCN), fmt.Appendf(nil, "BIOGATE-SAMPLE-%04d", n%10000), 1)
}

// synthetic writes n transactions in two sub-folders of dir/src, plus a
// text file no operation reads and a truncated transaction, and returns
// the source folder and the count of files written.
func synthetic(t testing.TB, dir string, n int) (string, int) {
	t.Helper()
	src := filepath.Join(dir, "src")
	for i := range n {
		sub := filepath.Join(src, []string{"alpha", "beta/deep"}[i%2])
		write(t, filepath.Join(sub, fmt.Sprintf("t%04d.an2", i)), transaction(t, i))
	}
	write(t, filepath.Join(src, "notes.txt"), []byte("not a transaction\n"))
	write(t, filepath.Join(src, "broken.an2"), transaction(t, 0)[:300])
	return src, n + 2
}

func write(t testing.TB, name string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, b, 0o666); err != nil {
		t.Fatal(err)
	}
}

// readReport reads report.jsonl.
func readReport(t testing.TB, out string) []Record {
	t.Helper()
	return readLines[Record](t, filepath.Join(out, ReportName))
}

func readLines[T any](t testing.TB, name string) []T {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s: %v in %q", name, err, sc.Text())
		}
		out = append(out, v)
	}
	return out
}

// outputs reads every output file under out (not the journal, report or
// summaries), by path relative to out.
func outputs(t testing.TB, out string) map[string]string { return outputsOf(t, out, false) }

// outputsOf is outputs of a folder a run may be writing into (running):
// its temporary files are not outputs yet.
func outputsOf(t testing.TB, out string, running bool) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		switch rel {
		case JournalName, ReportName, SummaryName, SummaryHTMLName:
			return nil
		}
		if strings.Contains(rel, ".tmp-") {
			if !running {
				t.Errorf("a temporary file is left: %s", rel)
			}
			return nil
		}
		b, err := os.ReadFile(p)
		got[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// archives writes the files of folder src as tar, tar.gz and zip in dir.
func archives(t testing.TB, src, dir string) (tarName, tgzName, zipName string) {
	t.Helper()
	var tb, zb bytes.Buffer
	tw, zw := tar.NewWriter(&tb), zip.NewWriter(&zb)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		rel = filepath.ToSlash(rel)
		if err := tw.WriteHeader(&tar.Header{Name: rel, Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg}); err != nil {
			return err
		}
		tw.Write(b)
		w, err := zw.Create(rel)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
	if err == nil {
		err = tw.Close()
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	var gb bytes.Buffer
	gz := gzip.NewWriter(&gb)
	gz.Write(tb.Bytes())
	gz.Close()
	tarName, tgzName, zipName = filepath.Join(dir, "legacy.tar"), filepath.Join(dir, "legacy.tar.gz"), filepath.Join(dir, "legacy.zip")
	write(t, tarName, tb.Bytes())
	write(t, tgzName, gb.Bytes())
	write(t, zipName, zb.Bytes())
	return
}
