package reply

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/internal/golden"
	"github.com/biogate/biogate/nist"
)

// tpisSearch builds an EBTS 9.1 TPIS search (VER 0400, as OpenEBTS's
// verification file requires): the Type-1 fields of Table 9 and the
// Type-2 fields EBTS makes mandatory for TPIS and returns in the SRT
// (2.006 ATN, 2.007 SCO, 2.009 OCA, 2.039 EAD, 2.040 OCP, 2.041 RES). The
// corpus has TPIS files of NBIS only (nbis/testdata/valid1.14.an2 and
// valid1.15.an2, VER 0201, without those fields); TestSRTOfNBISSearch
// answers one of them.
func tpisSearch() *nist.Transaction {
	t := nist.NewTransaction(nist.V0400)
	h := t.Header()
	h.SetTypeOfTransaction("TPIS")
	h.SetDate(now)
	t.Records[0].Set(6, "4")
	h.SetDestinationAgency("WVIAFIS0Z")
	h.SetOriginatingAgency("NY0303000")
	h.SetControlNumber("NY0303000-20261203-0042")
	h.SetResolutions(19.69, 19.69)
	t2 := nist.NewRecord(2)
	t2.Set(6, "DET J Q PUBLIC")
	t2.Set(7, "NY0303000")
	t2.Set(9, "CASE-2026-0042")
	t2.Set(39, "ACME WELDING, 1 MAIN ST, ALBANY NY")
	t2.Set(40, "WELDER")
	t2.Set(41, "12 ELM ST, ALBANY NY 12207")
	t2.Set(73, "NY0303000")
	t.AddRecord(t2)
	return t
}

