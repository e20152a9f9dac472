package conformance

import (
	"sort"
	"strings"

	"github.com/biogate/biogate/nist"
)

// Input is what rules check: a decoded transaction, the problems its
// lenient decoding reported (they become findings: parsing stays separate
// from validation), and the raw bytes when known.
type Input struct {
	Transaction *nist.Transaction
	Problems    nist.Problems
	Raw         []byte
	Version     nist.Version // from 1.002, or the catalogue's when unreadable
	XML         bool         // decoded from the NIEM XML encoding (see [Options.XML])
}

// Rule checks one assertion (or a family of them) on a transaction.
type Rule interface {
	Check(in *Input) []Finding
}

// RuleFunc adapts a function to a Rule.
type RuleFunc func(in *Input) []Finding

// Check calls f.
func (f RuleFunc) Check(in *Input) []Finding { return f(in) }

// Catalogue is a named set of rules: the assertions of one standard
// version, or the additions of an application profile.
type Catalogue struct {
	Name  string // "ANSI/NIST-ITL 1-2011 Update 2015", "INT-I v6", ...
	Rules []Rule
	// Raise lists the assertions (ids, or prefixes ending in "*") whose
	// warnings this catalogue treats as errors, from whichever catalogue
	// they come: a profile may make the base stricter, never laxer.
	Raise []string
	// XMLItems names the fields (such as "1.017") to which the catalogue,
	// a profile of an XML dialect, adds information items that exist only
	// in that dialect's XML encoding (INT-I MRT rows with TradXML "X",
	// e.g. [01.017-C] DAC and [01.017-D] OAC), with the rows' source. In a
	// transaction decoded from XML the base standard's count of those
	// fields' items ("<version>.<field>.items") does not apply; the items
	// the dialect adds are checked by its XML schema (int-i.xsd), and the
	// base's own items are checked as always: this extends a field, it
	// relaxes no rule of the base.
	XMLItems map[string]string
}

// Report is the result of a check.
type Report struct {
	Catalogues []string  `json:"catalogues"` // the names of the catalogues applied, base first
	Findings   []Finding `json:"findings"`
}

// Conformant reports whether no finding is an error.
func (r *Report) Conformant() bool {
	for _, f := range r.Findings {
		if f.Severity == Error {
			return false
		}
	}
	return true
}

// Count returns the number of errors and warnings.
func (r *Report) Count() (errors, warnings int) {
	for _, f := range r.Findings {
		if f.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return errors, warnings
}

// Run applies the catalogues to in, in order, and returns every finding
// sorted by location (record, byte offset) and then assertion id.
func Run(in *Input, catalogues ...*Catalogue) *Report {
	rep := &Report{Findings: []Finding{}}
	for _, c := range catalogues {
		rep.Catalogues = append(rep.Catalogues, c.Name)
		for _, r := range c.Rules {
			rep.Findings = append(rep.Findings, r.Check(in)...)
		}
	}
	if in.XML {
		rep.Findings = withoutExtendedItems(rep.Findings, catalogues)
	}
	for _, c := range catalogues {
		if len(c.Raise) == 0 {
			continue
		}
		for i := range rep.Findings {
			if f := &rep.Findings[i]; f.Severity == Warning && raised(c.Raise, f.Assertion) {
				f.Severity = Error
				f.Message += " (an error under " + c.Name + ")"
			}
		}
	}
	sort.SliceStable(rep.Findings, func(i, j int) bool {
		a, b := rep.Findings[i], rep.Findings[j]
		if a.Location.Record != b.Location.Record {
			return a.Location.Record < b.Location.Record
		}
		if a.Location.Offset != b.Location.Offset {
			return a.Location.Offset < b.Location.Offset
		}
		return a.Assertion < b.Assertion
	})
	return rep
}

// withoutExtendedItems drops the base standard's item counts of fields a
// profile of the input's XML dialect extends (Catalogue.XMLItems).
func withoutExtendedItems(fs []Finding, catalogues []*Catalogue) []Finding {
	extended := map[string]bool{}
	for _, c := range catalogues {
		for f := range c.XMLItems {
			extended[f] = true
		}
	}
	if len(extended) == 0 {
		return fs
	}
	out := fs[:0]
	for _, f := range fs {
		if extended[f.Location.Field] && strings.HasPrefix(f.Assertion, "AN") && strings.HasSuffix(f.Assertion, "."+f.Location.Field+".items") {
			continue
		}
		out = append(out, f)
	}
	return out
}
