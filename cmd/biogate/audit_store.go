package main

import (
	"context"
	"fmt"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/store/postgres"
)

// openAuditStore opens the PostgreSQL store of serve --store URL, for
// its audit log.
func (c *cli) openAuditStore(sub, url string) (*postgres.Store, bool) {
	if !postgres.IsDSN(url) {
		c.failf("audit %s: --store %q: not a postgres:// (or postgresql://) URL", sub, url)
		return nil, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
	defer cancel()
	st, err := postgres.Open(ctx, url)
	if err != nil {
		c.failf("audit %s: %v", sub, err)
		return nil, false
	}
	return st, true
}

// auditVerifyStore checks the audit log kept in a PostgreSQL store
// as audit verify checks a file: exit 0 intact, 1 broken (an
// *audit.Error naming the first bad entry), 2 unreadable.
func (c *cli) auditVerifyStore(url string) int {
	st, ok := c.openAuditStore("verify", url)
	if !ok {
		return exitUnusable
	}
	defer st.Close()
	n, err := st.Audit().Verify(context.Background())
	if err != nil {
		return c.auditFailure("verify", err)
	}
	fmt.Fprintf(c.stdout, "%s: %d entries, the hash chain is intact\n", postgres.AuditName, n)
	return exitOK
}

// auditReportStore summarises the audit log kept in a PostgreSQL store
// over a period, as audit report does a file.
func (c *cli) auditReportStore(url string, from, to time.Time, asJSON bool) int {
	st, ok := c.openAuditStore("report", url)
	if !ok {
		return exitUnusable
	}
	defer st.Close()
	s, err := audit.Summarise(context.Background(), st.Audit(), from, to)
	if err != nil {
		return c.auditFailure("report", err)
	}
	return c.printSummary(s, asJSON)
}