// TestSRTReplies answers a TPIS with a hit and with no hit and checks the
// SRT: it round-trips through the traditional encoding, has no error
// under the base standard (VER 0400) nor under the EBTS profile (OpenEBTS
// EBTS 9.1), echoes the search's fields, and lists the candidates in
// 2.064 CAN (UCN, NAM) best first. A candidate whose subject id cannot be
// a UCN is written as it is, with a note, and the EBTS profile says so.
func TestSRTReplies(t *testing.T) {
	enrolled := type2(t, an2File(t, "openebts/NISTFile.ebts")) // 2.018 NAM "LISA, MONA J", no 2.014 FBI
	withFBI := nist.NewRecord(2)
	withFBI.Set(14, "123456AB1")
	withFBI.Set(18, "SMITH,TOM")
	noName := nist.NewRecord(2)
	noName.Set(24, "F")
	tests := []struct {
		name       string
		cands      []Candidate
		can        [][]string // 2.064 CAN; nil for none
		notes      int
		ebtsErrors []string // assertion ids the EBTS profile reports
	}{
		{"tpis-hit", []Candidate{
			{Subject: "S0001", Score: 80, Scored: true, Type2: enrolled},
			{Subject: "S0002", Score: 55, Scored: true, Type2: withFBI},
			{Subject: "S0003", Type2: noName},
			{Subject: "S0004"},
		}, [][]string{{"S0001", "LISA, MONA J"}, {"123456AB1", "SMITH,TOM"}, {"S0003", "DOE,JANE"}, {"S0004", "DOE,JOHN"}}, 2, nil},
		{"tpis-nohit", nil, nil, 0, nil},
		{"tpis-long-subject", []Candidate{{Subject: "fvc-2002-db1-17", Type2: withFBI}, {Subject: "fvc-2002-db1-18"}},
			[][]string{{"123456AB1", "SMITH,TOM"}, {"fvc-2002-db1-18", "DOE,JOHN"}}, 2, []string{"EBTS.2.064-A.length"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			search := tpisSearch()
			rep, err := Build(Request{Search: search, Candidates: tt.cands, TCN: fixedTCNs, Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Family != FamilyEBTS || len(rep.Transactions) != 1 {
				t.Fatalf("family %q with %d transactions, want one SRT", rep.Family, len(rep.Transactions))
			}
			if len(rep.Notes) != tt.notes {
				t.Errorf("notes %q, want %d", rep.Notes, tt.notes)
			}
			srt := rep.Transactions[0]
			checkSRT(t, srt, search, tt.can)
			b := roundTrip(t, srt)
			if errs := errorsOf(conformance.CheckBytes(b, &conformance.Options{SkipContent: true})); len(errs) > 0 {
				t.Errorf("base standard errors:\n%s", strings.Join(errs, "\n"))
			}
			var ids []string
			for _, e := range errorsOf(conformance.CheckBytes(b, &conformance.Options{SkipContent: true, Profiles: []*conformance.Catalogue{profile(t, "ebts")}})) {
				id, _, _ := strings.Cut(e, ":")
				if !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
				if !slices.Contains(tt.ebtsErrors, id) && !(id == "EBTS.2.009.tot" && ocaTypo(t)) {
					t.Errorf("EBTS profile: %s", e)
				}
			}
			for _, id := range tt.ebtsErrors {
				if !slices.Contains(ids, id) {
					t.Errorf("EBTS profile: no %s, want it (a UCN that is not AN 1-9)", id)
				}
			}
			golden.Generated(t, "testdata/"+tt.name+".an2", b, *update, "go test ./internal/reply -run TestSRTReplies -update")
			text := dump(srt)
			for _, n := range rep.Notes {
				text += "# note: " + n + "\n"
			}
			golden.Generated(t, "testdata/"+tt.name+".txt", []byte(text), *update, "go test ./internal/reply -run TestSRTReplies -update")
		})
	}
}

// ocaTypo reports whether OpenEBTS's verification file still lists the
// TOTs of 2.009 OCA with a comma missing at a line's end ("..., RPISR,
// SRE" then "SRT M, TPFS M, ..."), so that the EBTS profile reads "SRE
// SRT M" as one entry and does not know that SRT carries 2.009 OCA. An
// SRT returns the search's OCA all the same: EBTS requires it ("SRT M").
func ocaTypo(t *testing.T) bool {
	t.Helper()
	b, err := os.ReadFile(needCorpus(t, "openebts/EBTS9.1_ENUS.txt"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(string(b), "\r\n", "\n")
	i := strings.Index(s, "2.009\tT2_OCA")
	return i > 0 && strings.Contains(s[max(0, i-200):i], "SRE\nSRT M,")
}

// checkSRT compares the SRT with the TPIS it answers.
func checkSRT(t *testing.T, srt, search *nist.Transaction, can [][]string) {
	t.Helper()
	h, s := srt.Header(), search.Header()
	for _, c := range []struct{ field, got, want string }{
		{"1.002 VER", h.Record().Text(2), s.Record().Text(2)},
		{"1.004 TOT", h.TypeOfTransaction(), "SRT"},
		{"1.006 PRY", h.Record().Text(6), s.Record().Text(6)},
		{"1.007 DAI", h.DestinationAgency(), s.OriginatingAgency()},
		{"1.008 ORI", h.OriginatingAgency(), s.DestinationAgency()},
		{"1.009 TCN", h.ControlNumber(), fixedTCNs(0)},
		{"1.010 TCR", h.ControlReference(), s.ControlNumber()},
		{"1.011 NSR", h.Record().Text(11), "00.00"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.field, c.got, c.want)
		}
	}
	if got := recordTypes(srt); !slices.Equal(got, []int{1, 2}) {
		t.Errorf("record types %v, want [1 2] (OpenEBTS: SRT 1:1 2:1 414:0-14)", got)
	}
	st2, rt2 := searchType2(search), srt.Records[1]
	for _, e := range ebtsEcho {
		if got, want := rt2.Text(e.field), st2.Text(e.field); got != want {
			t.Errorf("%s = %q, want the search's %q", e.name, got, want)
		}
	}
	f := rt2.Field(64)
	if can == nil {
		if f != nil {
			t.Errorf("no hit, but 2.064 CAN = %q", f.Subfields())
		}
		return
	}
	if f == nil || fmt.Sprint(f.Subfields()) != fmt.Sprint(can) {
		t.Errorf("2.064 CAN = %v, want %q", f, can)
	}
}

// TestSRTOfNBISSearch answers NBIS's TPIS (VER 0201, without the Type-2
// fields EBTS 9.1 returns): the SRT has no error under the base standard
// of 0201, and the notes name each field EBTS requires that the search
// could not give.
func TestSRTOfNBISSearch(t *testing.T) {
	search := an2File(t, "nbis/testdata/valid1.15.an2")
	rep, err := Build(Request{Search: search, Candidates: []Candidate{{Subject: "A1"}}, TCN: fixedTCNs, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	b := roundTrip(t, rep.Transactions[0])
	if errs := errorsOf(conformance.CheckBytes(b, &conformance.Options{SkipContent: true})); len(errs) > 0 {
		t.Errorf("base standard (0201) errors:\n%s", strings.Join(errs, "\n"))
	}
	if rep.Transactions[0].Records[0].Field(14) != nil {
		t.Error("1.014 GMT in a 0201 reply; it came with 1-2000 (0300)")
	}
	for _, f := range []string{"2.007 SCO", "2.009 OCA", "2.039 EAD", "2.040 OCP", "2.041 RES"} {
		if !slices.ContainsFunc(rep.Notes, func(n string) bool { return strings.Contains(n, f) }) {
			t.Errorf("no note on the search's missing %s: %q", f, rep.Notes)
		}
	}
}
