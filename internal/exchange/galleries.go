package exchange

import (
	"github.com/biogate/biogate/store"
)

// galleries returns the store's gallery enrolments, KindUnavailable when
// the store keeps none.
func (s *Service) galleries() (store.Galleries, error) {
	g, ok := any(s.store).(store.Galleries)
	if !ok {
		return nil, errorf(KindUnavailable, "the store keeps no gallery enrolments")
	}
	return g, nil
}

// jobs returns the store's durable jobs, KindUnavailable when it keeps
// none.
func (s *Service) jobs() (store.Jobs, error) {
	j, ok := any(s.store).(store.Jobs)
	if !ok {
		return nil, errorf(KindUnavailable, "the store keeps no jobs")
	}
	return j, nil
}

// checkNames refuses a gallery or subject name outside the design's
// patterns (they become store keys and backend paths).
func checkNames(gallery, subject string) error {
	if !galleryName.MatchString(gallery) {
		return errorf(KindInvalid, "gallery %q is not a gallery name (lower-case letters, digits, '.', '_', '-'; up to 64)", gallery)
	}
	if subject != "" && !subjectName.MatchString(subject) {
		return errorf(KindInvalid, "subject %q is not a subject name (letters, digits, '.', '_', ':', '-'; up to 128)", subject)
	}
	return nil
}
