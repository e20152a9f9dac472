package reply

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/biogate/biogate/nist"
)

func TestFamily(t *testing.T) {
	tests := []struct {
		tot, want string
		ok        bool
	}{
		{"CPS", FamilyINTI, true},
		{"NPS", FamilyINTI, true},
		{"MPS", FamilyINTI, true},
		{"TPIS", FamilyEBTS, true},
		{"SRE", "", false}, // a reply is not a search
		{"CAR", "", false},
		{"cps", "", false}, // TOT codes are upper case
		{"", "", false},
	}
	for _, tt := range tests {
		if got, ok := Family(tt.tot); got != tt.want || ok != tt.ok {
			t.Errorf("Family(%q) = %q, %v; want %q, %v", tt.tot, got, ok, tt.want, tt.ok)
		}
	}
}

// TestBuildRefuses: a search Build cannot answer is a *SearchError naming
// the field, and errors.Is(err, ErrSearch).
func TestBuildRefuses(t *testing.T) {
	without := func(field int) *nist.Transaction {
		s := tpisSearch()
		s.Records[0].Remove(field)
		return s
	}
	withTOT := func(tot string) *nist.Transaction {
		s := tpisSearch()
		s.Header().SetTypeOfTransaction(tot)
		return s
	}
	tests := []struct {
		name   string
		search *nist.Transaction
		field  string
	}{
		{"nil", nil, "Type-1"},
		{"empty", &nist.Transaction{}, "Type-1"},
		{"type-2 first", &nist.Transaction{Records: []*nist.Record{nist.NewRecord(2)}}, "Type-1"},
		{"not a search", withTOT("CAR"), "1.004 TOT"},
		{"no TOT", without(4), "1.004 TOT"},
		{"no VER", without(2), "1.002 VER"},
		{"no DAI", without(7), "1.007 DAI"},
		{"no ORI", without(8), "1.008 ORI"},
		{"no TCN", without(9), "1.009 TCN"},
		{"TCN not ASCII", func() *nist.Transaction { s := tpisSearch(); s.Records[0].Set(9, "N\xdc0001"); return s }(), "1.009 TCN"},
		{"VER not four digits", func() *nist.Transaction { s := tpisSearch(); s.Records[0].Set(2, "0"); return s }(), "1.002 VER"},
	}
	for _, tt := range tests {
		rep, err := Build(Request{Search: tt.search, Now: now})
		var se *SearchError
		if !errors.As(err, &se) || se.Field != tt.field || !errors.Is(err, ErrSearch) {
			t.Errorf("%s: Build = %v, %v; want a SearchError on %s", tt.name, rep, err, tt.field)
		}
	}
}

