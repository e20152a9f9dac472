// Package samples turns what a caller holds (an ANSI/NIST-ITL transaction,
// an ISO/IEC 19794 or INCITS record, a fingerprint image file) into the
// backend.Samples a matching backend takes, in the first of the backend's
// formats (Capabilities.Formats, its order of preference) the input can
// give:
//
//   - iso19794-2:2011 finger minutiae: one single-view record per finger,
//     read from the input's minutiae (a minutiae record's views, a
//     transaction's Type-9 records) or extracted from its images, through
//     package match/input, and written by templateio.ToRecord;
//   - iso19794-4:2011 finger images: one single-view record per image,
//     read by package match/source and written as convert.WrapImages
//     makes a Type-14 record of a loose image and convert.Type14ToFingerImage
//     makes a 19794-4:2011 view of it (WSQ at 500 ppi kept as it came, PNG
//     otherwise);
//   - iso19794-5:2011 face and iso19794-6:2011 iris records, passed on as
//     they are.
//
// It is what the exchange core calls before enrolling into, or searching,
// a backend, and what the backend conformance suite (backendtest) builds
// its samples with.
package samples

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/all" // every record codec, for iso.DecodeWith and Encode
	"github.com/biogate/biogate/iso/fir"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/input"
	"github.com/biogate/biogate/match/source"
	"github.com/biogate/biogate/match/templateio"
)

// FromInput returns the samples b holds in the first format of formats
// that b can give, and notes saying what was assumed or not carried (an
// assumed resolution, conversion findings). The error wraps
// backend.ErrUnsupported when b holds only what none of formats can carry
// (minutiae for an image-only backend, a face for a finger backend), and
// backend.ErrInvalidSample when b cannot be read. When some parts of b
// cannot be read the others are returned with notes naming what was left
// out.
func FromInput(b []byte, formats []string) ([]backend.Sample, []string, error) {
	if len(b) == 0 {
		return nil, nil, fmt.Errorf("%w: empty input", backend.ErrInvalidSample)
	}
	kind := sniff.Format(b)
	if kind == sniff.ISO {
		if s, ok, err := passThrough(b, formats); ok || err != nil {
			return s, nil, err
		}
	}
	var errs []error
	for _, f := range formats {
		var (
			s     []backend.Sample
			notes []string
			err   error
		)
		switch f {
		case backend.FingerMinutiae:
			s, notes, err = minutiae(b)
		case backend.FingerImage:
			s, notes, err = images(b)
		default:
			continue
		}
		if len(s) > 0 {
			if err != nil {
				notes = append(notes, "left out: "+err.Error())
			}
			return s, notes, nil
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("as %s: %w", f, err))
		}
	}
	if len(errs) == 0 {
		return nil, nil, fmt.Errorf("%w: the input (%s) holds no sample in the formats %v", backend.ErrUnsupported, describe(kind), formats)
	}
	return nil, nil, fmt.Errorf("%w: %w", backend.ErrInvalidSample, errors.Join(errs...))
}

func describe(kind string) string {
	if kind == sniff.Unknown {
		return "of no format Biogate reads"
	}
	return kind
}

// passThrough handles ISO/IEC 19794 records whose kind decides the
// outcome: a minutiae record for a backend without the minutiae format, a
// finger image record for one that takes neither finger format, and face
// and iris records (given as they are when the backend takes their 2011
// edition). ok is false when the finger paths of FromInput apply.
func passThrough(b []byte, formats []string) (s []backend.Sample, ok bool, err error) {
	rec, f, derr := iso.DecodeWith(b, &iso.DecodeOptions{Lenient: true})
	if rec == nil {
		return nil, true, fmt.Errorf("%w: the %s record cannot be read: %v", backend.ErrInvalidSample, f, derr)
	}
	takes := func(x string) bool {
		for _, y := range formats {
			if x == y {
				return true
			}
		}
		return false
	}
	switch r := rec.(type) {
	case *iso.MinutiaeRecord:
		if !takes(backend.FingerMinutiae) {
			return nil, true, fmt.Errorf("%w: the input is a finger minutiae record (%s); the backend takes %v", backend.ErrUnsupported, f, formats)
		}
	case *iso.FingerImageRecord:
		if !takes(backend.FingerMinutiae) && !takes(backend.FingerImage) {
			return nil, true, fmt.Errorf("%w: the input is a finger image record (%s); the backend takes %v", backend.ErrUnsupported, f, formats)
		}
	case *iso.FaceRecord:
		return whole(b, f, iso.Face2011, backend.FaceImage, 0, takes)
	case *iso.IrisRecord:
		eye := 0
		if len(r.Images) > 0 {
			eye = int(r.Images[0].Eye)
		}
		return whole(b, f, iso.Iris2011, backend.IrisImage, eye, takes)
	}
	return nil, false, nil
}

