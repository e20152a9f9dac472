package exchange

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match/backend"
)

// buildSamples is the sample builder, completed for transactions' faces
// and irises: a transaction's Type-10 face records (10.003 IMT FACE)
// become ISO/IEC 19794-5:2011 records and its Type-17 iris records
// ISO/IEC 19794-6:2011 records (package convert: Type10ToFace,
// Type17ToIris), which the builder (package samples) passes on only when
// given as ISO records.
func (s *Service) buildSamples(ctx context.Context, body []byte, formats []string) ([]backend.Sample, []string, error) {
	got, notes, err := s.samples(body, formats)
	if len(got) > 0 || !isTransactionFormat(sniff.Format(body)) {
		return got, notes, err
	}
	var want iso.Format
	var rt int
	var format string
	switch {
	case slices.Contains(formats, backend.FaceImage):
		want, rt, format = iso.Face2011, 10, backend.FaceImage
	case slices.Contains(formats, backend.IrisImage):
		want, rt, format = iso.Iris2011, 17, backend.IrisImage
	default:
		return got, notes, err
	}
	l, lerr := loadTransaction(ctx, body)
	if lerr != nil {
		return nil, nil, fmt.Errorf("%w: %v", backend.ErrInvalidSample, lerr)
	}
	var out []backend.Sample
	var errs []error
	for i, r := range l.t.Records {
		if r.Type != rt || rt == 10 && r.Text(3) != "FACE" {
			continue
		}
		rec, rep, cerr := convert.RecordToISO(l.t, i+1, want)
		if cerr != nil {
			errs = append(errs, fmt.Errorf("record %d (Type-%d): %w", i+1, rt, cerr))
			continue
		}
		var buf bytes.Buffer
		if eerr := iso.Encode(&buf, rec, want); eerr != nil {
			errs = append(errs, fmt.Errorf("record %d (Type-%d): %w", i+1, rt, eerr))
			continue
		}
		position := 0
		if ir, ok := rec.(*iso.IrisRecord); ok && len(ir.Images) > 0 {
			position = int(ir.Images[0].Eye)
		}
		for _, n := range conversionNotes(rep) {
			notes = append(notes, fmt.Sprintf("record %d (Type-%d): %s", i+1, rt, n))
		}
		out = append(out, backend.Sample{Format: format, Position: position, Data: buf.Bytes()})
	}
	if len(out) > 0 {
		return out, notes, nil
	}
	if len(errs) > 0 {
		return nil, nil, fmt.Errorf("%w: %w", backend.ErrInvalidSample, errors.Join(errs...))
	}
	return got, notes, err
}
