package exchange

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/internal/budget"
	"github.com/biogate/biogate/internal/sniff"
)

// DefaultTables is where NewValidator's named profiles are read by
// default: the shared corpus beside the checkout, which holds INTERPOL's
// machine-readable tables (interpol-inti/MRT) and OpenEBTS's verification
// file (openebts).
const DefaultTables = "../shared/corpus"

// DefaultValidator is the Validator a Service uses unless told otherwise:
// NewValidator(DefaultTables).
var DefaultValidator = NewValidator(DefaultTables)

// NewValidator returns the conformance validator: the conformance
// package's base catalogue of the transaction's version
// (conformance.CheckBytes for the traditional encoding, conformance.Check
// on the decoded transaction for XML and JSON), Level 3 only when asked,
// plus the profile named: "base" (none), "inti" and "ebts" read from the
// tables folder, or the path of a partner's JSON profile. Profiles are
// loaded once and kept. What an XML document carries that the transaction
// model cannot is added as warnings. A profile that cannot be loaded is
// ErrUnknownProfile.
func NewValidator(tables string) Validator {
	v := &profileValidator{tables: tables, loaded: map[string]*conformance.Catalogue{}}
	return ValidatorFunc(v.validate)
}

type profileValidator struct {
	tables string
	mu     sync.Mutex
	loaded map[string]*conformance.Catalogue
}

func (v *profileValidator) profile(name string) ([]*conformance.Catalogue, error) {
	if name == "" || name == "base" {
		return nil, nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	c, ok := v.loaded[name]
	if !ok {
		var err error
		if c, err = conformance.LoadProfile(name, v.tables); err != nil {
			return nil, fmt.Errorf("%w %q: %v", ErrUnknownProfile, name, err)
		}
		v.loaded[name] = c
	}
	return []*conformance.Catalogue{c}, nil
}

func (v *profileValidator) validate(ctx context.Context, b []byte, profile string, level conformance.Level) (*conformance.Report, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	profiles, err := v.profile(profile)
	if err != nil {
		return nil, err
	}
	if level == 0 {
		level = DefaultLevel
	}
	opts := &conformance.Options{SkipContent: level < conformance.Level3, Profiles: profiles}
	if sniff.Format(b) == sniff.AN2 {
		if err := budget.Charge(ctx, an2Memory(b)); err != nil {
			return nil, err
		}
		return upTo(conformance.CheckBytes(b, opts), level), nil
	}
	l, err := loadTransaction(ctx, b)
	if interrupted(err) {
		return nil, err
	}
	if err != nil {
		rep := &conformance.Report{Catalogues: []string{}, Findings: []conformance.Finding{}}
		if e, ok := err.(*Error); ok && len(e.Findings) > 0 {
			rep.Findings = e.Findings
		} else {
			rep.Findings = append(rep.Findings, conformance.Finding{
				Assertion: "BIOGATE.format", Level: conformance.Level1, Severity: conformance.Error,
				Location: conformance.Location{Offset: -1}, Message: err.Error(),
			})
		}
		return rep, nil
	}
	opts.XML = sniff.Format(b) == sniff.XML
	t, problems, structure := rereadChecked(l)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep := conformance.Check(t, problems, opts)
	rep.Findings = append(rep.Findings, structure...)
	for _, n := range l.notes {
		loc := conformance.Location{Offset: -1}
		if n.Record >= 0 {
			loc.Record, loc.RecordType = n.Record+1, n.Type
		}
		rep.Findings = append(rep.Findings, conformance.Finding{
			Assertion: "XML.decode", Level: conformance.Level1, Severity: conformance.Warning,
			Location: loc, Message: n.Msg,
		})
	}
	return upTo(rep, level), nil
}

// upTo keeps the findings of level or below: a check asked to stop at
// level 2 reports no level-3 finding a rule of both levels produced.
func upTo(rep *conformance.Report, level conformance.Level) *conformance.Report {
	rep.Findings = slices.DeleteFunc(rep.Findings, func(f conformance.Finding) bool { return f.Level > level })
	return rep
}
