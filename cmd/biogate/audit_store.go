package main

import (
	"context"
	"fmt"

	"github.com/biogate/biogate/store/postgres"
)

// auditVerifyStore checks the audit log kept in a PostgreSQL store
// (serve --store URL) as audit verify checks a file: exit 0 intact, 1
// broken (an *audit.Error naming the first bad entry), 2 unreadable.
func (c *cli) auditVerifyStore(url string) int {
	if !postgres.IsDSN(url) {
		c.failf("audit verify: --store %q: not a postgres:// (or postgresql://) URL", url)
		return exitUnusable
	}
	ctx, cancel := context.WithTimeout(context.Background(), openTimeout)
	defer cancel()
	st, err := postgres.Open(ctx, url)
	if err != nil {
		c.failf("audit verify: %v", err)
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
