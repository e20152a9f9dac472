package audit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// calls is the script of calls the tests log: partner fbi submits to
// ipsg, ipsg reads, and some calls are refused.
func calls() []Entry {
	var es []Entry
	for i := range 6 {
		es = append(es, Entry{Actor: "fbi", Action: "submit", Transaction: fmt.Sprintf("tx%d", i%4), Type: "CAR", To: "ipsg", Outcome: OK})
	}
	for i := range 3 {
		es = append(es, Entry{Actor: "ipsg", Action: "read", Transaction: fmt.Sprintf("tx%d", i), Outcome: OK})
	}
	es = append(es,
		Entry{Actor: "fbi", Action: "submit", Type: "MPR", Outcome: Rejected, Reason: "1.004 TOT not allowed"},
		Entry{Actor: "fbi", Action: "submit", Type: "MPR", Outcome: Rejected, Reason: "1.004 TOT not allowed"},
		Entry{Actor: "bka", Action: "read", Transaction: "tx1", Outcome: Rejected, Reason: "not a party"},
		Entry{Actor: "ipsg", Action: "submit", Type: "CNA", To: "fbi", Transaction: "tx9", Outcome: OK},
		Entry{Actor: "biogate", Action: "purge", Transaction: "tx0", Outcome: OK},
	)
	return es
}

// writeLog writes the calls to a new log, one minute apart from t0.
func writeLog(t *testing.T) (string, []Entry) {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	es := calls()
	for i, e := range es {
		e.Time = t0.Add(time.Duration(i) * time.Minute)
		if err := l.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return path, es
}

func readLines(t *testing.T, path string) [][]byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.SplitAfter(b, []byte("\n"))[:bytes.Count(b, []byte("\n"))]
}

func writeLines(t *testing.T, path string, lines [][]byte) {
	if err := os.WriteFile(path, bytes.Join(lines, nil), 0o600); err != nil {
		t.Fatal(err)
	}
}

func wantBad(t *testing.T, path string, line int, why string) {
	t.Helper()
	_, err := Verify(path)
	var ae *Error
	if !errors.As(err, &ae) {
		t.Fatalf("Verify: %v, want an error at line %d", err, line)
	}
	if ae.Line != line || !strings.Contains(ae.Msg, why) {
		t.Fatalf("Verify: %v; want line %d, %q", err, line, why)
	}
}

