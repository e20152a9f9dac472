package conformance

import (
	"errors"

	"github.com/biogate/biogate/nist"
)

// decodeAssertions names the finding a lenient-decoding problem becomes,
// by the sentinel it wraps: id suffix, level and the clause it breaks.
var decodeAssertions = []struct {
	err    error
	id     string
	level  Level
	source string
}{
	{nist.ErrLength, "LEN", Level2, "ANSI/NIST-ITL 1-2011 §7.2.1 (xx.001 LEN counts every byte of the record)"},
	{nist.ErrCount, "CNT", Level2, "ANSI/NIST-ITL 1-2011 Table 9, field 1.003 CNT"},
	{nist.ErrIDC, "IDC", Level2, "ANSI/NIST-ITL 1-2011 §7.2.2 (xx.002 IDC matches its 1.003 CNT entry)"},
	{nist.ErrVersion, "VER", Level1, "ANSI/NIST-ITL 1-2011 Table 9, field 1.002 VER"},
	{nist.ErrEncoding, "encoding", Level1, "ANSI/NIST-ITL 1-2011 §5.5 and Table 4 (1.015 DCS)"},
	{nist.ErrTrailingData, "trailing", Level1, "ANSI/NIST-ITL 1-2011 §7.1 (a transaction ends with its last record)"},
	{nist.ErrTag, "tag", Level1, "ANSI/NIST-ITL 1-2011 §7.2 (field tag T.FFF:)"},
	{nist.ErrSeparator, "separator", Level1, "ANSI/NIST-ITL 1-2011 §7.1, Table 2 (separators)"},
	{nist.ErrBinaryHeader, "binary", Level1, "ANSI/NIST-ITL 1-2011 §8 (binary record layouts)"},
	{nist.ErrTruncated, "truncated", Level1, "ANSI/NIST-ITL 1-2011 §7.2.1 (xx.001 LEN)"},
	{nist.ErrValue, "value", Level1, "ANSI/NIST-ITL 1-2011 §7.1"},
}

// decodeFinding turns one problem of a lenient decode (or the error of a
// decode that failed) into a finding.
func decodeFinding(p *nist.FormatError) Finding {
	f := Finding{Assertion: "AN.decode.syntax", Level: Level1, Severity: Error, Message: p.Msg,
		Source: "ANSI/NIST-ITL 1-2011 §7 (traditional encoding)",
		Location: Location{Record: p.Record, RecordType: p.RecordType, Field: p.FieldTag(),
			Subfield: p.Subfield, Item: p.Item, Offset: p.Offset}}
	for _, a := range decodeAssertions {
		if errors.Is(p, a.err) {
			f.Assertion, f.Level, f.Source = "AN.decode."+a.id, a.level, a.source
			break
		}
	}
	return f
}

// decodeProblems is the rule that reports the problems of lenient decoding.
var decodeProblems = RuleFunc(func(in *Input) []Finding {
	var out []Finding
	for _, p := range in.Problems {
		out = append(out, decodeFinding(p))
	}
	return out
})
