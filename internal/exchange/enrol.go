package exchange

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/biogate/biogate/audit"
	"github.com/biogate/biogate/conformance"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/store"
)

// enrol is Enrol: the caller's policy, the body's validation (a
// transaction is checked against the caller's profile; its warnings come
// back as findings), the routing of its samples, then enrolSamples.
func (s *Service) enrol(ctx context.Context, c Caller, gallery, subject string, body []byte, o MatchOptions) (*Enrolled, error) {
	if err := checkNames(gallery, subject); err != nil {
		return nil, err
	}
	if err := s.allowGallery(c, gallery, o.Purpose, true); err != nil {
		s.Audit(audit.Entry{Actor: c.Partner, Action: "enrol", Outcome: audit.Rejected, Reason: galleryReason(gallery, subject, o.Purpose) + ": " + err.Error()})
		return nil, err
	}
	var findings []conformance.Finding
	if isTransactionFormat(sniff.Format(body)) {
		p, _ := s.cfg.Partner(c.Partner)
		profile, level := "", 0
		if p != nil {
			profile, level = p.Profile, p.Level
		}
		rep, err := s.Validate(ctx, body, profile, level)
		if err != nil {
			return nil, err
		}
		if !rep.Conformant {
			return nil, &Error{Kind: KindNonconformant, Report: rep.Report, Findings: rep.Findings,
				Msg: fmt.Sprintf("the transaction has %d errors under profile %s; it is not enrolled", rep.Errors, profileName(profile))}
		}
		findings = rep.Findings
	}
	r, err := s.route(ctx, gallery, body)
	if err != nil {
		return nil, err
	}
	e, err := s.enrolSamples(ctx, c, &store.Enrolment{Gallery: gallery, Subject: subject, Partner: c.Partner, Purpose: o.Purpose}, r)
	if err != nil {
		return nil, err
	}
	e.Findings = findings
	return e, nil
}

// enrolSamples enrols routed samples as want (Gallery, Subject, Partner,
// Transaction, Purpose) and writes the exchange's record of it.
//
// Order, for crash safety: the exchange's record (store.SpaceExchange,
// naming every backend the subject is or is about to be in) is written
// durably first, then each backend enrols (each durable when it returns:
// backend.Backend's contract), and only then is the enrolment
// acknowledged. So an acknowledged enrolment is in every backend and
// found after a crash; a crash half-way leaves a record naming backends
// that may not hold the subject yet, which retention and Unenrol treat
// as done (a Remove answering not-enrolled is fine) and which enrolling
// again redoes (Enrol replaces). No backend ever holds a subject the
// exchange has no record of, which would escape retention.
func (s *Service) enrolSamples(ctx context.Context, c Caller, want *store.Enrolment, r *routing) (*Enrolled, error) {
	g, err := s.galleries()
	if err != nil {
		return nil, err
	}
	what := fmt.Sprintf("subject %s of gallery %s", want.Subject, want.Gallery)
	prev, err := g.Enrolment(ctx, store.SpaceExchange, want.Gallery, want.Subject)
	switch {
	case errors.Is(err, store.ErrNotFound):
		prev = nil
	case err != nil:
		return nil, storeError(err, what)
	case prev.Partner != want.Partner && !c.Admin:
		return nil, errorf(KindForbidden, "%s was enrolled by another partner; only it (or an admin) may replace it", what)
	}
	names := r.names()
	rec := *want
	rec.Space, rec.Created = store.SpaceExchange, s.now().UTC()
	rec.Backend = strings.Join(union(backendList(prev), names), ",")
	for _, p := range r.parts {
		rec.Samples = append(rec.Samples, toEnrolled(p.samples)...)
	}
	if err := g.PutEnrolment(ctx, &rec); err != nil {
		return nil, storeError(err, what)
	}
	for _, p := range r.parts {
		if err := p.backend.Enrol(ctx, want.Gallery, want.Subject, p.samples); err != nil {
			err = backendError(err, fmt.Sprintf("enrolling %s into backend %s", what, p.backend.Name))
			s.Audit(audit.Entry{Actor: c.Partner, Action: "enrol", Transaction: want.Transaction, Outcome: audit.Failed,
				Reason: galleryReason(want.Gallery, want.Subject, want.Purpose) + ": " + err.Error()})
			return nil, err
		}
	}
	// Backends the subject was in before and is not now (the gallery's
	// backends changed, or the body holds another modality) let it go.
	for _, name := range backendList(prev) {
		if slices.Contains(names, name) {
			continue
		}
		if b, ok := s.backends.byName(name); ok {
			if err := b.Remove(ctx, want.Gallery, want.Subject); err != nil && !notEnrolled(err) {
				s.log.Warn("a re-enrolled subject could not leave a backend it no longer uses", "gallery", want.Gallery, "subject", want.Subject, "backend", name, "error", err)
				continue // the record keeps naming it
			}
		}
	}
	if rec.Backend != strings.Join(names, ",") {
		rec.Backend = strings.Join(names, ",")
		if err := g.PutEnrolment(ctx, &rec); err != nil {
			return nil, storeError(err, what)
		}
	}
	out := &Enrolled{Gallery: want.Gallery, Subject: want.Subject, Samples: r.count(), Backends: names, Notes: r.notes}
	s.Audit(audit.Entry{Actor: c.Partner, Action: "enrol", Transaction: want.Transaction, Outcome: audit.OK,
		Reason: fmt.Sprintf("%s, %d samples, backends %s", galleryReason(want.Gallery, want.Subject, want.Purpose), out.Samples, rec.Backend)})
	return out, nil
}

