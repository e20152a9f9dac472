package exchange

import (
	"context"
	"regexp"

	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/store"
)

// MatchOptions are the options of a gallery call.
type MatchOptions struct {
	// Purpose is the purpose the caller declares (?purpose=); required
	// when the caller's policy lists purposes for the gallery.
	Purpose string
	// Limit is the number of candidates a search asks for: 0 means
	// DefaultLimit, and it is capped at MaxLimit (and by the caller's
	// policy, candidates.max).
	Limit int
}

// Search limits.
const (
	DefaultLimit = 10
	MaxLimit     = 100
)

// Enrolled is what Enrol did.
type Enrolled struct {
	Gallery  string   `json:"gallery"`
	Subject  string   `json:"subject"`
	Samples  int      `json:"samples"`  // samples enrolled, over every backend
	Backends []string `json:"backends"` // names of the backends enrolled into
	// Notes say what was assumed or not carried (e.g. "resolution 500 ppi
	// assumed").
	Notes []string `json:"notes,omitempty"`
	// Findings are the validation's warnings, for a transaction body.
	Findings []conformance.Finding `json:"findings,omitempty"`
}

// SearchResult is the answer of Search.
type SearchResult struct {
	Gallery  string   `json:"gallery"`
	Backends []string `json:"backends"`
	Probe    int      `json:"probe"` // samples searched
	// Scores is false when a decision-only backend took part: scores are
	// then omitted and candidates ranked as the backends listed them.
	Scores     bool              `json:"scores"`
	Candidates []SearchCandidate `json:"candidates"` // best first
	Notes      []string          `json:"notes,omitempty"`
}

// SearchCandidate is one candidate of a search.
type SearchCandidate struct {
	Rank    int      `json:"rank"`
	Subject string   `json:"subject"`
	Score   *float64 `json:"score,omitempty"`
	// Position is the finger position code of the best-scoring enrolled
	// sample.
	Position int `json:"position,omitempty"`
}

// SubjectVerification is the answer of VerifySubject.
type SubjectVerification struct {
	Gallery   string   `json:"gallery"`
	Subject   string   `json:"subject"`
	Score     *float64 `json:"score,omitempty"`
	Match     bool     `json:"match"`
	Threshold *float64 `json:"threshold,omitempty"`
	Backend   string   `json:"backend"`
}

// SearchState is what became of a search transaction, shown with its
// metadata (store.Transaction.Search).
type SearchState = store.SearchState

// Names of galleries and subjects (issue 13 design).
var (
	galleryName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
	subjectName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$`)
)

// Enrol enrols the samples of body (a transaction, an ISO/INCITS record
// or an image) as subject in gallery, replacing what the subject had.
func (s *Service) Enrol(ctx context.Context, c Caller, gallery, subject string, body []byte, o MatchOptions) (*Enrolled, error) {
	return s.enrol(ctx, c, gallery, subject, body, o)
}

// Unenrol removes subject from gallery, in every backend. Only the
// partner who enrolled it, or an admin, may.
func (s *Service) Unenrol(ctx context.Context, c Caller, gallery, subject string, o MatchOptions) error {
	return s.unenrol(ctx, c, gallery, subject, o)
}

// Search searches gallery with the samples of body and returns the
// candidates the caller's policy lets it see, best first.
func (s *Service) Search(ctx context.Context, c Caller, gallery string, body []byte, o MatchOptions) (*SearchResult, error) {
	return s.search(ctx, c, gallery, body, o)
}

// VerifySubject compares the samples of body with subject in gallery.
func (s *Service) VerifySubject(ctx context.Context, c Caller, gallery, subject string, body []byte, o MatchOptions) (*SubjectVerification, error) {
	return s.verifySubject(ctx, c, gallery, subject, body, o)
}
