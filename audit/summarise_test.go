package audit

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/biogate/biogate/internal/golden"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// review is a scripted exchange over two days with what a review asks
// about: deliveries (one with fields withheld by the recipient's policy),
// a search with a hit and one without, refusals, reads with removals,
// purges under retention.
func review() []Entry {
	day1, day2 := t0, t0.Add(24*time.Hour)
	return []Entry{
		{Time: day1, Actor: "fbi", Action: "submit", Transaction: "t1", Type: "CAR", Outcome: OK},
		{Time: day1, Actor: "fbi", Action: "deliver", Transaction: "t1", Type: "CAR", To: "ipsg", Outcome: OK,
			Reason: WithheldPrefix + "record 1 (Type-2, IDC 0): field 2.018 removed; record 2 (Type-2, IDC 1): field 2.018 removed; record 3 (Type-10, IDC 2) removed"},
		{Time: day1, Actor: "fbi", Action: "deliver", Transaction: "t2", Type: "CAR", To: "ipsg", Outcome: OK},
		{Time: day1, Actor: "ipsg", Action: "get", Transaction: "t1", Type: "CAR", Outcome: OK,
			Reason: WithheldPrefix + "record 1 (Type-2, IDC 0): field 2.018 removed; 12 bytes after the last record (in no record, so under no field number) removed"},
		{Time: day1, Actor: "fbi", Action: "submit", Type: "MPR", Outcome: Rejected, Reason: "=HYPERLINK(\"x\") 1.004 TOT not allowed"},
		{Time: day1.Add(time.Hour), Actor: "ipsg", Action: "search", Transaction: "t3", Outcome: OK, Reason: "gallery criminal, 2 candidates"},
		{Time: day1.Add(time.Hour), Actor: "ipsg", Action: "disclose", Transaction: "t3", To: "ipsg", Outcome: OK, Reason: "candidate s1 of gallery criminal"},
		{Time: day1.Add(time.Hour), Actor: "ipsg", Action: "disclose", Transaction: "t3", To: "ipsg", Outcome: OK, Reason: "candidate s2 of gallery criminal"},
		{Time: day1.Add(time.Hour), Actor: "biogate", Action: "reply", Transaction: "t4", Type: "SRE", To: "ipsg", Outcome: OK},
		{Time: day2, Actor: "ipsg", Action: "search", Outcome: OK, Reason: "gallery criminal, 0 candidates"},
		{Time: day2, Actor: "ipsg", Action: "search", Outcome: Failed, Reason: "gallery criminal: backend down"},
		{Time: day2, Actor: "biogate", Action: "expire", Transaction: "t2", Type: "CAR", Outcome: OK, Reason: "past the 30-day retention of partner fbi"},
		{Time: day2, Actor: "biogate", Action: "expire-enrolment", Transaction: "t5", To: "ipsg", Outcome: OK, Reason: "gallery criminal, subject s9, transaction t5 past its retention"},
		{Time: day2, Actor: "biogate", Action: "batch-done", Transaction: "b1", To: "fbi", Outcome: OK},
		{Time: day2.Add(14 * time.Hour), Actor: "bka", Action: "get", Transaction: "t1", Outcome: Rejected, Reason: "not found"},
	}
}