// unenrol is Unenrol.
func (s *Service) unenrol(ctx context.Context, c Caller, gallery, subject string, o MatchOptions) error {
	if err := checkNames(gallery, subject); err != nil {
		return err
	}
	g, err := s.galleries()
	if err != nil {
		return err
	}
	what := fmt.Sprintf("subject %s of gallery %s", subject, gallery)
	rec, err := g.Enrolment(ctx, store.SpaceExchange, gallery, subject)
	if err != nil {
		return storeError(err, what)
	}
	if !c.Admin {
		if rec.Partner != c.Partner {
			// Whether another partner enrolled it is not the caller's
			// to know.
			return errorf(KindNotFound, "%s not found", what)
		}
		purpose := o.Purpose
		if purpose == "" {
			purpose = rec.Purpose
		}
		if err := s.allowGallery(c, gallery, purpose, true); err != nil {
			return err
		}
	}
	if err := s.removeEnrolment(ctx, rec); err != nil {
		s.Audit(audit.Entry{Actor: c.Partner, Action: "unenrol", Transaction: rec.Transaction, Outcome: audit.Failed, Reason: galleryReason(gallery, subject, rec.Purpose) + ": " + err.Error()})
		return err
	}
	return s.Audit(audit.Entry{Actor: c.Partner, Action: "unenrol", Transaction: rec.Transaction, Outcome: audit.OK, Reason: galleryReason(gallery, subject, rec.Purpose)})
}

// removeEnrolment removes an enrolment from every backend its record
// names (one that does not hold it is fine), then the record. A backend
// that fails leaves the record in place, so that the removal can be done
// again.
func (s *Service) removeEnrolment(ctx context.Context, rec *store.Enrolment) error {
	for _, name := range backendList(rec) {
		b, ok := s.backends.byName(name)
		if !ok {
			return errorf(KindUnavailable, "subject %s of gallery %s is in backend %q, which is not configured any more; it cannot be removed from it", rec.Subject, rec.Gallery, name)
		}
		if err := b.Remove(ctx, rec.Gallery, rec.Subject); err != nil && !notEnrolled(err) {
			return backendError(err, fmt.Sprintf("removing subject %s of gallery %s from backend %s", rec.Subject, rec.Gallery, name))
		}
	}
	g, err := s.galleries()
	if err != nil {
		return err
	}
	if err := g.DeleteEnrolment(ctx, store.SpaceExchange, rec.Gallery, rec.Subject); err != nil && !errors.Is(err, store.ErrNotFound) {
		return storeError(err, "the enrolment record")
	}
	return nil
}

// backendList returns the backend names an exchange record names.
func backendList(rec *store.Enrolment) []string {
	if rec == nil || rec.Backend == "" {
		return nil
	}
	return strings.Split(rec.Backend, ",")
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// galleryReason is the start of a gallery call's audit reason; audit
// report (audit/report.go) reads the gallery from it.
func galleryReason(gallery, subject, purpose string) string {
	r := "gallery " + gallery
	if subject != "" {
		r += ", subject " + subject
	}
	if purpose != "" {
		r += ", purpose " + purpose
	}
	return r
}

// allowGallery applies the caller's policy to a gallery call (enrol or
// search); a partner without a policy is limited by its scopes only,
// which the API checks.
func (s *Service) allowGallery(c Caller, gallery, purpose string, enrol bool) error {
	p := s.cfg.Policy(c.Partner)
	if p == nil {
		return nil
	}
	var err error
	if enrol {
		err = p.AllowEnrol(gallery, purpose)
	} else {
		err = p.AllowSearch(gallery, purpose)
	}
	if err != nil {
		return &Error{Kind: KindDenied, Msg: err.Error(), Err: err}
	}
	return nil
}