// TestBuildLimits: more candidates than a family can list are cut, with
// a note; the replies stay within the family's bounds.
func TestBuildLimits(t *testing.T) {
	cands := make([]Candidate, 120)
	for i := range cands {
		cands[i].Subject = "S" + string(rune('A'+i%26))
	}
	rep, err := Build(Request{Search: tpisSearch(), Candidates: cands, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if n := rep.Transactions[0].Records[1].Field(64).SubfieldCount(); n != maxSRTCandidates || !strings.Contains(rep.Notes[0], "at most 25") {
		t.Errorf("SRT of 120 candidates: 2.064 CAN has %d, notes %q; want %d and a note on the rest", n, rep.Notes, maxSRTCandidates)
	}
	cps := tpisSearch()
	cps.Header().SetTypeOfTransaction("CPS")
	rep, err = Build(Request{Search: cps, Candidates: cands, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Transactions) != maxINTICandidates || !strings.Contains(rep.Notes[0], "count to 99") {
		t.Errorf("CPS of 120 candidates: %d SREs, notes %q; want %d and a note on the rest", len(rep.Transactions), rep.Notes, maxINTICandidates)
	}
	seen := map[string]bool{}
	for _, sre := range rep.Transactions {
		tcn := sre.Header().ControlNumber()
		if !intiTCN.MatchString(tcn) || seen[tcn] {
			t.Fatalf("SRE TCN %q: not an INT-I TCN, or used twice", tcn)
		}
		seen[tcn] = true
	}
}

// TestCharacterSet: a candidate's text beyond ASCII declares UTF-8 in
// 1.015 DCS; text that is not UTF-8 is noted.
func TestCharacterSet(t *testing.T) {
	cps := tpisSearch()
	cps.Header().SetTypeOfTransaction("CPS")
	cps.Records[0].SetSubfields(13, intiDomain)
	cps.Records[0].SetSubfields(17, []string{"IPSG", "NYPD"})
	tests := []struct {
		nat     string // 2.038 of the candidate's enrolment
		dcs     string
		noteful bool
	}{
		{"DEU", "", false},
		{"D\u00dcR", "3\x1fUTF-8", false},
		{"D\xdcR", "", true},
		{"D\u00dcR\x1eD\xdcR", "", true}, // UTF-8, then not: no DCS
	}
	for _, tt := range tests {
		t2 := nist.NewRecord(2)
		t2.Set(38, tt.nat)
		rep, err := Build(Request{Search: cps, Candidates: []Candidate{{Subject: "s1", Type2: t2}}, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if got := rep.Transactions[0].Records[0].Text(15); got != tt.dcs || (len(rep.Notes) > 0) != tt.noteful {
			t.Errorf("2.038 %q: 1.015 DCS %q, notes %q; want %q, a note: %v", tt.nat, got, rep.Notes, tt.dcs, tt.noteful)
		}
	}
}

// FuzzBuild decodes a transaction, answers it as a search with one
// candidate whose enrolment is the transaction's own Type-2, and checks
// that every reply encodes and decodes back. Seeds: the test TPIS, NBIS's
// TPIS files, INTERPOL's SRE samples made searches.
func FuzzBuild(f *testing.F) {
	if b, err := nist.Marshal(tpisSearch()); err == nil {
		f.Add(b)
	}
	for _, p := range []string{"nbis/testdata/valid1.14.an2", "nbis/testdata/valid1.15.an2"} {
		if b, err := os.ReadFile(filepath.Join(corpus, p)); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{"Sample-SRE-HIT_CPS-INT-ITransaction.xml", "Sample-SRE-NOHIT-INT-ITransaction.xml"} {
		if _, err := os.Stat(filepath.Join(corpus, "interpol-inti/XMLsamples", s)); err != nil {
			continue
		}
		tr := intiSample(f, s)
		tr.Header().SetTypeOfTransaction("CPS")
		if b, err := nist.Marshal(tr); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		search, _ := nist.DecodeBytes(b, &nist.DecodeOptions{Lenient: true})
		if search == nil {
			return
		}
		var c Candidate
		c.Subject = "s1"
		c.Type2 = searchType2(search)
		rep, err := Build(Request{Search: search, Candidates: []Candidate{c, {Subject: "s2"}}, Now: now})
		if err != nil {
			if !errors.Is(err, ErrSearch) {
				t.Fatalf("Build: %v is not an ErrSearch", err)
			}
			return
		}
		for _, tr := range rep.Transactions {
			out, err := nist.Marshal(tr)
			if err != nil {
				// A Type-2 value copied from a malformed enrolment may hold
				// a separator the encoder refuses; that must be an error,
				// which it is.
				continue
			}
			// A search of a version the decoder does not know (INT-I's
			// tables name 0600) is answered in that version: its reply
			// reads back leniently, with that one problem.
			// Text neither ASCII nor UTF-8 leaves DCS unset, with a note.
			opts := &nist.DecodeOptions{Lenient: true}
			if v, _ := search.Header().Version(); v.Known() && !slices.ContainsFunc(rep.Notes, func(n string) bool { return strings.Contains(n, "1.015 DCS") }) {
				opts = nil
			}
			back, err := nist.DecodeBytes(out, opts)
			if back == nil || opts == nil && err != nil || len(back.Records) != len(tr.Records) {
				t.Fatalf("a reply that encodes does not decode: %v", err)
			}
		}
	})
}

// TestINTIHeaderDefaults: an INT-I search without 1.013 DOM or 1.017 ANM
// gets an SRE with INT-I's domain, and notes on both.
func TestINTIHeaderDefaults(t *testing.T) {
	cps := tpisSearch()
	cps.Header().SetTypeOfTransaction("CPS")
	rep, err := Build(Request{Search: cps, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if got := rep.Transactions[0].Records[0].Text(13); got != "INT-I\x1f0600" {
		t.Errorf("1.013 DOM %q, want INT-I<US>0600", got)
	}
	if len(rep.Notes) != 2 {
		t.Errorf("notes %q, want two (no DOM, no ANM)", rep.Notes)
	}
}
