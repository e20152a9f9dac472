package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/biogate/biogate/audit"
)

const auditUsage = "audit verify|report --data DIR [--since T] [--until T] [--json]"

// runAudit checks or summarises the audit log of a data folder,
// DIR/audit.log (package audit).
//
//	biogate audit verify --data DIR
//	biogate audit report --data DIR [--since T] [--until T] [--json]
//
// T is a date (2006-01-02, UTC) or an RFC 3339 time; --until is excluded.
func runAudit(c *cli, args []string) int {
	if len(args) == 0 || (args[0] != "verify" && args[0] != "report") {
		c.failf("audit: expected verify or report (usage: biogate %s)", auditUsage)
		return exitUnusable
	}
	sub := args[0]
	fs := flag.NewFlagSet("audit "+sub, flag.ContinueOnError)
	data := fs.String("data", "biogate-data", "the service's data folder, which holds audit.log")
	since := fs.String("since", "", "report: first instant (date or RFC 3339 time)")
	until := fs.String("until", "", "report: end, excluded (date or RFC 3339 time)")
	asJSON := fs.Bool("json", false, "report: print the summary as JSON")
	pos, err := parseArgs(fs, args[1:])
	if err == nil && len(pos) > 0 {
		err = fmt.Errorf("unexpected argument %q", pos[0])
	}
	var from, to time.Time
	if err == nil {
		from, err = parseInstant("--since", *since)
	}
	if err == nil {
		to, err = parseInstant("--until", *until)
	}
	if err != nil {
		c.failf("audit %s: %v (usage: biogate %s)", sub, err, auditUsage)
		return exitUnusable
	}
	path := audit.Path(*data)
	if _, err := os.Stat(path); err != nil {
		c.failf("audit %s: %s: no audit log (%v)", sub, path, errors.Unwrap(err))
		return exitUnusable
	}
	if sub == "verify" {
		n, err := audit.Verify(path)
		if err != nil {
			return c.auditFailure(sub, err)
		}
		fmt.Fprintf(c.stdout, "%s: %d entries, the hash chain is intact\n", path, n)
		return exitOK
	}
	s, err := audit.Report(path, from, to)
	if err != nil {
		return c.auditFailure(sub, err)
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(s)
	} else {
		err = s.WriteText(c.stdout)
	}
	if err != nil {
		c.failf("audit report: %v", err)
		return exitUnusable
	}
	return exitOK
}

// auditFailure prints a broken chain (exit 1) or an unreadable log (2).
func (c *cli) auditFailure(sub string, err error) int {
	c.failf("audit %s: %v", sub, err)
	var ae *audit.Error
	if errors.As(err, &ae) {
		return exitFailed
	}
	return exitUnusable
}

// parseInstant reads a date (UTC midnight) or an RFC 3339 time; "" is no
// bound.
func parseInstant(flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s %q is neither a date (2006-01-02) nor an RFC 3339 time", flagName, s)
	}
	return t, nil
}
