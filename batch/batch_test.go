package batch

import (
	"archive/tar"
	"bytes"
	"context"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// countOutcomes checks that every file has exactly one report line and
// that the summary's counts add up to them.
func countOutcomes(t *testing.T, out string, s *Summary, files int) []Record {
	t.Helper()
	recs := readReport(t, out)
	seen := map[string]bool{}
	for _, r := range recs {
		if seen[r.Source] {
			t.Errorf("%s has two report lines", r.Source)
		}
		seen[r.Source] = true
	}
	if len(recs) != files || s.Files != files {
		t.Errorf("%d report lines, summary of %d files; want %d", len(recs), s.Files, files)
	}
	sum := 0
	for _, n := range s.ByOutcome {
		sum += n
	}
	formats := 0
	for _, n := range s.ByFormat {
		formats += n
	}
	if sum != s.Files || formats != s.Files {
		t.Errorf("outcomes add up to %d, formats to %d, files %d", sum, formats, s.Files)
	}
	return recs
}

// TestBatchValidate: a folder of transactions, one unreadable and one
// text file: every file one line with the outcome it deserves, exit 1.
func TestBatchValidate(t *testing.T) {
	dir := t.TempDir()
	src, n := synthetic(t, dir, 20)
	out := filepath.Join(dir, "out")
	s, err := Run(context.Background(), Job{Op: OpValidate, Sources: []string{src}, Out: out, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	recs := countOutcomes(t, out, s, n)
	byName := map[string]Record{}
	for _, r := range recs {
		byName[filepath.Base(r.Source)] = r
	}
	tests := []struct {
		file    string
		outcome Outcome
		format  string
	}{
		{"t0000.an2", OK, "an2"},
		{"t0019.an2", OK, "an2"},
		{"notes.txt", SkippedUnsupported, "unknown"},
		{"broken.an2", Nonconformant, "an2"},
	}
	for _, tc := range tests {
		r := byName[tc.file]
		if r.Outcome != tc.outcome || r.Format != tc.format {
			t.Errorf("%s: outcome %s format %q (%s); want %s %q", tc.file, r.Outcome, r.Format, r.Reason, tc.outcome, tc.format)
		}
	}
	if r := byName["t0000.an2"]; r.Version != "0502" || len(r.SHA256) != 64 {
		t.Errorf("t0000.an2: version %q sha %q", r.Version, r.SHA256)
	}
	if r := byName["broken.an2"]; r.Errors == 0 || len(r.Findings) == 0 || len(r.Assertions) == 0 {
		t.Errorf("broken.an2: %d errors, findings %v", r.Errors, r.Findings)
	}
	if s.ExitCode() != 1 || s.ByVersion["an2 0502"] != 21 {
		t.Errorf("exit %d, by version %v", s.ExitCode(), s.ByVersion)
	}
	for _, name := range []string{SummaryName, SummaryHTMLName, JournalName} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Error(err)
		}
	}
}

// TestBatchCorpus validates the whole shared corpus: every file gets
// exactly one report line and the counts add up.
func TestBatchCorpus(t *testing.T) {
	const corpus = "../../shared/corpus"
	if _, err := os.Stat(corpus); err != nil {
		t.Skipf("the shared corpus is absent (%v)", err)
	}
	if testing.Short() {
		t.Skip("the whole corpus: not with -short")
	}
	files := 0
	filepath.WalkDir(corpus, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
		}
		return nil
	})
	out := t.TempDir()
	s, err := Run(context.Background(), Job{Op: OpValidate, Sources: []string{corpus}, Out: out, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range countOutcomes(t, out, s, files) {
		if r.Outcome == Failed {
			t.Logf("failed: %s: %s", r.Source, r.Reason)
		}
	}
	t.Logf("%d files in %d ms: %v; formats %v", s.Files, s.Millis, s.ByOutcome, s.ByFormat)
}

// TestBatchResume: a conversion cancelled partway and run again gives
// the same outputs, byte for byte, as one uninterrupted run, and the
// journal then names every file.
func TestBatchResume(t *testing.T) {
	dir := t.TempDir()
	src, n := synthetic(t, dir, 40)
	whole := filepath.Join(dir, "whole")
	if _, err := Run(context.Background(), Job{Op: OpConvert, To: "xml", Sources: []string{src}, Out: whole, Jobs: 2}); err != nil {
		t.Fatal(err)
	}
	want := outputs(t, whole)
	if len(want) != 41 { // the truncated transaction converts leniently
		t.Fatalf("%d outputs of 41 transactions", len(want))
	}
	for _, stopAfter := range []int{1, 7, 25} {
		out := filepath.Join(dir, "resumed", strings.Repeat("x", stopAfter))
		ctx, cancel := context.WithCancel(context.Background())
		var seen atomic.Int32
		j := Job{Op: OpConvert, To: "xml", Sources: []string{src}, Out: out, Jobs: 2,
			observe: func(Record) {
				if int(seen.Add(1)) == stopAfter {
					cancel()
				}
			}}
		s, err := Run(ctx, j)
		cancel()
		if !errors.Is(err, context.Canceled) || !s.Interrupted || s.ExitCode() != 2 {
			t.Fatalf("stopped after %d: %v, interrupted %v", stopAfter, err, s.Interrupted)
		}
		j.observe = nil
		s, err = Run(context.Background(), j)
		if err != nil {
			t.Fatal(err)
		}
		countOutcomes(t, out, s, n)
		if s.Resumed < stopAfter-2 || s.Resumed > stopAfter+2 {
			// The journal holds what finished before the cancel (the
			// workers' last files may finish or be abandoned).
			t.Errorf("stopped after %d: %d resumed", stopAfter, s.Resumed)
		}
		if got := outputs(t, out); !maps.Equal(got, want) {
			t.Errorf("stopped after %d: outputs differ from an uninterrupted run (%d files, want %d)", stopAfter, len(got), len(want))
		}
		journaled := map[string]bool{}
		for _, e := range readLines[journalEntry](t, filepath.Join(out, JournalName)) {
			journaled[e.Source] = true
		}
		if len(journaled) != n {
			t.Errorf("stopped after %d: the journal names %d files, want %d", stopAfter, len(journaled), n)
		}
	}
}

// TestBatchChangedSource: a rerun takes every unchanged file from the
// journal and redoes a changed one and one whose output was removed.
func TestBatchChangedSource(t *testing.T) {
	dir := t.TempDir()
	src, n := synthetic(t, dir, 10)
	out := filepath.Join(dir, "out")
	j := Job{Op: OpConvert, To: "json", Sources: []string{src}, Out: out, Jobs: 2}
	if _, err := Run(context.Background(), j); err != nil {
		t.Fatal(err)
	}
	changed := filepath.Join(src, "alpha", "t0002.an2")
	write(t, changed, transaction(t, 9002))
	if err := os.Remove(filepath.Join(out, "src", "alpha", "t0004.an2.json")); err != nil {
		t.Fatal(err)
	}
	s, err := Run(context.Background(), j)
	if err != nil {
		t.Fatal(err)
	}
	redone := map[string]bool{}
	for _, r := range countOutcomes(t, out, s, n) {
		if !r.Resumed {
			redone[filepath.Base(r.Source)] = true
		}
	}
	// notes.txt is skipped-unsupported and journaled; broken.an2
	// converts leniently: neither is redone.
	want := map[string]bool{"t0002.an2": true, "t0004.an2": true}
	if !maps.Equal(redone, want) {
		t.Errorf("redone %v, want %v", redone, want)
	}
	b, err := os.ReadFile(filepath.Join(out, "src", "alpha", "t0002.an2.json"))
	if err != nil || !strings.Contains(string(b), "BIOGATE-SAMPLE-9002") {
		t.Errorf("the changed file's output is not the new one: %v", err)
	}
	// A job with another target does not reuse the journal's entries.
	j.To = "xml"
	if s, err = Run(context.Background(), j); err != nil || s.Resumed != 0 {
		t.Errorf("another target: %d resumed, %v", s.Resumed, err)
	}
}

// TestBatchTornJournal: a journal whose last line was cut by a kill is
// read up to it; a line that is not JSON before the last refuses.
func TestBatchTornJournal(t *testing.T) {
	dir := t.TempDir()
	src, n := synthetic(t, dir, 6)
	out := filepath.Join(dir, "out")
	j := Job{Op: OpValidate, Sources: []string{src}, Out: out, Jobs: 1}
	if _, err := Run(context.Background(), j); err != nil {
		t.Fatal(err)
	}
	jn := filepath.Join(out, JournalName)
	b, _ := os.ReadFile(jn)
	write(t, jn, append(b, `{"job":"validate|`...))
	stale := filepath.Join(out, "src", "alpha", ".t0000.an2.xml.tmp-1x2y")
	write(t, stale, []byte("half"))
	s, err := Run(context.Background(), j)
	if _, serr := os.Stat(stale); serr == nil {
		t.Error("a killed run's temporary file was left")
	}
	if err != nil || s.Resumed != n {
		t.Fatalf("after a torn line: %d of %d resumed, %v", s.Resumed, n, err)
	}
	if b2, _ := os.ReadFile(jn); len(b2) != len(b) {
		t.Errorf("the torn line was not cut: %d bytes, want %d", len(b2), len(b))
	}
	write(t, jn, append([]byte("garbage\n"), b...))
	if _, err := Run(context.Background(), j); !errors.Is(err, ErrJob) {
		t.Errorf("a journal with garbage: %v, want ErrJob", err)
	}
}

// TestBatchArchives: tar, tar.gz and zip sources give the same report as
// the folder, their outputs under a folder named after each archive; an
// entry over the size cap fails with the reason.
func TestBatchArchives(t *testing.T) {
	dir := t.TempDir()
	src, n := synthetic(t, dir, 8)
	tarName, tgzName, zipName := archives(t, src, filepath.Join(dir, "arch"))
	for _, name := range []string{tarName, tgzName, zipName} {
		t.Run(filepath.Base(name), func(t *testing.T) {
			out := filepath.Join(dir, "out-"+filepath.Base(name))
			s, err := Run(context.Background(), Job{Op: OpConvert, To: "xml", Sources: []string{name}, Out: out, Jobs: 2})
			if err != nil {
				t.Fatal(err)
			}
			recs := countOutcomes(t, out, s, n)
			if s.ByOutcome[OK] != 9 || s.ByOutcome[SkippedUnsupported] != 1 {
				t.Errorf("outcomes %v", s.ByOutcome)
			}
			for _, r := range recs {
				if !strings.HasPrefix(r.Source, name+"!/") {
					t.Errorf("source %q is not named in the archive", r.Source)
				}
			}
			if _, ok := outputs(t, out)[filepath.Base(name)+"/beta/deep/t0001.an2.xml"]; !ok {
				t.Errorf("no output under the archive's folder: %v", recs[0].Output)
			}
			// Capped below the size of a transaction: all but the text
			// fail, none read past the cap.
			capped := filepath.Join(dir, "capped-"+filepath.Base(name))
			s, err = Run(context.Background(), Job{Op: OpValidate, Sources: []string{name}, Out: capped, Jobs: 1, MaxFileSize: 1000})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range countOutcomes(t, capped, s, n) {
				if strings.Contains(r.Source, "/t0") && (r.Outcome != Failed || !strings.Contains(r.Reason, "limit of 1000")) {
					t.Errorf("%s over the cap: %s %q", r.Source, r.Outcome, r.Reason)
				}
			}
		})
	}
}

// TestBatchJobErrors: a job that cannot run is ErrJob (exit 2), before
// anything is written.
func TestBatchJobErrors(t *testing.T) {
	dir := t.TempDir()
	src, _ := synthetic(t, dir, 1)
	other := filepath.Join(dir, "other", "src")
	write(t, filepath.Join(other, "x.an2"), transaction(t, 1))
	out := filepath.Join(dir, "out")
	tests := []struct {
		name string
		job  Job
	}{
		{"no source", Job{Op: OpValidate, Out: out}},
		{"no output", Job{Op: OpValidate, Sources: []string{src}}},
		{"unknown op", Job{Op: "frobnicate", Sources: []string{src}, Out: out}},
		{"convert without target", Job{Op: OpConvert, Sources: []string{src}, Out: out}},
		{"convert to nothing known", Job{Op: OpConvert, To: "docx", Sources: []string{src}, Out: out}},
		{"sign without key", Job{Op: OpSign, Sources: []string{src}, Out: out}},
		{"modernise without a conversion", Job{Op: OpModernise, Sources: []string{src}, Out: out}},
		{"missing source", Job{Op: OpValidate, Sources: []string{filepath.Join(dir, "nowhere")}, Out: out}},
		{"two sources, one top folder", Job{Op: OpValidate, Sources: []string{src, other}, Out: out}},
		{"unknown profile", Job{Op: OpValidate, Profile: filepath.Join(dir, "no-profile.json"), Sources: []string{src}, Out: out}},
		{"stdin list without stdin", Job{Op: OpValidate, Sources: []string{"-"}, Out: out}},
	}
	for _, tc := range tests {
		if _, err := Run(context.Background(), tc.job); !errors.Is(err, ErrJob) {
			t.Errorf("%s: %v, want ErrJob", tc.name, err)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a job that could not run made %s", out)
	}
}

// TestBatchStdinList: "-" reads the paths to process from Stdin; each
// output mirrors the path listed (relative to the current folder, or
// the absolute path less its root), so files of one name do not meet.
func TestBatchStdinList(t *testing.T) {
	dir := t.TempDir()
	src, _ := synthetic(t, dir, 4)
	write(t, filepath.Join(src, "beta", "t0000.an2"), transaction(t, 77))
	outside := filepath.Join(t.TempDir(), "x.an2")
	write(t, outside, transaction(t, 78))
	t.Chdir(dir)
	list := "src/alpha/t0000.an2\n\nsrc/beta/t0000.an2\n" + outside + "\n"
	s, err := Run(context.Background(), Job{Op: OpConvert, To: "json", Sources: []string{"-"}, Stdin: strings.NewReader(list), Out: "out"})
	if err != nil {
		t.Fatal(err)
	}
	countOutcomes(t, "out", s, 3)
	got := outputs(t, "out")
	want := []string{"src/alpha/t0000.an2.json", "src/beta/t0000.an2.json", strings.TrimPrefix(filepath.ToSlash(outside), "/") + ".json"}
	for _, w := range want {
		if _, ok := got[w]; !ok {
			t.Errorf("no output %s in %v", w, slicesKeys(got))
		}
	}
	if strings.Contains(got[want[0]], "0077") || !strings.Contains(got[want[1]], "0077") {
		t.Error("listed files of one name were mixed up")
	}
}

func slicesKeys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestBatchResumeElsewhere: the same sources named relative to another
// folder are the same files to the journal.
func TestBatchResumeElsewhere(t *testing.T) {
	dir := t.TempDir()
	src, n := synthetic(t, dir, 3)
	out := filepath.Join(dir, "out")
	if _, err := Run(context.Background(), Job{Op: OpValidate, Sources: []string{src}, Out: out}); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	s, err := Run(context.Background(), Job{Op: OpValidate, Sources: []string{"src"}, Out: "out"})
	if err != nil || s.Resumed != n {
		t.Errorf("run from the parent folder: %d of %d resumed, %v", s.Resumed, n, err)
	}
}

// TestBatchPanic: a file that makes the core panic fails alone; the
// other files are done and the batch ends normally.
func TestBatchPanic(t *testing.T) {
	dir := t.TempDir()
	src, n := synthetic(t, dir, 4)
	out := filepath.Join(dir, "out")
	s, err := Run(context.Background(), Job{Op: OpModernise, Sources: []string{src}, Out: out, Jobs: 2,
		Modernise: func(_ context.Context, in []byte) ([]byte, *ModerniseReport, error) {
			if len(in) < 400 {
				panic("a reader's bug")
			}
			return in, &ModerniseReport{Losses: []string{"nothing"}}, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range countOutcomes(t, out, s, n) {
		wantFail := len(r.Source) > 0 && (strings.HasSuffix(r.Source, "broken.an2") || strings.HasSuffix(r.Source, "notes.txt"))
		if wantFail != (r.Outcome == Failed) || wantFail && !strings.Contains(r.Reason, "a reader's bug") {
			t.Errorf("%s: %s %q", r.Source, r.Outcome, r.Reason)
		}
		if !wantFail && (r.Output == "" || len(r.Losses) != 1) {
			t.Errorf("%s: output %q losses %v", r.Source, r.Output, r.Losses)
		}
	}
}

// TestBatchOutInsideSource: an output folder inside a source folder is
// not walked, so a rerun does not take its own outputs as input.
func TestBatchOutInsideSource(t *testing.T) {
	dir := t.TempDir()
	src, n := synthetic(t, dir, 3)
	out := filepath.Join(src, "converted")
	j := Job{Op: OpConvert, To: "json", Sources: []string{src}, Out: out}
	for run := range 2 {
		s, err := Run(context.Background(), j)
		if err != nil {
			t.Fatal(err)
		}
		countOutcomes(t, out, s, n)
		if run == 1 && s.Resumed != n {
			t.Errorf("rerun: %d of %d resumed", s.Resumed, n)
		}
	}
}

// TestBatchDuplicateEntries: a second tar entry of one name fails under
// a name of its own; the first is processed.
func TestBatchDuplicateEntries(t *testing.T) {
	dir := t.TempDir()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for i := range 2 {
		b := transaction(t, i)
		tw.WriteHeader(&tar.Header{Name: "same.an2", Mode: 0o644, Size: int64(len(b)), Typeflag: tar.TypeReg})
		tw.Write(b)
	}
	tw.Close()
	name := filepath.Join(dir, "dup.tar")
	write(t, name, buf.Bytes())
	out := filepath.Join(dir, "out")
	s, err := Run(context.Background(), Job{Op: OpConvert, To: "json", Sources: []string{name}, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	recs := countOutcomes(t, out, s, 2)
	if s.ByOutcome[OK] != 1 || s.ByOutcome[Failed] != 1 {
		t.Fatalf("outcomes %v", s.ByOutcome)
	}
	for _, r := range recs {
		if r.Outcome == Failed && (!strings.HasSuffix(r.Source, "same.an2#2") || !strings.Contains(r.Reason, "earlier entry")) {
			t.Errorf("%s: %q", r.Source, r.Reason)
		}
	}
	if b := outputs(t, out)["dup.tar/same.an2.json"]; !strings.Contains(b, "BIOGATE-SAMPLE-0000") {
		t.Error("the first entry's output is not the one kept")
	}
}

// TestBatchNotAPackage: an XML document that is no exchange package (a
// schema) is skipped-unsupported, an XML transaction that is cut short
// fails.
func TestBatchNotAPackage(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	write(t, filepath.Join(src, "schema.xsd"), []byte(`<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"></xs:schema>`))
	write(t, filepath.Join(src, "cut.xml"), []byte(`<?xml version="1.0"?><itl:NISTBiometricInformationExchangePackage xmlns:itl="http://biometrics.nist.gov/standard/2011">`))
	out := filepath.Join(dir, "out")
	s, err := Run(context.Background(), Job{Op: OpValidate, Sources: []string{src}, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range countOutcomes(t, out, s, 2) {
		want := map[string]Outcome{"schema.xsd": SkippedUnsupported, "cut.xml": Failed}[filepath.Base(r.Source)]
		if r.Outcome != want {
			t.Errorf("%s: %s (%s), want %s", r.Source, r.Outcome, r.Reason, want)
		}
	}
}

// TestBatchOutputTaken: X and X.json side by side, converted to json:
// X.json keeps its name, X fails rather than overwrite it.
func TestBatchOutputTaken(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	write(t, filepath.Join(src, "x"), transaction(t, 1))
	sibling, err := os.ReadFile("../testdata/sample.json")
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(src, "x.json"), sibling)
	out := filepath.Join(dir, "out")
	s, err := Run(context.Background(), Job{Op: OpConvert, To: "json", Sources: []string{src}, Out: out, Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range countOutcomes(t, out, s, 2) {
		if base := filepath.Base(r.Source); base == "x" && (r.Outcome != Failed || !strings.Contains(r.Reason, "beside it")) ||
			base == "x.json" && (r.Outcome != OK || r.Output != "src/x.json") {
			t.Errorf("%s: %s %q %q", base, r.Outcome, r.Output, r.Reason)
		}
	}
}
