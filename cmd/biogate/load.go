package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"

	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/nist"
	nistxml "github.com/biogate/biogate/xml"
)

// loaded is a transaction read from an input, with the problems a lenient
// decode found.
type loaded struct {
	format   string
	size     int
	t        *nist.Transaction
	problems nist.Problems
	dialect  nistxml.Dialect   // XML input: the dialect detected
	findings []nistxml.Finding // XML input: what the traditional form cannot carry as it was
}

// loadTransaction sniffs b and decodes it as a transaction. With strict set,
// any problem is an error.
func loadTransaction(b []byte, strict bool) (*loaded, error) {
	format := sniff.Format(b)
	l := &loaded{format: format, size: len(b)}
	switch format {
	case sniff.AN2:
		t, err := nist.DecodeBytes(b, &nist.DecodeOptions{Lenient: !strict})
		if t == nil {
			return nil, err
		}
		if err != nil && !errors.As(err, &l.problems) {
			return nil, err
		}
		l.t = t
	case sniff.XML:
		doc, err := nistxml.Unmarshal(b, nil)
		if err != nil {
			return nil, err
		}
		l.t, l.dialect, l.findings = doc.Transaction, doc.Dialect, doc.Findings
		l.t, _ = nist.Reread(l.t)
		if strict && len(l.findings) > 0 {
			return nil, fmt.Errorf("%s (and %d more findings)", findingText(l.findings[0]), len(l.findings)-1)
		}
	case sniff.JSON:
		t, err := nist.DecodeJSON(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		l.t, _ = nist.Reread(t)
	case sniff.Unknown:
		return nil, errors.New("the input is not in a format Biogate recognises (no ANSI/NIST-ITL Type-1 record, JSON form, XML, ISO/IEC 19794 record or image)")
	default:
		return nil, fmt.Errorf("the input is %s, which this command does not read yet", format)
	}
	return l, nil
}

// openArgs parses a command's flags, reads its one input FILE and decodes
// it. On failure it prints one line and returns the exit code (non-zero).
func (c *cli) openArgs(fs *flag.FlagSet, args []string, usage string, strict *bool, check func() error) (*loaded, string, int) {
	pos, err := parseArgs(fs, args)
	if err == nil {
		_, err = oneFile(pos)
	}
	if err == nil && check != nil {
		err = check()
	}
	if err != nil {
		c.failf("%s: %v (usage: biogate %s)", fs.Name(), err, usage)
		return nil, "", exitUnusable
	}
	b, err := c.readInput(pos[0])
	if err != nil {
		c.failf("%s: %v", fs.Name(), err)
		return nil, "", exitUnusable
	}
	l, err := loadTransaction(b, *strict)
	if err != nil {
		c.failf("%s: %s: %v", fs.Name(), pos[0], err)
		return nil, "", exitUnusable
	}
	return l, pos[0], exitOK
}

// findingText says where an XML conversion finding is and what it is.
func findingText(f nistxml.Finding) string {
	var loc string
	switch {
	case f.Record >= 0 && f.Field > 0:
		loc = fmt.Sprintf("record %d (Type-%d), field %s: ", f.Record+1, f.Type, nist.FieldTag(f.Type, f.Field))
	case f.Record >= 0:
		loc = fmt.Sprintf("record %d (Type-%d): ", f.Record+1, f.Type)
	}
	return loc + f.Msg
}
