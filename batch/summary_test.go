package batch

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBatchSummaryHTML: summary.html is self-contained (no external
// asset), has an SVG chart of each kind, and escapes a file name that
// holds markup; summary.json reads back as the Summary returned.
func TestBatchSummaryHTML(t *testing.T) {
	dir := t.TempDir()
	src, _ := synthetic(t, dir, 3)
	write(t, filepath.Join(src, "<script>alert(1)</script>.an2"), transaction(t, 0)[:200])
	out := filepath.Join(dir, "out")
	s, err := Run(context.Background(), Job{Op: OpValidate, Sources: []string{src}, Out: out, Jobs: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, SummaryHTMLName))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"<svg", "Outcomes", "Formats and versions", "Most frequent findings", `class="nonconformant"`, "an2 0502"} {
		if !strings.Contains(page, want) {
			t.Errorf("summary.html lacks %q", want)
		}
	}
	for _, bad := range []string{"<script>", "src=", "href=", "http://", "https://"} {
		if strings.Contains(strings.ReplaceAll(page, `xmlns="http://www.w3.org/2000/svg"`, ""), bad) {
			t.Errorf("summary.html holds %q (markup not escaped, or an external asset)", bad)
		}
	}
	var back Summary
	jb, err := os.ReadFile(filepath.Join(out, SummaryName))
	if err != nil || json.Unmarshal(jb, &back) != nil {
		t.Fatalf("summary.json: %v", err)
	}
	if back.Files != s.Files || back.ByOutcome[Nonconformant] != s.ByOutcome[Nonconformant] || len(back.Slowest) != min(s.Files, slowestKept) {
		t.Errorf("summary.json %+v, returned %+v", back, s)
	}
}

// TestBatchSlowest keeps the ten slowest files, slowest first.
func TestBatchSlowest(t *testing.T) {
	s := newSummary(OpValidate)
	for i := range 25 {
		s.add(&Record{Source: string(rune('a' + i)), Millis: int64(i * 7 % 25), Outcome: OK, Format: "an2"})
	}
	s.add(&Record{Source: "resumed", Millis: 1000, Outcome: OK, Format: "an2", Resumed: true})
	if len(s.Slowest) != slowestKept || s.Slowest[0].Millis != 24 || s.Slowest[9].Millis != 15 {
		t.Errorf("slowest %v", s.Slowest)
	}
	if s.Files != 26 || s.Resumed != 1 {
		t.Errorf("files %d resumed %d", s.Files, s.Resumed)
	}
}

// TestBatchProgressLine: files, MB, rate, ETA once the total is known,
// errors so far; a terminal's line is rewritten in place.
func TestBatchProgressLine(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, true, time.Hour)
	p.totalBytes.Store(4 << 20)
	p.count(&Record{Size: 1 << 20, Outcome: OK})
	p.count(&Record{Size: 1 << 20, Outcome: Failed})
	p.count(&Record{Outcome: Nonconformant})
	line := p.line(2 * time.Second)
	for _, want := range []string{"3 files", "2.0 MB", "1.5 files/s", "1.00 MB/s", "ETA 2s", "1 failed", "1 nonconformant"} {
		if !strings.Contains(line, want) {
			t.Errorf("%q lacks %q", line, want)
		}
	}
	p.show()
	p.end()
	if got := buf.String(); !strings.HasPrefix(got, "\r\033[K") || !strings.HasSuffix(got, "\n") {
		t.Errorf("terminal output %q", got)
	}
	var plain bytes.Buffer
	q := newProgress(&plain, false, time.Hour)
	q.show()
	q.end()
	if got := plain.String(); strings.Contains(got, "\r") || !strings.HasPrefix(got, "batch: 0 files") {
		t.Errorf("plain output %q", got)
	}
	newProgress(nil, false, time.Hour).end() // quiet: nothing, no panic
}

// TestBatchVersionOf reads 1.002 from the Type-1 text and the edition of
// an ISO record.
func TestBatchVersionOf(t *testing.T) {
	tests := []struct {
		name, format, want string
		b                  []byte
	}{
		{"sample", "an2", "0502", transaction(t, 1)},
		{"leading zeros", "an2", "0300", []byte("1.001:30\x1d01.002:0300\x1d1.003:1\x1c")},
		{"after the Type-1 record", "an2", "", []byte("1.001:10\x1c1.002:0300\x1d")},
		{"no VER", "an2", "", []byte("1.001:10\x1d1.003:1")},
		{"a bad VER", "an2", "", []byte("1.001:10\x1d1.002:abc\x1d")},
		{"an image", "png", "", []byte("\x89PNG\r\n\x1a\n")},
	}
	for _, tc := range tests {
		if got := versionOf(tc.b, tc.format); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
