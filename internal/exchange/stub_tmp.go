package exchange

import (
	"context"
	"log/slog"
	"time"

	"github.com/biogate/biogate/store"
)

func (s *Service) enrol(ctx context.Context, c Caller, gallery, subject string, body []byte, o MatchOptions) (*Enrolled, error) {
	return nil, errorf(KindUnavailable, "matching is not wired yet")
}
func (s *Service) unenrol(ctx context.Context, c Caller, gallery, subject string, o MatchOptions) error {
	return errorf(KindUnavailable, "matching is not wired yet")
}
func (s *Service) search(ctx context.Context, c Caller, gallery string, body []byte, o MatchOptions) (*SearchResult, error) {
	return nil, errorf(KindUnavailable, "matching is not wired yet")
}
func (s *Service) verifySubject(ctx context.Context, c Caller, gallery, subject string, body []byte, o MatchOptions) (*SubjectVerification, error) {
	return nil, errorf(KindUnavailable, "matching is not wired yet")
}

// OpenBackends opens the matching backends cfg names (one embedded
// backend on st when it names none).
func OpenBackends(cfg *Config, st store.Store, log *slog.Logger) (Backends, error) {
	return nil, nil
}

// RunSearches answers pending search transactions every interval until
// ctx is done, and once at start.
func (s *Service) RunSearches(ctx context.Context, interval time.Duration) {}
