package reply

import (
	"fmt"

	"github.com/biogate/biogate/nist"
)

// The facts of this file come from OpenEBTS's machine-readable EBTS 9.1
// (corpus openebts/EBTS9.1_ENUS.txt, amdonov/OpenEBTS, Apache-2.0), the
// file the conformance package's EBTS profile reads.

// ebtsEcho lists the search's Type-2 fields an SRT returns: those the
// verification file lists for SRT whose descriptions say the response
// carries the value submitted ("The value of ATN returned to the
// submitter is the value submitted"; EAD, OCP, RES: "returned in a
// response is the same as the one submitted") and the routing ones
// (SCO, where copies of the response go; OCA, the originating agency's
// case number; CRI, the controlling agency).
var ebtsEcho = []struct {
	field     int
	name      string
	mandatory bool // "SRT M" in the field's TOT list
}{
	{6, "2.006 ATN", false},
	{7, "2.007 SCO", true},
	{9, "2.009 OCA", true},
	{39, "2.039 EAD", true},
	{40, "2.040 OCP", true},
	{41, "2.041 RES", true},
	{73, "2.073 CRI", false},
}

// maxSRTCandidates: "[O, SRT] 2.064: T2_CAN ANS 4-39 1-25".
const maxSRTCandidates = 25

// buildEBTS answers a TPIS with one SRT. A hit lists the candidates in
// 2.064 CAN, one subfield each (UCN, NAM); no hit leaves 2.064 out (it is
// optional for SRT: "[O, SRT]").
func buildEBTS(r Request) *Reply {
	rep := &Reply{Family: FamilyEBTS}
	t, t2 := newReply(r, "SRT", r.TCN(0))
	if st2 := searchType2(r.Search); st2 != nil {
		for _, e := range ebtsEcho {
			if !copyField(t2, st2, e.field) && e.mandatory {
				rep.Notes = append(rep.Notes, fmt.Sprintf("the search has no %s, which EBTS requires in an SRT (returned from the search)", e.name))
			}
		}
	} else {
		rep.Notes = append(rep.Notes, "the search has no Type-2 record: the SRT cannot return its 2.007 SCO, 2.009 OCA, 2.039 EAD, 2.040 OCP, 2.041 RES")
	}
	cands := r.Candidates
	if len(cands) > maxSRTCandidates {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d candidates: an SRT's 2.064 CAN lists at most %d; the rest are not answered", len(cands), maxSRTCandidates))
		cands = cands[:maxSRTCandidates]
	}
	var can [][]string
	for _, c := range cands {
		ucn, note := candidateUCN(c)
		if note != "" {
			rep.Notes = append(rep.Notes, note)
		}
		nam, note := candidateName(c)
		if note != "" {
			rep.Notes = append(rep.Notes, note)
		}
		can = append(can, []string{ucn, nam})
	}
	if len(can) > 0 {
		t2.SetSubfields(64, can...)
	}
	rep.Transactions = []*nist.Transaction{t}
	return rep
}

// candidateUCN returns the UCN of c: its FBI number (2.014 FBI of its
// enrolment, "The UCN can contain an FBI number (FNU)") when it has one,
// otherwise the gallery's subject id. A UCN is AN 1-9
// ("2.064..1 T2_CAN_UCN AN 1-9"); a subject id that is not is written as
// it is, with a note, rather than leaving a hit out.
func candidateUCN(c Candidate) (string, string) {
	if c.Type2 != nil {
		if f := c.Type2.Field(14); f != nil {
			if s, ok := f.Item(0, 0); ok && alnum(s, 1, 9) {
				return s, ""
			}
		}
	}
	if alnum(c.Subject, 1, 9) {
		return c.Subject, ""
	}
	return c.Subject, fmt.Sprintf("candidate %s: the subject id is not the 1-9 letters and digits of an EBTS UCN and the enrolment has no 2.014 FBI number; written as it is", c.Subject)
}

// candidateName returns the NAM of c: its enrolment's 2.018 NAM
// ("surname, comma, given names", AS 3-30) when it has a usable one,
// otherwise NCIC's "Name Not Available (Other)" value the verification
// file gives for 2.018 ('DOE,JOHN' or 'DOE,JANE', by 2.024 SEX).
func candidateName(c Candidate) (string, string) {
	sex := ""
	if c.Type2 != nil {
		if f := c.Type2.Field(18); f != nil {
			if s, ok := f.Item(0, 0); ok && ebtsName(s) {
				return s, ""
			}
		}
		sex = c.Type2.Text(24)
	}
	name := "DOE,JOHN"
	if sex == "F" {
		name = "DOE,JANE"
	}
	return name, fmt.Sprintf("candidate %s: no usable 2.018 NAM in the enrolment; NAM is %s (name not available)", c.Subject, name)
}

// alnum reports whether s is min to max ASCII letters and digits.
func alnum(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

// ebtsName reports whether s fits 2.064 item NAM: AS 3-30, the special
// characters comma, hyphen and space ("2.064..2 T2_CAN_NAM AS 3-30
// sca=",- "").
func ebtsName(s string) bool {
	if len(s) < 3 || len(s) > 30 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == ',' || c == '-' || c == ' ') {
			return false
		}
	}
	return true
}
