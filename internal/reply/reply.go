package reply

import (
	"errors"
	"fmt"
	"time"

	"github.com/biogate/biogate/nist"
)

// The reply families, as Family names them.
const (
	FamilyINTI = "inti" // INTERPOL INT-I: SRE
	FamilyEBTS = "ebts" // FBI EBTS: SRT
)

// searchFamilies lists the search TOTs this package answers: INT-I's
// print-to-print and latent-to-print searches (MRT_INT-I_LookupCodes.csv,
// table TOT: CPS, NPS, MPS) and EBTS's tenprint image search (OpenEBTS
// EBTS9.1_ENUS.txt: TPIS "Tenprint Fingerprint Image Search").
var searchFamilies = map[string]string{
	"CPS":  FamilyINTI,
	"NPS":  FamilyINTI,
	"MPS":  FamilyINTI,
	"TPIS": FamilyEBTS,
}

// Family returns which reply a search of 1.004 TOT tot gets: "inti" (an
// SRE per candidate) or "ebts" (one SRT), and false for a TOT this
// package does not answer.
func Family(tot string) (string, bool) {
	f, ok := searchFamilies[tot]
	return f, ok
}

// Candidate is one candidate of the search, as the matching backend and
// the gallery know it.
type Candidate struct {
	// Subject is the gallery's subject id.
	Subject string
	// Score is the backend's score, when Scored (decision-only backends
	// have none). Neither family has a field for it; it is not written.
	Score  float64
	Scored bool
	// Position is the finger position code (ANSI/NIST-ITL Table 8) of the
	// candidate's best-scoring enrolled sample, 0 when unknown; an INT-I
	// MPS reply gives it in 2.077 LMP.
	Position int
	// Type2 is the Type-2 record of the candidate's enrolment
	// transaction, nil when it was enrolled without one. Only the
	// identity fields the reply family defines are taken from it.
	Type2 *nist.Record
}

// Request is what Build answers.
type Request struct {
	// Search is the search transaction as received (decoded).
	Search *nist.Transaction
	// Candidates are best first, already limited by policy; none is a
	// no-hit answer.
	Candidates []Candidate
	// TCN gives the 1.009 TCN of reply n (0 for the first: INT-I answers
	// a hit with one SRE per candidate). Nil makes INT-I-form TCNs from
	// Now and a per-process counter (see INTITCN), which EBTS accepts too.
	TCN func(n int) string
	// Now is when the reply is made: 1.005 DAT (its own date) and 1.014
	// GMT (in UTC).
	Now time.Time
}

// Reply is the answer to one search.
type Reply struct {
	Family string // FamilyINTI or FamilyEBTS
	// Transactions are the reply transactions, to be delivered in order:
	// INT-I one SRE per candidate (one for no hit), EBTS one SRT.
	Transactions []*nist.Transaction
	// Notes say what was assumed or could not be carried (a candidate's
	// id too long for its field, a field the search lacks that the
	// reply should echo).
	Notes []string
}

// ErrSearch is the error Build returns when the search cannot be
// answered: not a search of a family this package knows, or without
// the header fields a reply refers to.
var ErrSearch = errors.New("reply: the search cannot be answered")

// SearchError says what of the search stops the reply, and where.
type SearchError struct {
	Field string // "1.004 TOT", "1.009 TCN", ...
	Msg   string
}

func (e *SearchError) Error() string { return "reply: search " + e.Field + ": " + e.Msg }

// Is makes errors.Is(err, ErrSearch) hold.
func (e *SearchError) Is(target error) bool { return target == ErrSearch }

// Build makes the reply to r.Search: INT-I SREs or an EBTS SRT, chosen by
// the search's 1.004 TOT (see Family).
func Build(r Request) (*Reply, error) {
	s := r.Search
	if s == nil || len(s.Records) == 0 || s.Records[0].Type != 1 {
		return nil, &SearchError{Field: "Type-1", Msg: "the search has no Type-1 record"}
	}
	h := s.Header()
	tot := h.TypeOfTransaction()
	fam, ok := Family(tot)
	if !ok {
		return nil, &SearchError{Field: "1.004 TOT", Msg: fmt.Sprintf("%q is not a search this service answers (CPS, NPS, MPS, TPIS)", tot)}
	}
	for _, f := range []struct {
		name, value string
	}{{"1.002 VER", h.Record().Text(2)}, {"1.007 DAI", h.DestinationAgency()}, {"1.008 ORI", h.OriginatingAgency()}, {"1.009 TCN", h.ControlNumber()}} {
		if f.value == "" {
			return nil, &SearchError{Field: f.name, Msg: "absent or empty: the reply cannot refer to the search without it"}
		}
		if !isASCII([]byte(f.value)) {
			return nil, &SearchError{Field: f.name, Msg: "not 7-bit ASCII, which every Type-1 field is (ANSI/NIST-ITL 1-2011 §5.5): the reply cannot repeat it"}
		}
	}
	if _, ok := h.Version(); !ok {
		return nil, &SearchError{Field: "1.002 VER", Msg: fmt.Sprintf("%q is not the four digits of a version: the reply is written in the search's version", h.Record().Text(2))}
	}
	if r.TCN == nil {
		r.TCN = defaultTCNs(r.Now)
	}
	var rep *Reply
	if fam == FamilyINTI {
		rep = buildINTI(r)
	} else {
		rep = buildEBTS(r)
	}
	for _, t := range rep.Transactions {
		if note := declareCharset(t); note != "" {
			rep.Notes = append(rep.Notes, note)
		}
	}
	return rep, nil
}