// whole passes a face or iris record on as one sample when it is in the
// edition the backend takes.
func whole(b []byte, got, want iso.Format, format string, position int, takes func(string) bool) ([]backend.Sample, bool, error) {
	if !takes(format) {
		return nil, true, fmt.Errorf("%w: the input is a %s record; the backend takes %s", backend.ErrUnsupported, got, format)
	}
	if got != want {
		return nil, true, fmt.Errorf("%w: the input is a %s record; the backend takes the %s edition", backend.ErrUnsupported, got, want)
	}
	return []backend.Sample{{Format: format, Position: position, Data: bytes.Clone(b)}}, true, nil
}

// minutiae gives one 19794-2:2011 record per finger template b holds or
// its images give.
func minutiae(b []byte) ([]backend.Sample, []string, error) {
	items, err := input.Templates(b, nil)
	var out []backend.Sample
	var notes []string
	for _, it := range items {
		rec, rep, rerr := templateio.ToRecord(it.Template, iso.FMR2011)
		if rerr != nil {
			err = errors.Join(err, fmt.Errorf("%s: %w", where(it.Where), rerr))
			continue
		}
		var buf bytes.Buffer
		if werr := iso.Encode(&buf, rec, iso.FMR2011); werr != nil {
			err = errors.Join(err, fmt.Errorf("%s: %w", where(it.Where), werr))
			continue
		}
		notes = append(notes, prefixed(it.Where, it.Notes)...)
		notes = append(notes, prefixed(it.Where, rep.Strings())...)
		out = append(out, backend.Sample{Format: backend.FingerMinutiae, Position: it.Template.Finger, Data: buf.Bytes()})
	}
	return out, notes, err
}

// images gives one 19794-4:2011 record per fingerprint image b holds.
func images(b []byte) ([]backend.Sample, []string, error) {
	fingers, err := source.Load(b, nil)
	var out []backend.Sample
	var notes []string
	for i := range fingers {
		fg := &fingers[i]
		data, rnotes, rerr := imageRecord(fg)
		if rerr != nil {
			err = errors.Join(err, fmt.Errorf("%s: %w", where(fg.Where), rerr))
			continue
		}
		notes = append(notes, prefixed(fg.Where, fg.Notes)...)
		notes = append(notes, prefixed(fg.Where, rnotes)...)
		out = append(out, backend.Sample{Format: backend.FingerImage, Position: fg.Position, Data: data})
	}
	return out, notes, err
}

// imageRecord writes one image as a single-view 19794-4:2011 record.
func imageRecord(fg *source.Finger) ([]byte, []string, error) {
	loose := fg.Loose(fg.Where)
	if loose.Position > 255 || loose.Position < 0 {
		loose.Position = 0
	}
	t, rep, err := convert.WrapImages([]convert.LooseImage{loose}, nil)
	if err != nil {
		return nil, nil, err
	}
	if len(t.Records) < 2 {
		return nil, nil, errors.New("no image record was made")
	}
	rec, rep2, err := convert.Type14ToFingerImage(t, t.Records[1], iso.FIR2011)
	if err != nil {
		return nil, nil, err
	}
	data, err := fir.Append(nil, rec, iso.FIR2011)
	if err != nil {
		return nil, nil, err
	}
	// WrapImages reports what a transaction's Type-1 assumed (agency,
	// date), which the record does not carry; only the record's findings
	// are the caller's concern.
	_ = rep
	return data, rep2.Strings(), nil
}

func prefixed(w string, notes []string) []string {
	if w == "" {
		return notes
	}
	out := make([]string, len(notes))
	for i, n := range notes {
		out[i] = w + ": " + n
	}
	return out
}

func where(w string) string {
	if w == "" {
		return "the image"
	}
	return w
}
