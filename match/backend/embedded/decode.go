package embedded

import (
	"bytes"
	"fmt"

	"github.com/biogate/biogate/iso"
	_ "github.com/biogate/biogate/iso/all" // the record codecs iso.Identify and Encode use
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/backend"
	"github.com/biogate/biogate/match/input"
	"github.com/biogate/biogate/match/templateio"
)

// prepared is one finger of a sample, ready for the index and the store.
type prepared struct {
	position int
	prepared *match.Prepared
	template match.Template
}

// formatOf is the ISO/IEC 19794 edition each sample format must be in.
var formatOf = map[string]iso.Format{
	backend.FingerMinutiae: iso.FMR2011,
	backend.FingerImage:    iso.FIR2011,
}

// prepare reads the fingers of samples: a 19794-2:2011 record's views as
// they are, a 19794-4:2011 record's views with their minutiae extracted
// (package match/input). The position is the sample's when it states one,
// else the record's. Fingers whose minutiae are too few to compare are
// left out; none left is an error wrapping backend.ErrInvalidSample.
func prepare(samples []backend.Sample) ([]prepared, error) {
	if len(samples) == 0 {
		return nil, fmt.Errorf("%w: no sample", backend.ErrInvalidSample)
	}
	var out []prepared
	for i, s := range samples {
		want, ok := formatOf[s.Format]
		if !ok {
			return nil, fmt.Errorf("%w: sample %d is %q; the embedded backend takes %s and %s", backend.ErrUnsupported, i+1, s.Format, backend.FingerMinutiae, backend.FingerImage)
		}
		if got, err := iso.Identify(s.Data); err != nil || got != want {
			return nil, fmt.Errorf("%w: sample %d is not an %s record (%v)", backend.ErrInvalidSample, i+1, want, describe(got, err))
		}
		items, err := input.Templates(s.Data, nil)
		if len(items) == 0 {
			return nil, fmt.Errorf("%w: sample %d: %v", backend.ErrInvalidSample, i+1, err)
		}
		for _, it := range items {
			pos := s.Position
			if pos == 0 {
				pos = it.Template.Finger
			}
			p := match.Prepare(it.Template)
			if p.Len() == 0 {
				continue
			}
			out = append(out, prepared{position: pos, prepared: p, template: it.Template})
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: no sample has enough minutiae to compare", backend.ErrInvalidSample)
	}
	return out, nil
}

func describe(f iso.Format, err error) string {
	if err != nil {
		return err.Error()
	}
	return "it is " + string(f)
}

// minutiaeRecord writes a template as a one-view 19794-2:2011 record, the
// form the store keeps beside the prepared one (so that an index can be
// prepared again if the prepared form changes).
func minutiaeRecord(t match.Template) ([]byte, error) {
	rec, _, err := templateio.ToRecord(t, iso.FMR2011)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := iso.Encode(&buf, rec, iso.FMR2011); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
