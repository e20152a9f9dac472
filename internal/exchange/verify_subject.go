package exchange

import (
	"context"
	"fmt"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/store"
)

// verifySubject is VerifySubject: the subject must be enrolled (the
// exchange's record), the caller's policy must let it search the
// gallery; the probe is compared by the first backend of the gallery that
// got samples (the first modality routed: finger, face, iris).
func (s *Service) verifySubject(ctx context.Context, c Caller, gallery, subject string, body []byte, o MatchOptions) (*SubjectVerification, error) {
	if err := checkNames(gallery, subject); err != nil {
		return nil, err
	}
	reason := galleryReason(gallery, subject, o.Purpose)
	if err := s.allowGallery(c, gallery, o.Purpose, false); err != nil {
		s.Audit(audit.Entry{Actor: c.Partner, Action: "verify-subject", Outcome: audit.Rejected, Reason: reason + ": " + err.Error()})
		return nil, err
	}
	g, err := s.galleries()
	if err != nil {
		return nil, err
	}
	if _, err := g.Enrolment(ctx, store.SpaceExchange, gallery, subject); err != nil {
		return nil, storeError(err, fmt.Sprintf("subject %s of gallery %s", subject, gallery))
	}
	r, err := s.route(ctx, gallery, body)
	if err != nil {
		return nil, err
	}
	p := r.parts[0]
	v, err := p.backend.Verify(ctx, gallery, subject, p.samples)
	if err != nil {
		err = backendError(err, fmt.Sprintf("verifying subject %s of gallery %s in backend %s", subject, gallery, p.backend.Name))
		s.Audit(audit.Entry{Actor: c.Partner, Action: "verify-subject", Outcome: audit.Failed, Reason: reason + ": " + err.Error()})
		return nil, err
	}
	out := &SubjectVerification{Gallery: gallery, Subject: subject, Match: v.Match, Backend: p.backend.Name}
	if p.backend.Capabilities().Scores && s.cfg.Policy(c.Partner).ShowScores() {
		score, threshold := v.Score, v.Threshold
		out.Score, out.Threshold = &score, &threshold
	}
	if err := s.Audit(audit.Entry{Actor: c.Partner, Action: "verify-subject", Outcome: audit.OK,
		Reason: fmt.Sprintf("%s, match %v", reason, v.Match)}); err != nil {
		return nil, err
	}
	return out, nil
}
