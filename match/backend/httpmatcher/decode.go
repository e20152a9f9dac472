package httpmatcher

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"

	"github.com/biogate/biogate/match/backend"
)

// Bounds of a request the server reads (openapi.json states the same).
const (
	// DefaultMaxBody is the largest request body by default: a ten-print
	// of 19794-4 images compressed with WSQ fits with room to spare.
	DefaultMaxBody = 16 << 20
	// DefaultMaxSamples is the most samples in one request by default:
	// ten rolled and four plain fingers, two irises and a face, twice
	// over, and more.
	DefaultMaxSamples = 64
	// maxPosition bounds a sample's position: the position is one byte
	// in every ISO/IEC 19794 record.
	maxPosition = 255
	// maxFormat bounds the length of a sample's format name.
	maxFormat = 64
)

// requestError is a request the protocol refuses (400 invalid-request).
type requestError struct{ msg string }

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, a ...any) error { return &requestError{fmt.Sprintf(format, a...)} }

// mediaTypeError is a body that is not application/json (415).
type mediaTypeError struct{ got string }

func (e *mediaTypeError) Error() string {
	return fmt.Sprintf("the body is %.60q; the protocol takes application/json", e.got)
}

// decodeSamples reads the body of enrol, search and verify: one JSON
// object {"samples": [...]} and nothing after it, no member the document
// does not name, between 1 and maxSamples samples, each of a known
// format (else ErrUnsupported), a position 0..255 and non-empty data
// (else ErrInvalidSample). The caller bounds body's
// size (http.MaxBytesReader): an oversized body fails here with an error
// wrapping *http.MaxBytesError.
func decodeSamples(body io.Reader, contentType string, maxSamples int) ([]backend.Sample, error) {
	if mt, _, err := mime.ParseMediaType(contentType); err != nil || mt != "application/json" {
		return nil, &mediaTypeError{contentType}
	}
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	var b samplesBody
	if err := dec.Decode(&b); err != nil {
		return nil, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err != nil {
			return nil, jsonError(err)
		}
		return nil, badRequest("the body holds more than one JSON value")
	}
	if len(b.Samples) == 0 {
		return nil, badRequest("samples: at least one sample is required")
	}
	if len(b.Samples) > maxSamples {
		return nil, badRequest("samples: %d samples, more than the %d this matcher takes in one request", len(b.Samples), maxSamples)
	}
	for i, s := range b.Samples {
		switch {
		case s.Format == "" || len(s.Format) > maxFormat:
			return nil, badRequest("samples[%d].format: a format name of 1 to %d characters is required", i, maxFormat)
		case backend.ModalityOf(s.Format) == "":
			return nil, fmt.Errorf("samples[%d].format %q: %w (the protocol's formats are %s, %s, %s and %s)", i, s.Format,
				backend.ErrUnsupported, backend.FingerMinutiae, backend.FingerImage, backend.FaceImage, backend.IrisImage)
		case s.Position < 0 || s.Position > maxPosition:
			return nil, badRequest("samples[%d].position %d: not in 0..%d", i, s.Position, maxPosition)
		case len(s.Data) == 0: // as any record a backend cannot read
			return nil, fmt.Errorf("samples[%d].data: the record is empty: %w", i, backend.ErrInvalidSample)
		}
	}
	return fromWireSamples(b.Samples), nil
}

// jsonError turns a decoding error into a request error, keeping an
// oversized body's error as it is (413).
func jsonError(err error) error {
	if isTooLarge(err) {
		return err
	}
	if errors.Is(err, io.EOF) {
		return badRequest("the body is empty; a JSON object {\"samples\": [...]} is required")
	}
	return badRequest("the body is not the JSON the protocol takes: %v", err)
}

// isTooLarge reports whether err is http.MaxBytesReader's refusal.
func isTooLarge(err error) bool {
	var e *http.MaxBytesError
	return errors.As(err, &e)
}
