package main

import (
	"bytes"
	"fmt"

	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
	nistxml "github.com/biogate/biogate/xml"
)

// headerFlags fill the Type-1 fields an ISO record cannot supply when it
// becomes a transaction.
type headerFlags struct {
	tot, dai, ori, tcn string
	src, captureDate   string
	type4              bool
}

// reportConversion prints what the target could not hold, one line each.
func (c *cli) reportConversion(name string, r *convert.Report) {
	if r == nil {
		return
	}
	for _, f := range r.Findings {
		fmt.Fprintf(c.stderr, "biogate: convert: %s: warning: %v\n", name, f)
	}
}

// isoToISO converts an ISO/INCITS record to another edition through
// convert.Edition (minutiae: units, angles, what the target cannot hold;
// other kinds: the common model re-encoded; the same edition: the input
// bytes).
func (c *cli) isoToISO(name string, l *loadedISO, to iso.Format, out string) int {
	if l.rec.Kind() != to.Kind() {
		c.failf("convert: %s: a %s record cannot become %s (a %s record)", name, l.rec.Kind(), to, to.Kind())
		return exitFailed
	}
	b, rep, err := convert.Edition(l.raw, l.rec, l.format, to)
	c.reportConversion(name, rep)
	if err != nil {
		c.failf("convert: %s: %v", name, err)
		return exitFailed
	}
	return c.writeOutput(out, b)
}

// transactionToISO converts record N (or the first that fits) of a
// transaction to an ISO/INCITS record.
func (c *cli) transactionToISO(name string, l *loaded, record int, to iso.Format, out string) int {
	rec, rep, err := convert.RecordToISO(l.t, record, to)
	c.reportConversion(name, rep)
	if err != nil {
		c.failf("convert: %s: %v", name, err)
		return exitFailed
	}
	b, err := iso.Marshal(rec, to)
	if err != nil {
		c.failf("convert: %s: %v", name, err)
		return exitFailed
	}
	return c.writeOutput(out, b)
}

// isoToTransaction wraps an ISO/INCITS record in an ANSI/NIST-ITL
// transaction and writes it as an2, json or xml.
func (c *cli) isoToTransaction(name string, l *loadedISO, to, dialect, out string, h headerFlags) int {
	t, rep, err := convert.ISOToTransaction(l.rec, &convert.TransactionOptions{
		TypeOfTransaction: h.tot, Destination: h.dai, Originating: h.ori, ControlNumber: h.tcn, Type4: h.type4,
		Image: &convert.ImageOptions{Source: h.src, Date: h.captureDate},
	})
	c.reportConversion(name, rep)
	if err != nil {
		c.failf("convert: %s: %v", name, err)
		return exitFailed
	}
	var buf bytes.Buffer
	switch to {
	case "an2":
		err = nist.Encode(&buf, t)
	case "json":
		err = nist.EncodeJSON(&buf, t)
	case "xml":
		var findings []nistxml.Finding
		findings, err = nistxml.Encode(&buf, t, &nistxml.EncodeOptions{Dialect: nistxml.Dialect(dialect)})
		for _, f := range findings {
			fmt.Fprintf(c.stderr, "biogate: convert: %s: warning: to XML %s: %s\n", name, dialect, findingText(f))
		}
	}
	if err != nil {
		c.failf("convert: %s: %v", name, err)
		return exitFailed
	}
	return c.writeOutput(out, buf.Bytes())
}

func (c *cli) writeOutput(out string, b []byte) int {
	if err := c.output(out, b); err != nil {
		c.failf("convert: %v", err)
		return exitUnusable
	}
	return exitOK
}
