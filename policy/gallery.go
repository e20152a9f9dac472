package policy

import (
	"fmt"
	"slices"
	"strings"
)

// GalleryAccess says what a partner may do with a matching gallery (issue
// 13: who may enrol into and search which gallery, and for which declared
// purpose, is policy).
type GalleryAccess struct {
	// Name is the gallery's name, or Any for every gallery not named by
	// another entry.
	Name   string `json:"name"`
	Enrol  bool   `json:"enrol,omitempty"`
	Search bool   `json:"search,omitempty"`
	// Purposes are the purposes the partner may declare for this gallery
	// ("criminal-records", "missing-persons", "asylum"); when the list is
	// not empty a purpose is required and must be one of them.
	Purposes []string `json:"purposes,omitempty"`
}

// Candidates limits what a search discloses.
type Candidates struct {
	// Max is the most candidates one search returns (0: no limit beyond
	// the service's).
	Max int `json:"max,omitempty"`
	// Scores, when false, withholds the candidates' scores (the ranks
	// stay). Absent means true.
	Scores *bool `json:"scores,omitempty"`
}

// GalleryDeniedError reports a gallery call the partner's policy refuses.
type GalleryDeniedError struct {
	Partner, Action, Gallery, Purpose string
	Reason                            string
}

func (e *GalleryDeniedError) Error() string {
	return fmt.Sprintf("policy: partner %s may not %s gallery %q: %s", e.Partner, e.Action, e.Gallery, e.Reason)
}

// access returns the entry governing gallery: the one naming it, else the
// Any entry; nil when none does.
func (p *Policy) access(gallery string) *GalleryAccess {
	var any *GalleryAccess
	for i := range p.Galleries {
		switch p.Galleries[i].Name {
		case gallery:
			return &p.Galleries[i]
		case Any:
			any = &p.Galleries[i]
		}
	}
	return any
}

// AllowEnrol checks that the partner may enrol into gallery for purpose.
func (p *Policy) AllowEnrol(gallery, purpose string) error {
	return p.allowGallery("enrol into", gallery, purpose, func(a *GalleryAccess) bool { return a.Enrol })
}

// AllowSearch checks that the partner may search gallery (and verify
// against its subjects) for purpose.
func (p *Policy) AllowSearch(gallery, purpose string) error {
	return p.allowGallery("search", gallery, purpose, func(a *GalleryAccess) bool { return a.Search })
}

// allowGallery applies the gallery entry: a policy without an entry for
// the gallery (or without "galleries") grants nothing, since a policy
// states all a partner may do.
func (p *Policy) allowGallery(action, gallery, purpose string, grants func(*GalleryAccess) bool) error {
	deny := func(format string, a ...any) error {
		return &GalleryDeniedError{p.Partner, action, gallery, purpose, fmt.Sprintf(format, a...)}
	}
	a := p.access(gallery)
	switch {
	case a == nil:
		return deny("its policy lists no such gallery (nor \"*\") under \"galleries\"")
	case !grants(a):
		return deny("its policy does not grant it for this gallery")
	case len(a.Purposes) == 0:
		return nil
	case purpose == "":
		return deny("a purpose is required, one of %s", strings.Join(a.Purposes, ", "))
	case !slices.Contains(a.Purposes, purpose):
		return deny("purpose %q is not one of %s", purpose, strings.Join(a.Purposes, ", "))
	}
	return nil
}

// CandidateLimit returns k limited by the policy's candidates.max.
func (p *Policy) CandidateLimit(k int) int {
	if p != nil && p.Candidates != nil && p.Candidates.Max > 0 && k > p.Candidates.Max {
		return p.Candidates.Max
	}
	return k
}

// ShowScores reports whether the partner sees candidates' scores.
func (p *Policy) ShowScores() bool {
	return p == nil || p.Candidates == nil || p.Candidates.Scores == nil || *p.Candidates.Scores
}
