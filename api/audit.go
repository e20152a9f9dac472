package api

import (
	"net/http"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/auth"
	"github.com/labstack/echo/v4"
)

// Context keys of what a handler adds to the call's audit entry.
const (
	keyAuditTx     = "biogate.audit.transaction"
	keyAuditTOT    = "biogate.audit.type"
	keyAuditReason = "biogate.audit.reason"
)

// auditNote adds to the call's audit entry the transaction (id), its
// 1.004 TOT and a note (what a disclosure policy withheld); "" leaves a
// value as it is.
func auditNote(c echo.Context, id, tot, note string) {
	if id != "" {
		c.Set(keyAuditTx, id)
	}
	if tot != "" {
		c.Set(keyAuditTOT, tot)
	}
	if note != "" {
		c.Set(keyAuditReason, note)
	}
}

// AnonymousActor is the audit actor of a call without a valid token.
const AnonymousActor = "anonymous"

// audited appends one audit entry for every call of the operation, once
// it is answered: who (the token's partner, or "anonymous"), what (the
// OpenAPI operation id), which transaction (the {id} of the path, or the
// one the handler named), its TOT, the outcome (ok below 400, rejected
// for 4xx, failed for 5xx) and, when refused, the problem's detail as the
// reason. It runs after authentication (a call without a valid token is
// not audited: see authenticate) and before the scope and request checks,
// whose refusals are audited. The log bounds each field (audit.MaxField:
// an {id} of 60 KB is recorded cut, marked as such). A log that cannot be
// written is logged as an error (the answer is already sent).
func (s *Server) audited(op *operation) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			err := next(c)
			e := audit.Entry{Actor: AnonymousActor, Action: op.id, Transaction: c.Param("id"), Outcome: audit.OK}
			if p, ok := c.Get(keyPrincipal).(*auth.Principal); ok {
				e.Actor = p.Partner
			}
			if id, ok := c.Get(keyAuditTx).(string); ok {
				e.Transaction = id
			}
			e.Type, _ = c.Get(keyAuditTOT).(string)
			e.Reason, _ = c.Get(keyAuditReason).(string)
			status := c.Response().Status
			if err != nil {
				p := toProblem(err)
				status = p.Status
				e.Reason = p.Detail
			}
			switch {
			case status >= 500 || status == 499:
				e.Outcome = audit.Failed
			case status >= 400:
				e.Outcome = audit.Rejected
			}
			if e.Outcome != audit.OK && e.Reason == "" {
				e.Reason = http.StatusText(status)
			}
			s.core.Audit(e)
			return err
		}
	}
}
