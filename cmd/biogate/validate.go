package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	"github.com/spf13/cobra"
)

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

func init() { register("", newValidateCommand) }

func newValidateCommand(c *cli) *cobra.Command {
	var (
		profile, as, tables string
		asJSON              bool
		level               int
		in                  inputFlags
	)
	cmd := &cobra.Command{
		Use:   "validate [flags] FILE...",
		Short: "check conformance to the standard and a profile",
		Long: `validate checks each FILE against its standard (the transaction's version, the
ISO/INCITS record's edition) up to --level, and against the application --profile.
Exit 0 when every FILE conforms, 1 when one does not, 2 when one cannot be read.`,
		Args: someFiles,
		RunE: runs(func(files []string) int {
			if level < 1 || level > 3 {
				c.failf("validate: --level must be 1, 2 or 3 (see biogate validate --help)")
				return exitUnusable
			}
			v := exchange.NewValidator(tables)
			code := exitOK
			var results []validation
			for _, name := range files {
				r, err := c.validateOne(name, v, profile, iso.Format(as), conformance.Level(level), in.maxSize)
				if errors.Is(err, exchange.ErrUnknownProfile) {
					c.failf("validate: --profile %s: %v", profile, err)
					return exitUnusable
				}
				if err != nil {
					c.failf("validate: %v", err)
					code = exitUnusable
					continue
				}
				if !r.Conformant && code == exitOK {
					code = exitFailed
				}
				results = append(results, *r)
			}
			if asJSON {
				if results == nil {
					results = []validation{}
				}
				if err := writeJSON(c.stdout, results); err != nil {
					c.failf("validate: %v", err)
					return exitUnusable
				}
				return code
			}
			for i, r := range results {
				if i > 0 {
					fmt.Fprintln(c.stdout)
				}
				printValidation(c.stdout, &r)
			}
			return code
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&profile, "profile", "base", "application `PROFILE`: base (the standard alone), ebts, inti, or a partner's profile FILE")
	fl.StringVar(&tables, "tables", exchange.DefaultTables, "`DIR` holding the inti and ebts profile tables (interpol-inti/MRT, openebts)")
	fl.BoolVar(&asJSON, "json", false, "print the reports as JSON")
	fl.StringVar(&as, "as", "", "read the input as this ISO/INCITS `FORMAT` (card formats, INCITS 385)")
	fl.IntVar(&level, "level", 3, "highest conformance `LEVEL` to check: 1 syntax, 2 internal consistency, 3 content")
	in.add(cmd)
	return cmd
}

// validateOne checks one input: an ISO/INCITS record against its
// edition's catalogue, a transaction through the service core's Validator
// (the path POST /v1/validate takes). A transaction in XML or the JSON
// form that cannot be read at all is an error (exit 2), as for inspect.
func (c *cli) validateOne(name string, v exchange.Validator, profile string, as iso.Format, level conformance.Level, max byteSize) (*validation, error) {
	b, err := c.readInput(name, max)
	if err != nil {
		return nil, err
	}
	var rep *conformance.Report
	format := sniff.Format(b)
	switch {
	case as != "" || format == sniff.ISO:
		// The service's check of a record (POST /v1/validate?as=).
		r, err := exchange.CheckRecord(b, string(as), level)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		rep = r.Report
		if r.Format != "" {
			format = r.Format
		}
		rep.Findings = slices.DeleteFunc(rep.Findings, func(f conformance.Finding) bool { return f.Level > level })
	case format == sniff.XML || format == sniff.JSON || format == sniff.Unknown:
		if _, err := exchange.Load(context.Background(), b, nil); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		fallthrough
	case format == sniff.AN2:
		if rep, err = v.Validate(context.Background(), b, profile, level); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("%s: the input is a %s image; validate the transaction or record that holds it", name, format)
	}
	errs, warns := rep.Count()
	return &validation{File: name, Format: format, Conformant: rep.Conformant(), Errors: errs, Warnings: warns,
		Catalogues: rep.Catalogues, Findings: rep.Findings}, nil
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
