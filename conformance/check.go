package conformance

import (
	"errors"
	"fmt"
	"sync"

	"github.com/biogate/biogate/nist"
)

// Options tunes [Check]. The zero value (or nil) checks Levels 1-3 against
// the base catalogue of the version that 1.002 VER names.
type Options struct {
	// Version forces the catalogue's version instead of 1.002 VER.
	Version nist.Version
	// Profiles are applied after the base catalogue (INT-I, EBTS, a
	// partner's own); they add findings and never hide the base ones.
	Profiles []*Catalogue
	// SkipContent leaves out Level 3 (decoding every image), the costly
	// part of a check.
	SkipContent bool
	// XML says the transaction was decoded from the NIEM XML encoding:
	// profile rules that the tables mark as of the traditional encoding
	// only (INT-I's "[01.001:T]" LEN, ...) do not apply to it.
	XML bool
}

// consistencyRules are the Level 2 rules, common to every version.
var consistencyRules = []Rule{
	RuleFunc(idcUnique), RuleFunc(dcsName), RuleFunc(resolutionConsistency),
	RuleFunc(references), RuleFunc(minutiaeIDC), RuleFunc(imageHash),
	RuleFunc(frictionRidge), RuleFunc(minutiaeCounts), RuleFunc(type10Dependencies),
	RuleFunc(imageData),
}

// contentRules are the Level 3 rules.
var contentRules = []Rule{RuleFunc(imageContent), RuleFunc(minutiaeInside)}

// catalogueFile returns the table that holds version v's rules and the
// version to read it at (older editions fall back to the nearest one).
func catalogueFile(v nist.Version) (string, nist.Version) {
	switch {
	case v <= nist.V0300:
		return "an2000", nist.V0300
	case v < nist.V0500:
		return "an2007", nist.V0400
	case v > nist.V0502:
		return "an2011", nist.V0502
	}
	return "an2011", v
}

// baseCache holds the catalogues built so far, by version and content flag.
var baseCache sync.Map // baseKey -> *Catalogue

type baseKey struct {
	v       nist.Version
	content bool
}

// BaseCatalogue returns the catalogue of the base standard at version v:
// the Level 1 field rules of its table, the Level 2 consistency rules and,
// unless content is false, the Level 3 content rules.
func BaseCatalogue(v nist.Version, content bool) (*Catalogue, error) {
	name, at := catalogueFile(v)
	if c, ok := baseCache.Load(baseKey{at, content}); ok {
		return c.(*Catalogue), nil
	}
	tables, err := loadBase()
	if err != nil {
		return nil, err
	}
	c := &Catalogue{Name: fmt.Sprintf("ANSI/NIST-ITL VER %s (%s)", at, at.Standard())}
	c.Rules = append(c.Rules, decodeProblems, newFieldRules(tables[name], at, true))
	c.Rules = append(c.Rules, consistencyRules...)
	if content {
		c.Rules = append(c.Rules, contentRules...)
	}
	actual, _ := baseCache.LoadOrStore(baseKey{at, content}, c)
	return actual.(*Catalogue), nil
}

// Check validates t, whose lenient decoding reported problems, against
// the base catalogue of its version (1.002 VER, or opts.Version) and the
// profiles of opts.
func Check(t *nist.Transaction, problems nist.Problems, opts *Options) *Report {
	if opts == nil {
		opts = &Options{}
	}
	in := &Input{Transaction: t, Problems: problems, XML: opts.XML}
	v := opts.Version
	var pre []Finding
	if v == 0 {
		var ok bool
		if len(t.Records) > 0 && t.Records[0].Type == 1 {
			v, ok = t.Header().Version()
		}
		if !ok || !v.Known() {
			pre = append(pre, Finding{Assertion: "AN.1.002.catalogue", Level: Level1, Severity: Warning,
				Location: Location{Record: 1, RecordType: 1, Field: "1.002", Offset: -1},
				Message:  "1.002 VER names no known version; checked against ANSI/NIST-ITL 1-2011 Update 2015 (0502)",
				Source:   "ANSI/NIST-ITL 1-2011 Table 9, field 1.002 VER"})
			if !ok {
				v = nist.V0502
			}
		}
	}
	in.Version = v
	base, err := BaseCatalogue(v, !opts.SkipContent)
	if err != nil {
		rep := &Report{Findings: []Finding{{Assertion: "AN.catalogue", Level: Level1, Severity: Error, Location: Location{Offset: -1},
			Message: "the catalogue cannot be loaded: " + err.Error()}}}
		return rep
	}
	if len(t.Records) == 0 || t.Records[0].Type != 1 {
		return Run(in, &Catalogue{Name: base.Name, Rules: []Rule{decodeProblems}})
	}
	rep := Run(in, append([]*Catalogue{base}, opts.Profiles...)...)
	if len(pre) > 0 {
		rep.Findings = append(pre, rep.Findings...)
	}
	return rep
}

// CheckBytes decodes b leniently and checks the result. Input that cannot
// be decoded at all gives a report with the decoding error as its finding.
func CheckBytes(b []byte, opts *Options) *Report {
	t, err := nist.DecodeBytes(b, &nist.DecodeOptions{Lenient: true})
	var problems nist.Problems
	if err != nil && !errors.As(err, &problems) {
		var fe *nist.FormatError
		if !errors.As(err, &fe) {
			fe = &nist.FormatError{Offset: -1, Msg: err.Error()}
		}
		return &Report{Catalogues: []string{"ANSI/NIST-ITL traditional encoding"}, Findings: []Finding{decodeFinding(fe)}}
	}
	if t == nil {
		return &Report{Findings: []Finding{}}
	}
	return Check(t, problems, opts)
}
