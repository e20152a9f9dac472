package audit

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportMatching counts the gallery calls, with the reasons the
// exchange writes.
func TestReportMatching(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	es := []Entry{
		{Actor: "a", Action: "enrol", Outcome: OK, Reason: "gallery criminal, subject s1, purpose criminal-records, 1 samples, backends embedded"},
		{Actor: "a", Action: "enrol", Outcome: OK, Reason: "gallery criminal, subject s2, 1 samples, backends embedded"},
		{Actor: "a", Action: "enrol", Outcome: Rejected, Reason: "gallery asylum, subject s3: policy"},
		{Actor: "b", Action: "search", Outcome: OK, Reason: "gallery criminal, purpose criminal-records, 2 candidates"},
		{Actor: "b", Action: "disclose", To: "b", Outcome: OK, Reason: "candidate s1 of gallery criminal"},
		{Actor: "b", Action: "disclose", To: "b", Outcome: OK, Reason: "candidate s2 of gallery criminal"},
		{Actor: "b", Action: "search", Outcome: OK, Reason: "gallery criminal, 0 candidates"},
		{Actor: "b", Action: "verify-subject", Outcome: OK, Reason: "gallery criminal, subject s1, match true"},
		{Actor: "a", Action: "unenrol", Outcome: OK, Reason: "gallery criminal, subject s2"},
		{Actor: "biogate", Action: "expire-enrolment", To: "a", Outcome: OK, Reason: "gallery criminal, subject s1, transaction x past its retention"},
		{Actor: "a", Action: "submit", Outcome: OK},
	}
	for _, e := range es {
		if err := l.Append(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Report(path, t0.AddDate(-10, 0, 0), t0.AddDate(100, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	want := []GalleryUse{
		{Partner: "a", Gallery: "criminal", Enrolments: 2, Unenrolments: 1, Expired: 1},
		{Partner: "b", Gallery: "criminal", Searches: 2, Hits: 1, Disclosed: 2, Verifications: 1},
	}
	if fmt.Sprint(s.Matching) != fmt.Sprint(want) {
		t.Errorf("matching %+v\nwant %+v", s.Matching, want)
	}
	var buf bytes.Buffer
	if err := s.WriteText(&buf); err != nil || !strings.Contains(buf.String(), "matching galleries") {
		t.Errorf("%v\n%s", err, buf.String())
	}
}

func TestCandidatesOf(t *testing.T) {
	tests := []struct {
		reason string
		n      int
	}{
		{"gallery g, purpose p, 12 candidates", 12},
		{"gallery g, 0 candidates", 0},
		{"gallery g", 0},
		{"gallery g, x candidates", 0},
	}
	for _, tt := range tests {
		if got := candidatesOf(tt.reason); got != tt.n {
			t.Errorf("candidatesOf(%q) = %d, want %d", tt.reason, got, tt.n)
		}
	}
}
