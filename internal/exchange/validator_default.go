package exchange

import (
	"context"
	"fmt"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/internal/sniff"
)

// DefaultValidator is the Validator a Service uses unless told otherwise:
// the conformance package's base catalogue of the transaction's version
// (conformance.CheckBytes for the traditional encoding, conformance.Check
// on the decoded transaction for XML and JSON), Level 3 only when asked.
// What an XML document carries that the transaction model cannot is
// added as warnings. Named profiles (INT-I, EBTS, a partner's own) are not
// available until the conformance package offers them by name; asking
// for one is ErrUnknownProfile.
var DefaultValidator Validator = ValidatorFunc(conformanceValidate)

func conformanceValidate(ctx context.Context, b []byte, profile string, level conformance.Level) (*conformance.Report, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if profile != "" && profile != "base" {
		return nil, fmt.Errorf("%w %q: this build knows the profile \"base\" only", ErrUnknownProfile, profile)
	}
	if level == 0 {
		level = DefaultLevel
	}
	opts := &conformance.Options{SkipContent: level < conformance.Level3}
	if sniff.Format(b) == sniff.AN2 {
		return conformance.CheckBytes(b, opts), nil
	}
	l, err := loadTransaction(b)
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
	rep := conformance.Check(withLengths(l.t), nil, opts)
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
	return rep, nil
}
