package audit

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Summary is the review of a log over a period: who did what how often,
// who shared what with whom, and what was refused and why.
type Summary struct {
	Since      time.Time   `json:"since,omitzero"` // the period's start; zero: unbounded
	Until      time.Time   `json:"until,omitzero"` // its end, excluded; zero: unbounded
	Entries    int         `json:"entries"`        // entries in the period
	Totals     Totals      `json:"totals"`
	Days       []Day       `json:"days"` // per UTC day, in order; days without entries are left out
	Calls      []Calls     `json:"calls"`
	Shares     []Share     `json:"shares"`
	Rejections []Rejection `json:"rejections"`
	// Matching counts the gallery calls (issue 13), by partner and
	// gallery.
	Matching []GalleryUse `json:"matching"`
	Withheld []Withheld   `json:"withheld"` // what disclosure policies removed
	Purges   []Purge      `json:"purges"`   // what retention purged
	// Truncated names the tables whose rows reached MaxRows (the rest
	// are folded into rows marked Other), and "transactions" when the
	// distinct transactions of Shares passed MaxDistinct (their counts
	// are then lower bounds).
	Truncated []string `json:"truncated,omitempty"`
}

// GalleryUse counts what one partner did with one matching gallery: the
// successful entries of the actions enrol, unenrol, search, disclose,
// verify-subject, and expire-enrolment (counted for the partner whose
// enrolment expired). The gallery is read from the entry's reason, which
// the exchange writes as "gallery <name>, ..." (disclose: "candidate
// <subject> of gallery <name>").
type GalleryUse struct {
	Partner       string `json:"partner"`
	Gallery       string `json:"gallery"`
	Enrolments    int    `json:"enrolments"`
	Unenrolments  int    `json:"unenrolments"`
	Searches      int    `json:"searches"`
	Hits          int    `json:"hits"`      // searches with at least one candidate
	Disclosed     int    `json:"disclosed"` // candidates disclosed
	Verifications int    `json:"verifications"`
	Expired       int    `json:"expired"` // enrolments removed under retention
}

// galleryOf returns the gallery an entry's reason names, "" if none.
func galleryOf(reason string) string {
	i := strings.Index(reason, "gallery ")
	if i < 0 {
		return ""
	}
	g := reason[i+len("gallery "):]
	if j := strings.IndexAny(g, ",: "); j >= 0 {
		g = g[:j]
	}
	return g
}

// candidatesOf returns the number of candidates of a search entry's
// reason ("..., 3 candidates"), 0 if it says none.
func candidatesOf(reason string) int {
	i := strings.LastIndex(reason, " candidates")
	if i < 0 {
		return 0
	}
	j := strings.LastIndexAny(reason[:i], ", ")
	n, _ := strconv.Atoi(reason[j+1 : i])
	return n
}

// countMatching adds e to the gallery counts.
func (z *summariser) countMatching(e Entry) {
	uses := z.uses
	if e.Outcome != OK {
		return
	}
	partner := e.Actor
	var field *int
	use := func() *GalleryUse {
		g := galleryOf(e.Reason)
		if g == "" {
			return nil
		}
		k := [2]string{partner, g}
		if uses[k] == nil && len(uses) >= MaxRows {
			z.truncate("matching")
			k[1] = Other
		}
		if uses[k] == nil {
			uses[k] = &GalleryUse{Partner: partner, Gallery: k[1]}
		}
		return uses[k]
	}
	switch e.Action {
	case "enrol", "unenrol", "search", "disclose", "verify-subject":
	case "expire-enrolment":
		partner = e.To
	default:
		return
	}
	u := use()
	if u == nil {
		return
	}
	switch e.Action {
	case "enrol":
		field = &u.Enrolments
	case "unenrol":
		field = &u.Unenrolments
	case "search":
		field = &u.Searches
		if candidatesOf(e.Reason) > 0 {
			u.Hits++
		}
	case "disclose":
		field = &u.Disclosed
	case "verify-subject":
		field = &u.Verifications
	case "expire-enrolment":
		field = &u.Expired
	}
	*field++
}

