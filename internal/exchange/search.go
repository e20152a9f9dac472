package exchange

import (
	"context"
	"fmt"

	"github.com/biogate/biogate/audit"
)

// searchLimit returns the number of candidates a search asks for: the
// caller's k (0: DefaultLimit, capped at MaxLimit), limited by the
// caller's policy (candidates.max).
func (s *Service) searchLimit(partner string, k int) int {
	switch {
	case k <= 0:
		k = DefaultLimit
	case k > MaxLimit:
		k = MaxLimit
	}
	return s.cfg.Policy(partner).CandidateLimit(k)
}

// search is Search.
func (s *Service) search(ctx context.Context, c Caller, gallery string, body []byte, o MatchOptions) (*SearchResult, error) {
	if err := checkNames(gallery, ""); err != nil {
		return nil, err
	}
	if err := s.allowGallery(c, gallery, o.Purpose, false); err != nil {
		s.Audit(audit.Entry{Actor: c.Partner, Action: "search", Outcome: audit.Rejected, Reason: galleryReason(gallery, "", o.Purpose) + ": " + err.Error()})
		return nil, err
	}
	r, err := s.route(ctx, gallery, body)
	if err != nil {
		return nil, err
	}
	return s.searchRouted(ctx, c, gallery, o.Purpose, "", r, s.searchLimit(c.Partner, o.Limit))
}

// searchRouted is identify, then the audit of what is disclosed.
func (s *Service) searchRouted(ctx context.Context, c Caller, gallery, purpose, transaction string, r *routing, k int) (*SearchResult, error) {
	res, err := s.identify(ctx, c, gallery, purpose, transaction, r, k)
	if err != nil {
		return nil, err
	}
	if err := s.auditSearch(c, gallery, purpose, transaction, res.Candidates); err != nil {
		return nil, err // nothing is disclosed that the audit log cannot record
	}
	return res, nil
}

// identify asks each backend that got samples for its k best candidates,
// fuses the answers (fuse) and withholds the scores when the caller's
// policy says so. A backend failure is audited (action "search",
// failed); transaction is the search transaction's store id, "" for a
// REST call.
func (s *Service) identify(ctx context.Context, c Caller, gallery, purpose, transaction string, r *routing, k int) (*SearchResult, error) {
	var answers []answer
	for _, p := range r.parts {
		list, err := p.backend.Identify(ctx, gallery, p.samples, k)
		if err != nil && !notEnrolled(err) { // an empty gallery is no error
			err = backendError(err, fmt.Sprintf("searching gallery %s in backend %s", gallery, p.backend.Name))
			s.Audit(audit.Entry{Actor: c.Partner, Action: "search", Transaction: transaction, Outcome: audit.Failed, Reason: galleryReason(gallery, "", purpose) + ": " + err.Error()})
			return nil, err
		}
		answers = append(answers, answer{backend: p.backend.Name, scores: p.backend.Capabilities().Scores, list: list})
	}
	cands, scores := fuse(answers, k)
	if !s.cfg.Policy(c.Partner).ShowScores() {
		for i := range cands {
			cands[i].Score = nil
		}
		scores = false
	}
	res := &SearchResult{Gallery: gallery, Backends: r.names(), Probe: r.count(), Scores: scores, Candidates: cands, Notes: r.notes}
	if len(answers) > 1 {
		res.Notes = append(res.Notes, fmt.Sprintf("the answers of %d backends were fused by rank (Borda count); scores are not comparable across backends and are omitted", len(answers)))
	}
	return res, nil
}

// auditSearch records a search of gallery (action "search": gallery,
// purpose, number of candidates) and each candidate disclosed to the
// caller (action "disclose", one entry per candidate).
func (s *Service) auditSearch(c Caller, gallery, purpose, transaction string, cands []SearchCandidate) error {
	if err := s.Audit(audit.Entry{Actor: c.Partner, Action: "search", Transaction: transaction, Outcome: audit.OK,
		Reason: fmt.Sprintf("%s, %d candidates", galleryReason(gallery, "", purpose), len(cands))}); err != nil {
		return err
	}
	for _, cd := range cands {
		if err := s.Audit(audit.Entry{Actor: c.Partner, Action: "disclose", Transaction: transaction, To: c.Partner, Outcome: audit.OK,
			Reason: fmt.Sprintf("candidate %s of gallery %s", cd.Subject, gallery)}); err != nil {
			return err
		}
	}
	return nil
}
