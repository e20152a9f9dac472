package api

import (
	"context"
	"time"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/internal/auth"
	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/store"
)

// Core is what the handlers call: *exchange.Service implements it.
type Core interface {
	Inspect(ctx context.Context, b []byte) (*exchange.Inspection, error)
	Validate(ctx context.Context, b []byte, profile string, level int) (*exchange.Report, error)
	ValidateRecord(ctx context.Context, b []byte, as string, level int) (*exchange.Report, error)
	Convert(ctx context.Context, b []byte, o exchange.ConvertOptions) (*exchange.Output, error)
	Render(ctx context.Context, b []byte, o exchange.RenderOptions) (*exchange.Output, error)

	Submit(ctx context.Context, c exchange.Caller, b []byte) (*store.Transaction, error)
	Meta(ctx context.Context, c exchange.Caller, id string) (*store.Transaction, error)
	Get(ctx context.Context, c exchange.Caller, id string, o exchange.ReadOptions) (*exchange.Output, error)
	List(ctx context.Context, c exchange.Caller, after string, limit int) (*exchange.Page[*store.Transaction], error)
	Delete(ctx context.Context, c exchange.Caller, id string) error

	Inbox(ctx context.Context, c exchange.Caller, after string, limit int) (*exchange.Page[*store.Delivery], error)
	InboxGet(ctx context.Context, c exchange.Caller, id string) (*exchange.Output, error)
	Ack(ctx context.Context, c exchange.Caller, id string) error

	Enrol(ctx context.Context, c exchange.Caller, gallery, subject string, b []byte, o exchange.MatchOptions) (*exchange.Enrolled, error)
	Unenrol(ctx context.Context, c exchange.Caller, gallery, subject string, o exchange.MatchOptions) error
	Search(ctx context.Context, c exchange.Caller, gallery string, b []byte, o exchange.MatchOptions) (*exchange.SearchResult, error)
	VerifySubject(ctx context.Context, c exchange.Caller, gallery, subject string, b []byte, o exchange.MatchOptions) (*exchange.SubjectVerification, error)

	Sign(ctx context.Context, b []byte, o exchange.SignOptions) (*exchange.Output, error)
	Verify(ctx context.Context, b []byte) (*exchange.Verification, error)
	VerifyDetached(ctx context.Context, b []byte, jws string) (*exchange.Verification, error)
	Purge(ctx context.Context, c exchange.Caller) (*exchange.Purged, error)
	AuditReport(ctx context.Context, c exchange.Caller, since, until time.Time) (*audit.Summary, error)

	StartBatch(ctx context.Context, c exchange.Caller, b []byte, o exchange.BatchOptions) (*exchange.BatchJob, error)
	SubmitBatch(ctx context.Context, c exchange.Caller, id string) (*exchange.BatchSubmitted, error)
	Batch(ctx context.Context, c exchange.Caller, id string) (*exchange.BatchJob, error)
	BatchReport(ctx context.Context, c exchange.Caller, id string) ([]byte, error)
	BatchOutput(ctx context.Context, c exchange.Caller, id, path string) ([]byte, error)

	// Audit appends an entry to the audit trail (every call under /v1).
	Audit(e audit.Entry) error

	Ready(ctx context.Context) error
}

var _ Core = (*exchange.Service)(nil)

// Authenticator verifies a bearer token: *auth.Verifier implements it.
type Authenticator interface {
	Verify(token string) (*auth.Principal, error)
}
