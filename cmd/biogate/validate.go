package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
)

const validateUsage = "validate [--profile base|ebts|inti|FILE] [--tables DIR] [--json] [--as ISO-FORMAT] [--level N] FILE..."

// defaultTables is where the profile tables are looked for by default: the
// shared corpus beside the checkout holds INTERPOL's MRT tables
// (interpol-inti/MRT) and OpenEBTS's verification file (openebts).
const defaultTables = "../shared/corpus"

// validation is the result of validating one input.
type validation struct {
	File       string                `json:"file"`
	Format     string                `json:"format"`
	Conformant bool                  `json:"conformant"`
	Errors     int                   `json:"errors"`
	Warnings   int                   `json:"warnings"`
	Catalogues []string              `json:"catalogues"`
	Findings   []conformance.Finding `json:"findings"`
}

func runValidate(c *cli, args []string) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	profile := fs.String("profile", "base", "application profile: base (the standard alone), ebts, inti, or a profile FILE")
	asJSON := fs.Bool("json", false, "print the reports as JSON")
	as := fs.String("as", "", "read the input as this ISO/INCITS edition (card formats, INCITS 385)")
	level := fs.Int("level", 3, "highest conformance level to check (1 syntax, 2 consistency, 3 content)")
	tables := fs.String("tables", defaultTables, "folder holding the inti and ebts profile tables (interpol-inti/MRT, openebts)")
	files, err := parseArgs(fs, args)
	if err == nil && len(files) == 0 {
		err = fmt.Errorf("expected at least one input FILE")
	}
	if err == nil && (*level < 1 || *level > 3) {
		err = fmt.Errorf("--level must be 1, 2 or 3")
	}
	if err != nil {
		c.failf("validate: %v (usage: biogate %s)", err, validateUsage)
		return exitUnusable
	}
	profiles, err := loadProfiles(*profile, *tables)
	if err != nil {
		c.failf("validate: --profile %s: %v", *profile, err)
		return exitUnusable
	}
	code := exitOK
	var results []validation
	for _, name := range files {
		v, err := c.validateOne(name, iso.Format(*as), conformance.Level(*level), profiles)
		if err != nil {
			c.failf("validate: %s: %v", name, err)
			code = exitUnusable
			continue
		}
		if !v.Conformant && code == exitOK {
			code = exitFailed
		}
		results = append(results, *v)
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if results == nil {
			results = []validation{}
		}
		if err := enc.Encode(results); err != nil {
			c.failf("validate: %v", err)
			return exitUnusable
		}
		return code
	}
	for i, v := range results {
		if i > 0 {
			fmt.Fprintln(c.stdout)
		}
		printValidation(c.stdout, &v)
	}
	return code
}

func (c *cli) validateOne(name string, as iso.Format, level conformance.Level, profiles []*conformance.Catalogue) (*validation, error) {
	b, err := c.readInput(name)
	if err != nil {
		return nil, err
	}
	var rep *conformance.Report
	format := sniff.Format(b)
	if as != "" || format == sniff.ISO {
		// The service's check of a record (POST /v1/validate?as=).
		r, err := exchange.CheckRecord(b, string(as), level)
		if err != nil {
			return nil, err
		}
		rep = r.Report
		if r.Format != "" {
			format = r.Format
		}
	} else {
		rep, err = validateTransaction(b, format, level, profiles)
		if err != nil {
			return nil, err
		}
	}
	if level < conformance.Level3 {
		kept := rep.Findings[:0]
		for _, f := range rep.Findings {
			if f.Level <= level {
				kept = append(kept, f)
			}
		}
		rep.Findings = kept
	}
	errs, warns := rep.Count()
	return &validation{File: name, Format: format, Conformant: rep.Conformant(), Errors: errs, Warnings: warns,
		Catalogues: rep.Catalogues, Findings: rep.Findings}, nil
}

// validateTransaction checks a transaction in any encoding: the
// traditional one directly (so findings carry byte offsets), XML and the
// JSON form through the model.
func validateTransaction(b []byte, format string, level conformance.Level, profiles []*conformance.Catalogue) (*conformance.Report, error) {
	opts := &conformance.Options{Profiles: profiles, SkipContent: level < conformance.Level3}
	switch format {
	case sniff.AN2:
		return conformance.CheckBytes(b, opts), nil
	case sniff.XML, sniff.JSON:
		l, err := loadTransaction(b, false)
		if err != nil {
			return nil, err
		}
		opts.XML = format == sniff.XML
		return conformance.Check(l.t, nil, opts), nil
	case sniff.Unknown:
		return nil, fmt.Errorf("the input is not in a format Biogate recognises (no ANSI/NIST-ITL Type-1 record, JSON form, XML or ISO/IEC 19794 record)")
	}
	return nil, fmt.Errorf("the input is a %s image; validate the transaction or record that holds it", format)
}

// loadProfiles returns the catalogues a --profile value names: none for
// base, INTERPOL's INT-I tables or the EBTS verification file from the
// tables folder, or a partner's JSON profile file.
func loadProfiles(name, tables string) ([]*conformance.Catalogue, error) {
	c, err := conformance.LoadProfile(name, tables)
	if err != nil || c == nil {
		return nil, err
	}
	return []*conformance.Catalogue{c}, nil
}

// printValidation writes a report grouped by record.
func printValidation(w io.Writer, v *validation) {
	verdict := "conformant"
	if !v.Conformant {
		verdict = "NOT conformant"
	}
	fmt.Fprintf(w, "%s (%s): %s, %d errors, %d warnings", v.File, v.Format, verdict, v.Errors, v.Warnings)
	if len(v.Catalogues) > 0 {
		fmt.Fprintf(w, "; checked against %s", strings.Join(v.Catalogues, " + "))
	}
	fmt.Fprintln(w)
	group := -1
	for _, f := range v.Findings {
		if f.Location.Record != group {
			group = f.Location.Record
			switch {
			case group == 0:
				fmt.Fprintln(w, "  transaction:")
			case f.Location.RecordType > 0:
				fmt.Fprintf(w, "  record %d (Type-%d):\n", group, f.Location.RecordType)
			default:
				fmt.Fprintf(w, "  view %d:\n", group)
			}
		}
		loc := f.Location
		loc.Record, loc.RecordType = 0, 0
		where := loc.String()
		if where != "" {
			where += ": "
		}
		fmt.Fprintf(w, "    %-7s %s [%s] %s%s", f.Severity, f.Level, f.Assertion, where, f.Message)
		if f.Source != "" {
			fmt.Fprintf(w, " (%s)", f.Source)
		}
		fmt.Fprintln(w)
	}
}
