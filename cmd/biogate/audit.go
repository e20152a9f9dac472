package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/spf13/cobra"
)

func init() {
	registerGroup("audit", "check the audit log's hash chain, or summarise it")
	register("audit", newAuditVerifyCommand)
	register("audit", newAuditReportCommand)
}

func newAuditVerifyCommand(c *cli) *cobra.Command {
	var data, url string
	cmd := &cobra.Command{
		Use:   "verify [flags]",
		Short: "check the hash chain of DIR/audit.log (or of the log in a PostgreSQL store): exit 0 intact, 1 broken (the first bad entry named)",
		Args:  noArgs,
		RunE: runs(func([]string) int {
			if url != "" {
				return c.auditVerifyStore(url)
			}
			return c.audit("verify", data, time.Time{}, time.Time{}, false)
		}),
	}
	cmd.Flags().StringVar(&data, "data", "biogate-data", "the service's data `DIR`, which holds audit.log")
	cmd.Flags().StringVar(&url, "store", "", "check instead the audit log in the PostgreSQL store at `URL` (serve --store)")
	return cmd
}

func newAuditReportCommand(c *cli) *cobra.Command {
	var (
		data, since, until, url string
		asJSON                  bool
	)
	cmd := &cobra.Command{
		Use:   "report [flags]",
		Short: "summarise DIR/audit.log over a period: actions, partners, outcomes",
		Args:  noArgs,
		RunE: runs(func([]string) int {
			from, err := parseInstant("--since", since)
			var to time.Time
			if err == nil {
				to, err = parseInstant("--until", until)
			}
			if err != nil {
				c.failf("audit report: %v (see biogate audit report --help)", err)
				return exitUnusable
			}
			if url != "" {
				return c.auditReportStore(url, from, to, asJSON)
			}
			return c.audit("report", data, from, to, asJSON)
		}),
	}
	fl := cmd.Flags()
	fl.StringVar(&data, "data", "biogate-data", "the service's data `DIR`, which holds audit.log")
	fl.StringVar(&url, "store", "", "summarise instead the audit log in the PostgreSQL store at `URL` (serve --store)")
	fl.StringVar(&since, "since", "", "first instant reported: a `DATE` (2006-01-02, UTC) or an RFC 3339 time")
	fl.StringVar(&until, "until", "", "end of the period, excluded: a `DATE` (2006-01-02, UTC) or an RFC 3339 time")
	fl.BoolVar(&asJSON, "json", false, "print the summary as JSON")
	return cmd
}

// audit checks or summarises the audit log of a data folder,
// DIR/audit.log (package audit).
func (c *cli) audit(sub, data string, from, to time.Time, asJSON bool) int {
	path := audit.Path(data)
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
	return c.printSummary(s, asJSON)
}

// printSummary prints an audit summary as text or JSON.
func (c *cli) printSummary(s *audit.Summary, asJSON bool) int {
	var err error
	if asJSON {
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
