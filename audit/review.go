package audit

import (
	"strings"
)

// Totals counts the entries of a period (or of one day of it) that a
// review of an exchange agreement asks about.
type Totals struct {
	Calls      int `json:"calls"`      // every entry
	Shares     int `json:"shares"`     // successful entries disclosing something to a partner (isShare)
	Searches   int `json:"searches"`   // successful gallery searches (action search), REST or search transactions
	Hits       int `json:"hits"`       // of which with at least one candidate
	Rejections int `json:"rejections"` // entries refused (outcome rejected)
	Failures   int `json:"failures"`   // entries that could not be done (outcome failed)
	Purges     int `json:"purges"`     // transactions and enrolments deleted under retention (expire, expire-enrolment)
	Withheld   int `json:"withheld"`   // entries whose disclosure policy withheld part of what was read or delivered
}

func (t *Totals) add(u Totals) {
	t.Calls += u.Calls
	t.Shares += u.Shares
	t.Searches += u.Searches
	t.Hits += u.Hits
	t.Rejections += u.Rejections
	t.Failures += u.Failures
	t.Purges += u.Purges
	t.Withheld += u.Withheld
}

// Day is the Totals of one UTC day, Date being 2006-01-02.
type Day struct {
	Date string `json:"date"`
	Totals
}

// count adds e to d.
func (d *Day) count(e Entry) {
	d.Calls++
	switch e.Outcome {
	case Rejected:
		d.Rejections++
	case Failed:
		d.Failures++
	case OK:
		if isShare(e) {
			d.Shares++
		}
		if e.Action == "search" {
			d.Searches++
			if candidatesOf(e.Reason) > 0 {
				d.Hits++
			}
		}
		if isPurge(e) {
			d.Purges++
		}
		if len(withheldOf(e.Reason)) > 0 {
			d.Withheld++
		}
	}
}

// notShares are actions whose recipient (To) is told about its own data,
// not given another's: the retention of its enrolment, the end of its
// batch.
var notShares = map[string]bool{"expire-enrolment": true, "batch-done": true}

// isShare reports whether a successful entry disclosed something to a
// partner: a delivery, a search reply, a candidate disclosed.
func isShare(e Entry) bool { return e.Outcome == OK && e.To != "" && !notShares[e.Action] }

// isPurge reports whether e deleted something under retention.
func isPurge(e Entry) bool {
	return e.Outcome == OK && (e.Action == "expire" || e.Action == "expire-enrolment")
}

// WithheldPrefix begins the reason of an entry whose reader's (or
// recipient's) disclosure policy removed parts of what it got; the
// removals (policy.Removal strings) follow, separated by "; ".
const WithheldPrefix = "withheld by the disclosure policy: "

// Withheld counts one kind of item a partner's disclosure policy removed
// from what it read or was delivered.
type Withheld struct {
	Partner string `json:"partner"` // whose policy: the reader, or the recipient of a delivery
	Action  string `json:"action"`
	Item    string `json:"item"` // "field 2.018", "Type-10 record", "bytes in no record"
	N       int    `json:"n"`
}

// withheldOf returns the items of a reason starting with WithheldPrefix,
// each named by what it was (field tag, record type), not where.
func withheldOf(reason string) []string {
	rest, ok := strings.CutPrefix(reason, WithheldPrefix)
	if !ok || rest == "" {
		return nil
	}
	var items []string
	for _, r := range strings.Split(rest, "; ") {
		items = append(items, removalItem(r))
	}
	return items
}

// removalItem names one removal of policy.Removal.String:
//
//	record 3 (Type-2, IDC 0): field 2.018 removed  -> field 2.018
//	record 5 (Type-10, IDC 1) removed             -> Type-10 record
//	12 bytes after the last record (...) removed -> bytes in no record
//
// anything else (a reason cut by MaxReason) is Other.
func removalItem(r string) string {
	if !strings.HasSuffix(r, " removed") {
		return Other
	}
	if _, f, ok := strings.Cut(r, "): field "); ok {
		return "field " + strings.TrimSuffix(f, " removed")
	}
	if strings.Contains(r, " bytes after the last record") {
		return "bytes in no record"
	}
	if _, t, ok := strings.Cut(r, " (Type-"); ok {
		if typ, _, ok := strings.Cut(t, ","); ok {
			return "Type-" + typ + " record"
		}
	}
	return Other
}

// countWithheld adds e's removals to the Withheld table.
func (z *summariser) countWithheld(e Entry) {
	if e.Outcome != OK {
		return
	}
	partner := e.Actor
	if e.To != "" {
		partner = e.To
	}
	for _, item := range withheldOf(e.Reason) {
		k := capped(z, "withheld", z.withheld, Withheld{Partner: partner, Action: e.Action, Item: item},
			func(k Withheld) Withheld { k.Item = Other; return k })
		z.withheld[k]++
	}
}

// Purge counts what retention deleted: transactions (action expire, the
// partner whose retention applied read from the reason "past the N-day
// retention of partner P") or enrolments (expire-enrolment, the partner
// who enrolled).
type Purge struct {
	Partner string `json:"partner"`
	Kind    string `json:"kind"`              // transaction or enrolment
	Type    string `json:"type,omitempty"`    // a transaction's 1.004 TOT
	Gallery string `json:"gallery,omitempty"` // an enrolment's gallery
	N       int    `json:"n"`
}

// countPurge adds e to the Purges table.
func (z *summariser) countPurge(e Entry) {
	if !isPurge(e) {
		return
	}
	k := Purge{Partner: e.To, Kind: "enrolment", Gallery: galleryOf(e.Reason)}
	if e.Action == "expire" {
		k = Purge{Kind: "transaction", Type: e.Type}
		if i := strings.LastIndex(e.Reason, " of partner "); i >= 0 {
			k.Partner = e.Reason[i+len(" of partner "):]
		}
	}
	k = capped(z, "purges", z.purges, k, func(k Purge) Purge { k.Type, k.Gallery = Other, Other; return k })
	z.purges[k]++
}