// logOf writes es to a new log and returns it open.
func logOf(t *testing.T, es []Entry) *Log {
	t.Helper()
	l, err := Open(filepath.Join(t.TempDir(), FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	for _, e := range es {
		if err := l.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

func TestSummariseReview(t *testing.T) {
	l := logOf(t, review())
	s, err := Summarise(context.Background(), l, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	wantDays := []Day{
		{Date: "2026-03-01", Totals: Totals{Calls: 9, Shares: 5, Searches: 1, Hits: 1, Rejections: 1, Withheld: 2}},
		{Date: "2026-03-02", Totals: Totals{Calls: 6, Searches: 1, Rejections: 1, Failures: 1, Purges: 2}},
	}
	if fmt.Sprint(s.Days) != fmt.Sprint(wantDays) {
		t.Errorf("days %+v\nwant %+v", s.Days, wantDays)
	}
	if want := (Totals{Calls: 15, Shares: 5, Searches: 2, Hits: 1, Rejections: 2, Failures: 1, Purges: 2, Withheld: 2}); s.Totals != want {
		t.Errorf("totals %+v, want %+v", s.Totals, want)
	}
	tests := []struct {
		table string
		got   any
		want  any
	}{
		{"shares", s.Shares, []Share{
			{From: "biogate", To: "ipsg", Action: "reply", Type: "SRE", N: 1, Transactions: 1},
			{From: "fbi", To: "ipsg", Action: "deliver", Type: "CAR", N: 2, Transactions: 2},
			{From: "ipsg", To: "ipsg", Action: "disclose", N: 2, Transactions: 1},
		}},
		{"withheld", s.Withheld, []Withheld{
			{Partner: "ipsg", Action: "deliver", Item: "Type-10 record", N: 1},
			{Partner: "ipsg", Action: "deliver", Item: "field 2.018", N: 2},
			{Partner: "ipsg", Action: "get", Item: "bytes in no record", N: 1},
			{Partner: "ipsg", Action: "get", Item: "field 2.018", N: 1},
		}},
		{"purges", s.Purges, []Purge{
			{Partner: "fbi", Kind: "transaction", Type: "CAR", N: 1},
			{Partner: "ipsg", Kind: "enrolment", Gallery: "criminal", N: 1},
		}},
		{"matching", s.Matching, []GalleryUse{
			{Partner: "ipsg", Gallery: "criminal", Searches: 2, Hits: 1, Disclosed: 2, Expired: 1},
		}},
	}
	for _, tt := range tests {
		if fmt.Sprint(tt.got) != fmt.Sprint(tt.want) {
			t.Errorf("%s %+v\nwant %+v", tt.table, tt.got, tt.want)
		}
	}
	// Report of the same file gives the same summary.
	r, err := Report(l.path, time.Time{}, time.Time{})
	if err != nil || fmt.Sprint(r) != fmt.Sprint(s) {
		t.Errorf("Report %v:\n%+v\nSummarise:\n%+v", err, r, s)
	}
}

// TestSummarisePeriod: the bounds select entries by time, since included
// and until excluded, and the days follow.
func TestSummarisePeriod(t *testing.T) {
	l := logOf(t, review())
	day2 := t0.Add(24 * time.Hour)
	tests := []struct {
		since, until time.Time
		entries      int
		days         []string
	}{
		{time.Time{}, time.Time{}, 15, []string{"2026-03-01", "2026-03-02"}},
		{day2, time.Time{}, 6, []string{"2026-03-02"}},
		{time.Time{}, day2, 9, []string{"2026-03-01"}},
		{t0, t0.Add(time.Hour), 5, []string{"2026-03-01"}},
		{t0.Add(time.Hour), t0.Add(time.Hour + 1), 4, []string{"2026-03-01"}},
		{day2.Add(14 * time.Hour), day2.Add(15 * time.Hour), 1, []string{"2026-03-02"}},
		{t0.AddDate(1, 0, 0), t0.AddDate(2, 0, 0), 0, []string{}},
	}
	for _, tt := range tests {
		s, err := Summarise(context.Background(), l, tt.since, tt.until)
		if err != nil {
			t.Fatal(err)
		}
		var days []string
		for _, d := range s.Days {
			days = append(days, d.Date)
		}
		if s.Entries != tt.entries || s.Totals.Calls != tt.entries || fmt.Sprint(days) != fmt.Sprint(tt.days) {
			t.Errorf("[%v, %v): %d entries (totals %d), days %v; want %d, %v", tt.since, tt.until, s.Entries, s.Totals.Calls, days, tt.entries, tt.days)
		}
	}
}

// TestSummariseCSV compares the CSV export with its golden file.
func TestSummariseCSV(t *testing.T) {
	l := logOf(t, review())
	s, err := Summarise(context.Background(), l, t0, t0.AddDate(0, 0, 7))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	got := golden.Generated(t, "testdata/review.csv", buf.Bytes(), *update, "go test ./audit -run TestSummariseCSV -update")
	for _, want := range []string{"totals\r\ncalls,shares,", "\r\n15,5,2,1,2,1,2,2\r\n", `"'=HYPERLINK(""x"") 1.004 TOT not allowed"`} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("the CSV lacks %q", want)
		}
	}
}

// TestSummariseCapped: keys past MaxRows fold into Other rows, and the
// counts still add up.
func TestSummariseCapped(t *testing.T) {
	z := newSummariser(time.Time{}, time.Time{})
	n := MaxRows + 50
	for i := range n {
		z.add(Entry{Time: t0, Actor: "a", Action: "submit", Outcome: Rejected, Reason: fmt.Sprintf("reason %d", i)})
		z.add(Entry{Time: t0, Actor: "a", Action: "get", Outcome: OK, Reason: WithheldPrefix + fmt.Sprintf("record 1 (Type-%d, IDC 0) removed", i)})
	}
	s := z.summary()
	if len(s.Rejections) != MaxRows+1 || len(s.Withheld) != MaxRows+1 {
		t.Errorf("%d rejection rows, %d withheld rows, want %d", len(s.Rejections), len(s.Withheld), MaxRows+1)
	}
	sum := 0
	for _, r := range s.Rejections {
		sum += r.N
		if r.Reason == Other && r.N != 50 {
			t.Errorf("the other reasons count %d, want 50", r.N)
		}
	}
	if sum != n || !slices.Equal(s.Truncated, []string{"rejections", "withheld"}) {
		t.Errorf("rejections add up to %d (want %d), truncated %v", sum, n, s.Truncated)
	}
}

func TestRemovalItem(t *testing.T) {
	tests := []struct{ removal, item string }{
		{"record 3 (Type-2, IDC 0): field 2.018 removed", "field 2.018"},
		{"record 12 (Type-10, IDC 4) removed", "Type-10 record"},
		{"7 bytes after the last record (in no record, so under no field number) removed", "bytes in no record"},
		{"record 3 (Type-2, IDC 0): field 2.0…[truncated from 4000 bytes]", Other},
		{"something else", Other},
	}
	for _, tt := range tests {
		if got := removalItem(tt.removal); got != tt.item {
			t.Errorf("removalItem(%q) = %q, want %q", tt.removal, got, tt.item)
		}
	}
}

// TestLogEntries: the open log reads back what was appended before the
// call, checks the chain, and stops with its context.
func TestLogEntries(t *testing.T) {
	l := logOf(t, review())
	var seqs []int64
	err := l.Entries(context.Background(), time.Time{}, time.Time{}, func(e Entry) error {
		seqs = append(seqs, e.Seq)
		if e.Seq == 3 {
			// An append during the read is not read.
			return l.Append(Entry{Actor: "x", Action: "y", Outcome: OK})
		}
		return nil
	})
	if err != nil || len(seqs) != len(review()) || seqs[0] != 1 {
		t.Fatalf("Entries: %v, read %v", err, seqs)
	}
	stop := errors.New("stop")
	if err := l.Entries(context.Background(), time.Time{}, time.Time{}, func(Entry) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("fn's error: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Summarise(ctx, l, time.Time{}, time.Time{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	// A tampered log is refused.
	lines := readLines(t, l.path)
	intact := slices.Clone(lines)
	lines[1] = bytes.Replace(lines[1], []byte(`"fbi"`), []byte(`"xyz"`), 1)
	writeLines(t, l.path, lines)
	var ae *Error
	if err := l.Entries(context.Background(), time.Time{}, time.Time{}, func(Entry) error { return nil }); !errors.As(err, &ae) || ae.Line != 2 {
		t.Errorf("tampered: %v", err)
	}
	// A truncated one too.
	writeLines(t, l.path, intact[:4])
	if err := l.Entries(context.Background(), time.Time{}, time.Time{}, func(Entry) error { return nil }); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated: %v", err)
	}
	l.Close()
	if err := l.Entries(context.Background(), time.Time{}, time.Time{}, func(Entry) error { return nil }); err == nil {
		t.Error("a closed log is read")
	}
}
