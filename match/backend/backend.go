// Package backend is the matching backend interface of Biogate's
// HTTP-free core: a named gallery of subjects, each enrolled with one or
// more biometric samples, searched 1:N (identify) and 1:1 (verify).
//
// Backends:
//   - embedded (package backend/embedded): the pure-Go extractor and
//     matcher of package match, enrolments durable in a store.Galleries
//     before they are acknowledged, the in-memory index rebuilt at start;
//   - http (package backend/httpmatcher): Biogate's own matcher protocol
//     (match/backend/httpmatcher/openapi.json), served by `biogate matcher
//     serve` and implementable by a vendor's AFIS;
//   - mosip-biosdk (package backend/mosip): the MOSIP Bio-SDK REST service,
//     which returns decisions rather than scores.
//
// Samples travel in ISO/IEC 19794 2011 forms: finger minutiae as
// ISO/IEC 19794-2:2011 records, finger images as 19794-4:2011, faces as
// 19794-5:2011, irises as 19794-6:2011. A backend says which modalities
// and formats it takes (Capabilities); the caller converts its input to
// one of them.
package backend

import (
	"context"
	"errors"
	"fmt"
)

// Modality is a biometric modality.
type Modality string

// Modalities.
const (
	Finger Modality = "finger"
	Face   Modality = "face"
	Iris   Modality = "iris"
)

// Sample formats (the names of the DESIGN.md format contract).
const (
	FingerMinutiae = "iso19794-2:2011"
	FingerImage    = "iso19794-4:2011"
	FaceImage      = "iso19794-5:2011"
	IrisImage      = "iso19794-6:2011"
)

// ModalityOf returns the modality of a sample format, "" for an unknown
// format.
func ModalityOf(format string) Modality {
	switch format {
	case FingerMinutiae, FingerImage:
		return Finger
	case FaceImage:
		return Face
	case IrisImage:
		return Iris
	}
	return ""
}

// Sample is one biometric sample of a subject: one finger, one face, one
// eye.
type Sample struct {
	// Format is one of the sample formats above; the modality follows
	// from it.
	Format string `json:"format"`
	// Position is the finger position code (ANSI/NIST-ITL Table 8,
	// 19794-2 Table 8: 0 unknown, 1-10 the fingers) for a finger, the eye
	// (0 undefined, 1 right, 2 left; 19794-6) for an iris, 0 for a face.
	Position int `json:"position,omitempty"`
	// Data is the record in Format.
	Data []byte `json:"data"`
}

// Modality returns the sample's modality.
func (s Sample) Modality() Modality { return ModalityOf(s.Format) }

// Capabilities say what a backend takes.
type Capabilities struct {
	// Modalities it matches.
	Modalities []Modality `json:"modalities"`
	// Formats of the samples it takes, in its order of preference.
	Formats []string `json:"formats"`
	// Scores is false for a backend that answers decisions only (match or
	// no match, as the MOSIP Bio-SDK does): its candidates carry no
	// meaningful score and are ranked as the backend lists them.
	Scores bool `json:"scores"`
}

// Supports reports whether the backend matches modality m.
func (c Capabilities) Supports(m Modality) bool {
	for _, x := range c.Modalities {
		if x == m {
			return true
		}
	}
	return false
}

// Takes reports whether the backend takes samples in format f.
func (c Capabilities) Takes(f string) bool {
	for _, x := range c.Formats {
		if x == f {
			return true
		}
	}
	return false
}

// Candidate is one subject a search found.
type Candidate struct {
	Subject string `json:"subject"`
	// Score is the subject's similarity to the probe, higher is more
	// similar, on the backend's scale; 0 from a decision-only backend.
	Score float64 `json:"score"`
	// Position is the finger position (or eye) of the enrolled sample
	// that scored best, 0 when unknown or not applicable.
	Position int `json:"position,omitempty"`
}

// Verification is the answer of a 1:1 comparison.
type Verification struct {
	// Score as in Candidate; 0 from a decision-only backend.
	Score float64 `json:"score"`
	// Match is the backend's decision at its operating threshold.
	Match bool `json:"match"`
	// Threshold is the score at or above which Match is true; 0 from a
	// decision-only backend.
	Threshold float64 `json:"threshold,omitempty"`
}

// Health is a backend's state.
type Health struct {
	OK bool `json:"ok"`
	// Detail says what is wrong, or what the backend holds.
	Detail string `json:"detail,omitempty"`
	// Subjects is the number of subjects enrolled, by gallery, where the
	// backend knows it.
	Subjects map[string]int `json:"subjects,omitempty"`
}

// Backend is a matching backend. Implementations are safe for
// concurrent use.
//
// Galleries are created by their first enrolment. Enrol replaces what a
// subject had in the gallery; when it returns nil the enrolment is
// durable (it survives a crash of the backend). Remove of a subject that
// is not enrolled returns an error wrapping ErrNotFound.
type Backend interface {
	// Name is the backend's kind: "embedded", "http", "mosip-biosdk".
	Name() string
	Capabilities() Capabilities
	Enrol(ctx context.Context, gallery, subject string, samples []Sample) error
	Remove(ctx context.Context, gallery, subject string) error
	// Identify returns up to k candidates, best first.
	Identify(ctx context.Context, gallery string, probe []Sample, k int) ([]Candidate, error)
	// Verify compares the probe with one enrolled subject.
	Verify(ctx context.Context, gallery, subject string, probe []Sample) (*Verification, error)
	Health(ctx context.Context) (*Health, error)
	Close() error
}

// Sentinel errors, wrapped by *Error or returned as they are.
var (
	// ErrNotFound: no such subject (or gallery).
	ErrNotFound = errors.New("not enrolled")
	// ErrUnavailable: the backend cannot be reached or is too slow; the
	// request may be retried.
	ErrUnavailable = errors.New("matching backend unavailable")
	// ErrUnsupported: the backend does not match this modality or take
	// this sample format.
	ErrUnsupported = errors.New("not supported by the matching backend")
	// ErrInvalidSample: a sample cannot be read.
	ErrInvalidSample = errors.New("invalid sample")
)

// Error is a backend failure: which backend, what it was doing, and the
// cause (one of the sentinels where it applies).
type Error struct {
	Backend string // Name() of the backend
	Op      string // enrol, remove, identify, verify, health
	Err     error
}

func (e *Error) Error() string {
	return fmt.Sprintf("%s backend: %s: %v", e.Backend, e.Op, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

// Retryable reports whether err means the request may succeed if tried
// again later (the backend was unavailable, or the context's deadline
// passed while waiting for it).
func Retryable(err error) bool {
	return errors.Is(err, ErrUnavailable) || errors.Is(err, context.DeadlineExceeded)
}