// Calls counts an actor's calls of one action with one outcome.
type Calls struct {
	Actor   string `json:"actor"`
	Action  string `json:"action"`
	Outcome string `json:"outcome"`
	N       int    `json:"n"`
}

// Share counts what one partner shared with another: the successful
// entries with a recipient (To), by transaction type.
type Share struct {
	From         string `json:"from"`
	To           string `json:"to"`
	Action       string `json:"action"`
	Type         string `json:"type"` // 1.004 TOT
	N            int    `json:"n"`
	Transactions int    `json:"transactions"` // distinct transactions
}

// Rejection counts the calls refused or failed for one reason.
type Rejection struct {
	Actor   string `json:"actor"`
	Action  string `json:"action"`
	Outcome string `json:"outcome"`
	Reason  string `json:"reason"`
	N       int    `json:"n"`
}

// Report verifies the log at path and summarises the entries whose time
// is in [since, until) (a zero bound is no bound). A log that does not
// verify gives Verify's error and no summary: a review of a tampered
// trail would mislead.
func Report(path string, since, until time.Time) (*Summary, error) {
	if _, err := Verify(path); err != nil {
		return nil, err
	}
	return Summarise(context.Background(), fileSource(path), since, until)
}

// WriteText prints the summary as tables.
func (s *Summary) WriteText(w io.Writer) error {
	period := func(t time.Time, none string) string {
		if t.IsZero() {
			return none
		}
		return t.UTC().Format(time.RFC3339)
	}
	tw := tabwriter.NewWriter(w, 2, 8, 2, ' ', 0)
	fmt.Fprintf(tw, "audit report %s to %s: %d entries\n", period(s.Since, "the start"), period(s.Until, "now"), s.Entries)
	fmt.Fprintf(tw, "\nshared\nFROM\tTO\tACTION\tTOT\tCALLS\tTRANSACTIONS\n")
	for _, x := range s.Shares {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\n", x.From, x.To, x.Action, x.Type, x.N, x.Transactions)
	}
	fmt.Fprintf(tw, "\nmatching galleries\nPARTNER\tGALLERY\tENROLMENTS\tUNENROLMENTS\tSEARCHES\tHITS\tDISCLOSED\tVERIFICATIONS\tEXPIRED\n")
	for _, x := range s.Matching {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\n", x.Partner, x.Gallery, x.Enrolments, x.Unenrolments, x.Searches, x.Hits, x.Disclosed, x.Verifications, x.Expired)
	}
	t := s.Totals
	fmt.Fprintf(tw, "\ntotals\nSHARES\tSEARCHES\tHITS\tREJECTIONS\tFAILURES\tPURGES\tWITHHELD\n%d\t%d\t%d\t%d\t%d\t%d\t%d\n", t.Shares, t.Searches, t.Hits, t.Rejections, t.Failures, t.Purges, t.Withheld)
	fmt.Fprintf(tw, "\nwithheld by disclosure policies\nPARTNER\tACTION\tITEM\tN\n")
	for _, x := range s.Withheld {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", x.Partner, x.Action, x.Item, x.N)
	}
	fmt.Fprintf(tw, "\npurged under retention\nPARTNER\tKIND\tTOT\tGALLERY\tN\n")
	for _, x := range s.Purges {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", x.Partner, x.Kind, x.Type, x.Gallery, x.N)
	}
	fmt.Fprintf(tw, "\ncalls\nACTOR\tACTION\tOUTCOME\tCALLS\n")
	for _, x := range s.Calls {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", x.Actor, x.Action, x.Outcome, x.N)
	}
	fmt.Fprintf(tw, "\nrejected or failed\nACTOR\tACTION\tOUTCOME\tCALLS\tREASON\n")
	for _, x := range s.Rejections {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", x.Actor, x.Action, x.Outcome, x.N, x.Reason)
	}
	return tw.Flush()
}
