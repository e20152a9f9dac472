package exchange

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/store"
)

// modalities in the order a body is routed.
var modalities = []backend.Modality{backend.Finger, backend.Face, backend.Iris}

// routed is the part of a body one backend of a gallery gets.
type routed struct {
	backend NamedBackend
	samples []backend.Sample
}

// routing is a body split over a gallery's backends.
type routing struct {
	parts []routed
	notes []string
}

// count returns the number of samples routed.
func (r *routing) count() int {
	n := 0
	for _, p := range r.parts {
		n += len(p.samples)
	}
	return n
}

// names returns the names of the backends that got samples.
func (r *routing) names() []string {
	var out []string
	for _, p := range r.parts {
		out = append(out, p.backend.Name)
	}
	return out
}

// galleryBackends returns the backends of gallery, in configuration
// order (Config.GalleryBackends).
func (s *Service) galleryBackends(gallery string) (Backends, error) {
	if len(s.backends) == 0 {
		return nil, errorf(KindUnavailable, "the service has no matching backend")
	}
	var out Backends
	for _, name := range s.cfg.GalleryBackends(gallery) {
		if b, ok := s.backends.byName(name); ok {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		return nil, errorf(KindUnavailable, "none of the backends of gallery %q (%s) is open", gallery, strings.Join(s.cfg.GalleryBackends(gallery), ", "))
	}
	return out, nil
}

// route turns body (a transaction, an ISO/INCITS record or an image)
// into samples: for each modality, the samples go to the first backend of
// the gallery that supports the modality, in the first of that backend's
// formats the body can give (package samples). A body with nothing any of
// the gallery's backends takes is KindUnsupported, saying what they take;
// one that cannot be read is KindUnreadable.
func (s *Service) route(ctx context.Context, gallery string, body []byte) (*routing, error) {
	if s.samples == nil {
		return nil, errorf(KindUnavailable, "the service has no sample builder (WithSampleBuilder)")
	}
	bs, err := s.galleryBackends(gallery)
	if err != nil {
		return nil, err
	}
	r := &routing{}
	var unreadable []error
	for _, m := range modalities {
		for _, b := range bs {
			caps := b.Capabilities()
			if !caps.Supports(m) {
				continue
			}
			var formats []string
			for _, f := range caps.Formats {
				if backend.ModalityOf(f) == m {
					formats = append(formats, f)
				}
			}
			got, notes, err := s.buildSamples(ctx, body, formats)
			if errors.Is(err, backend.ErrInvalidSample) {
				unreadable = append(unreadable, err)
				r.notes = append(r.notes, fmt.Sprintf("%s samples left out for backend %s: %v", m, b.Name, err))
			}
			if len(got) == 0 {
				// The body holds no m sample this backend takes: a later
				// backend supporting m may take another format.
				continue
			}
			r.notes = append(r.notes, notes...)
			r.add(b, got)
			break
		}
	}
	if r.count() > 0 {
		return r, nil
	}
	if len(unreadable) > 0 {
		return nil, &Error{Kind: KindUnreadable, Msg: "the body holds no sample that can be read", Err: errors.Join(unreadable...)}
	}
	for _, b := range bs {
		// An external backend that has never answered does not know yet
		// what it matches (httpmatcher.Client.Capabilities): whether it
		// would take the body cannot be told before it is back.
		if len(b.Capabilities().Modalities) == 0 {
			return nil, &Error{Kind: KindUnavailable, Msg: fmt.Sprintf("backend %s of gallery %q has not said what it matches: it may be unreachable; try again later", b.Name, gallery),
				Err: &backend.Error{Backend: b.Backend.Name(), Op: "capabilities", Err: backend.ErrUnavailable}}
		}
	}
	if held := s.bodyModalities(ctx, body); len(held) > 0 {
		return nil, errorf(KindUnsupported, "the body holds %s samples, a modality none of the backends of gallery %q supports: %s", strings.Join(held, " and "), gallery, describeBackends(bs))
	}
	return nil, errorf(KindUnsupported, "the body holds no biometric sample the backends of gallery %q take: %s", gallery, describeBackends(bs))
}

// bodyModalities returns the modalities body holds samples of, whatever
// the backends take, so that a refusal names the one no backend supports
// (issue 13: "a search naming a modality no configured backend supports
// gets a clear answer saying so").
func (s *Service) bodyModalities(ctx context.Context, body []byte) []string {
	formats := map[backend.Modality][]string{
		backend.Finger: {backend.FingerMinutiae, backend.FingerImage},
		backend.Face:   {backend.FaceImage},
		backend.Iris:   {backend.IrisImage},
	}
	var out []string
	for _, m := range modalities {
		if got, _, _ := s.buildSamples(ctx, body, formats[m]); len(got) > 0 {
			out = append(out, string(m))
		}
	}
	if len(out) == 0 {
		// An ISO/INCITS record of an edition no backend format is (a
		// 19794-5:2005 face): its kind still says what it holds.
		if f, err := iso.Identify(body); err == nil {
			switch f.Kind() {
			case iso.KindMinutiae, iso.KindFingerImage:
				out = append(out, string(backend.Finger))
			case iso.KindFace:
				out = append(out, string(backend.Face))
			case iso.KindIris:
				out = append(out, string(backend.Iris))
			}
		}
	}
	return out
}

// add appends samples for b, merging with its earlier part.
func (r *routing) add(b NamedBackend, got []backend.Sample) {
	for i := range r.parts {
		if r.parts[i].backend.Name == b.Name {
			r.parts[i].samples = append(r.parts[i].samples, got...)
			return
		}
	}
	r.parts = append(r.parts, routed{backend: b, samples: got})
}

// describeBackends says what each backend matches, for an error a person
// reads: "embedded matches finger (iso19794-2:2011, iso19794-4:2011)".
func describeBackends(bs Backends) string {
	var parts []string
	for _, b := range bs {
		caps := b.Capabilities()
		ms := make([]string, len(caps.Modalities))
		for i, m := range caps.Modalities {
			ms[i] = string(m)
		}
		what := "nothing (it has not said what it matches: it may be unreachable)"
		if len(ms) > 0 {
			what = fmt.Sprintf("%s (%s)", strings.Join(ms, ", "), strings.Join(caps.Formats, ", "))
		}
		parts = append(parts, b.Name+" matches "+what)
	}
	return strings.Join(parts, "; ")
}

// toEnrolled keeps what the exchange records of samples: their formats
// and positions, not their data (the backends keep that).
func toEnrolled(ss []backend.Sample) []store.EnrolledSample {
	out := make([]store.EnrolledSample, len(ss))
	for i, x := range ss {
		out[i] = store.EnrolledSample{Format: x.Format, Position: x.Position}
	}
	return out
}

// backendError turns a backend failure into *Error: unavailable (a
// retry may help), not enrolled, unsupported, invalid sample.
func backendError(err error, what string) error {
	switch {
	case err == nil:
		return nil
	case backend.Retryable(err):
		return &Error{Kind: KindUnavailable, Msg: what + ": the matching backend is unavailable; try again later", Err: err}
	case errors.Is(err, backend.ErrNotFound):
		return &Error{Kind: KindNotFound, Msg: what + ": not enrolled", Err: err}
	case errors.Is(err, backend.ErrUnsupported):
		return &Error{Kind: KindUnsupported, Msg: what, Err: err}
	case errors.Is(err, backend.ErrInvalidSample):
		return &Error{Kind: KindUnreadable, Msg: what + ": a sample cannot be read", Err: err}
	}
	return &Error{Kind: KindUnavailable, Msg: what + ": the matching backend failed", Err: err}
}