func TestVerifyIntact(t *testing.T) {
	path, es := writeLog(t)
	n, err := Verify(path)
	if err != nil || n != len(es) {
		t.Fatalf("%d entries, %v", n, err)
	}
	// Reopening continues the chain.
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Append(Entry{Actor: "x", Action: "read", Outcome: OK}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if n, err := Verify(path); err != nil || n != len(es)+1 {
		t.Fatalf("after reopening: %d, %v", n, err)
	}
}

func TestVerifyEdit(t *testing.T) {
	path, es := writeLog(t)
	orig := readLines(t, path)
	for i := range es {
		lines := slices.Clone(orig)
		lines[i] = bytes.Replace(lines[i], []byte(`"actor":"`), []byte(`"actor":"X`), 1)
		writeLines(t, path, lines)
		wantBad(t, path, i+1, "edited")
	}
	// Any single byte of the entry's content.
	for _, pos := range []int{80, 100, 120, 150} {
		lines := slices.Clone(orig)
		l := append([]byte(nil), lines[3]...)
		if pos >= len(l)-3 {
			continue
		}
		l[pos] ^= 1
		lines[3] = l
		writeLines(t, path, lines)
		if _, err := Verify(path); err == nil {
			t.Errorf("byte %d of line 4 changed and the log verifies", pos)
		}
	}
}

func TestVerifyEditRehashed(t *testing.T) {
	// An edit whose hash was recomputed breaks the next entry's prev.
	path, es := writeLog(t)
	lines := readLines(t, path)
	var l line
	_ = json.Unmarshal(lines[4], &l)
	entry := bytes.Replace(l.Entry, []byte(`"read"`), []byte(`"sign"`), 1)
	entry = bytes.Replace(entry, []byte(`"submit"`), []byte(`"sign"`), 1)
	lines[4] = []byte(`{"hash":"` + hashOf(entry) + `","entry":` + string(entry) + "}\n")
	writeLines(t, path, lines)
	wantBad(t, path, 6, "prev does not match the hash of line 5")
	_ = es
}

func TestVerifyDelete(t *testing.T) {
	path, es := writeLog(t)
	orig := readLines(t, path)
	for i := range es {
		lines := slices.Clone(orig)
		lines = append(lines[:i], lines[i+1:]...)
		writeLines(t, path, lines)
		if i == len(es)-1 {
			wantBad(t, path, i+1, "truncated")
			continue
		}
		wantBad(t, path, i+1, "was removed")
	}
}

func TestVerifyReorder(t *testing.T) {
	path, es := writeLog(t)
	orig := readLines(t, path)
	for i := 0; i+1 < len(es); i++ {
		lines := slices.Clone(orig)
		lines[i], lines[i+1] = lines[i+1], lines[i]
		writeLines(t, path, lines)
		wantBad(t, path, i+1, "reordered")
	}
}

func TestVerifyTruncate(t *testing.T) {
	path, es := writeLog(t)
	orig := readLines(t, path)
	for k := 1; k < len(es); k++ {
		writeLines(t, path, orig[:len(es)-k])
		wantBad(t, path, len(es)-k+1, "truncated")
	}
	// A torn last line.
	b := bytes.Join(orig, nil)
	if err := os.WriteFile(path, b[:len(b)-20], 0o600); err != nil {
		t.Fatal(err)
	}
	wantBad(t, path, len(es), "truncated")
	// Open refuses to extend a broken log.
	if _, err := Open(path); err == nil {
		t.Error("Open accepts a broken log")
	}
}

func TestVerifyHeadMissing(t *testing.T) {
	path, es := writeLog(t)
	os.Remove(path + ".head")
	wantBad(t, path, len(es)+1, "missing")
}

func TestReportCounts(t *testing.T) {
	path, es := writeLog(t)
	s, err := Report(path, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if s.Entries != len(es) {
		t.Errorf("%d entries, want %d", s.Entries, len(es))
	}
	total := 0
	for _, c := range s.Calls {
		total += c.N
	}
	if total != len(es) {
		t.Errorf("calls add up to %d, want %d", total, len(es))
	}
	wantShares := []Share{
		{From: "fbi", To: "ipsg", Action: "submit", Type: "CAR", N: 6, Transactions: 4},
		{From: "ipsg", To: "fbi", Action: "submit", Type: "CNA", N: 1, Transactions: 1},
	}
	if fmt.Sprint(s.Shares) != fmt.Sprint(wantShares) {
		t.Errorf("shares %v, want %v", s.Shares, wantShares)
	}
	wantRejections := []Rejection{
		{Actor: "fbi", Action: "submit", Outcome: Rejected, Reason: "1.004 TOT not allowed", N: 2},
		{Actor: "bka", Action: "read", Outcome: Rejected, Reason: "not a party", N: 1},
	}
	if fmt.Sprint(s.Rejections) != fmt.Sprint(wantRejections) {
		t.Errorf("rejections %v, want %v", s.Rejections, wantRejections)
	}
	for _, c := range s.Calls {
		if c.Actor == "ipsg" && c.Action == "read" && c.N != 3 {
			t.Errorf("ipsg read %d times, want 3", c.N)
		}
	}
	// The period: minutes 6 to 9 hold the three reads.
	s, err = Report(path, t0.Add(6*time.Minute), t0.Add(9*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if s.Entries != 3 || len(s.Calls) != 1 || s.Calls[0].N != 3 || len(s.Shares) != 0 {
		t.Errorf("period report %+v", s)
	}
	var buf bytes.Buffer
	if err := s.WriteText(&buf); err != nil || !strings.Contains(buf.String(), "3 entries") {
		t.Errorf("%v\n%s", err, buf.String())
	}
}

func TestReportTampered(t *testing.T) {
	path, _ := writeLog(t)
	lines := readLines(t, path)
	writeLines(t, path, append(lines[:2], lines[3:]...))
	if _, err := Report(path, time.Time{}, time.Time{}); err == nil {
		t.Error("Report of a tampered log")
	}
}
