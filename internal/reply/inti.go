package reply

import (
	"fmt"
	"strconv"

	"github.com/biogate/biogate/nist"
)

// intiIdentity lists the Type-2 fields an SRE carries of a candidate:
// "the identifiers of the candidates ... in the standard identifier fields
// of the Type 2" (MRT [02.064-A_02064-E] summary) and the subject's
// description that INTERPOL's hit samples carry (int-i:RecordSubject):
//
//	2.010 CRN criminal reference number (country, number)
//	2.011 ORN other (business) reference number (country, number)
//	2.012-2.016 MN1-MN5 miscellaneous identification numbers (type, value)
//	2.035 DOB date of birth, 2.036 DBR date of birth range
//	2.038 NAT nationality, 2.039 SEX sex
//	2.090 IRN INTERPOL reference number
//
// Each has an element of int-i.xsd in the project's XML mapping
// (xml/mapping.tsv), so the SRE stays valid INT-I XML. Left out: 2.030
// NAM, 2.034 AKA, 2.037 POB, 2.075 FFN and 2.076 MMN, which INT-I defines
// in XML only (MRT rows [02.030:X1]...: no traditional items) and which
// the mapping has no traditional form for; offence, civil and case fields
// (2.007, 2.021, 2.054-2.056, 2.095, 2.096), which describe the
// candidate's record rather than who the candidate is; and the enrolling
// agency's 2.063 INF contact, which is not the answering agency's.
var intiIdentity = []int{10, 11, 12, 13, 14, 15, 16, 35, 36, 38, 39, 90}

// intiMiscID are the fields MN1-MN5 (MRT [02.012-A]...[02.016-B]: MNxT
// type, ANS 1-32; MNxV value, ANS 1-32); the first one the candidate does
// not use carries the gallery's subject id.
var intiMiscID = []int{12, 13, 14, 15, 16}

// subjectIDType is the MNxT type that names the gallery's subject id.
const subjectIDType = "GALLERY SUBJECT"

// maxINTICandidates: 2.064 items A CSI and C CTQ have at most two digits
// (MRT [02.064-A], [02.064-C]: N 1-2).
const maxINTICandidates = 99

// resultUnconfirmed is 2.094 RDM "UC" (MRT_INT-I_LookupCodes.csv, table
// RDM: "UNCONFIRMED – ... a set of possible matches with one or more
// candidates ... or no match result; Further verification activity
// anticipated"): what an automated search without an examiner returns.
const resultUnconfirmed = "UC"

// buildINTI answers an INT-I search: one SRE per candidate, or one no-hit
// SRE.
func buildINTI(r Request) *Reply {
	rep := &Reply{Family: FamilyINTI}
	cands := r.Candidates
	if len(cands) > maxINTICandidates {
		rep.Notes = append(rep.Notes, fmt.Sprintf("%d candidates: INT-I's 2.064 CSI and CTQ count to %d; the rest are not answered", len(cands), maxINTICandidates))
		cands = cands[:maxINTICandidates]
	}
	tot := r.Search.Header().TypeOfTransaction()
	rep.Notes = append(rep.Notes, intiHeaderNotes(r.Search)...)
	if len(cands) == 0 {
		t, t2 := newINTIReply(r, 0)
		// The no-hit shape of INTERPOL's Sample-SRE-NOHIT: CSI 1, MVI
		// false, CTQ 0, the search's TOT, N.
		t2.SetSubfields(64, []string{"1", "false", "0", tot, "N"})
		t2.Set(94, resultUnconfirmed)
		rep.Transactions = append(rep.Transactions, t)
		return rep
	}
	for i, c := range cands {
		t, t2 := newINTIReply(r, i)
		rep.Notes = append(rep.Notes, intiCandidate(t2, c)...)
		// 2.064 RLS: A CSI, B MVI (no examiner verified the candidate), C
		// CTQ, D CAC (the search's TOT), E SRC hit.
		t2.SetSubfields(64, []string{strconv.Itoa(i + 1), "false", strconv.Itoa(len(cands)), tot, "I"})
		if tot == "MPS" {
			// 2.077 LMP: A LMS the latent's finger position, B LMC the
			// candidate's (MRT [02.077-A], code table FGP), as in
			// INTERPOL's Sample-SRE-HIT_MPS.
			t2.SetSubfields(77, []string{strconv.Itoa(latentPosition(r.Search)), strconv.Itoa(c.Position)})
		}
		t2.Set(94, resultUnconfirmed)
		rep.Transactions = append(rep.Transactions, t)
	}
	return rep
}

// intiDomain is 1.013 DOM of an INT-I transaction: "The domain name must
// be set to INT-I" and "The domain version must be set to 0600" (MRT
// [01.013-A], [01.013-B] notes; INTERPOL's samples write 06.00). A reply
// takes the search's DOM and this one when the search has none.
var intiDomain = []string{"INT-I", "0600"}

// newINTIReply returns SRE n to r.Search with its Type-2 record.
func newINTIReply(r Request, n int) (*nist.Transaction, *nist.Record) {
	t, t2 := newReply(r, "SRE", r.TCN(n))
	if t.Records[0].Field(13) == nil {
		t.Records[0].SetSubfields(13, intiDomain)
	}
	return t, t2
}

// intiHeaderNotes says what of the search's Type-1 an INT-I reply needs
// and does not find.
func intiHeaderNotes(s *nist.Transaction) []string {
	var notes []string
	t1 := s.Records[0]
	if f := t1.Field(17); f == nil || len(f.Subfields()[0]) < 2 {
		notes = append(notes, "the search has no 1.017 ANM agency names: INT-I's XML requires them (with the agencies' countries) in the SRE")
	}
	if t1.Field(13) == nil {
		notes = append(notes, "the search has no 1.013 DOM; the SRE has INT-I's, INT-I 0600")
	}
	return notes
}

// intiCandidate writes candidate c's identity into the SRE's Type-2
// record t2 and returns notes on what could not be carried.
func intiCandidate(t2 *nist.Record, c Candidate) []string {
	var notes []string
	if c.Type2 != nil {
		for _, n := range intiIdentity {
			copyField(t2, c.Type2, n)
		}
	}
	if len(c.Subject) > 32 {
		return append(notes, fmt.Sprintf("candidate %s: the subject id has %d characters, more than INT-I's MNxV (32); it is not in the SRE", c.Subject, len(c.Subject)))
	}
	for _, n := range intiMiscID {
		if t2.Field(n) == nil {
			t2.SetSubfields(n, []string{subjectIDType, c.Subject})
			return notes
		}
	}
	return append(notes, fmt.Sprintf("candidate %s: 2.012-2.016 are all in use by the candidate's identifiers; the subject id is not in the SRE", c.Subject))
}

// latentPosition returns the finger position of the search's latent: the
// first position code of the first Type-13 record's 13.013 FGP, 0
// (unknown finger, Table 8) when there is none.
func latentPosition(t *nist.Transaction) int {
	for _, r := range t.Records {
		if r.Type != 13 {
			continue
		}
		if f := r.Field(13); f != nil {
			if s, ok := f.Item(0, 0); ok {
				if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 255 {
					return n
				}
			}
		}
		break
	}
	return 0
}
