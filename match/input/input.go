// Package input turns whatever a caller holds into fingerprint templates:
// an ISO/IEC 19794-2 or INCITS 378 minutiae record (read as it is, every
// view), an ANSI/NIST-ITL transaction (its Type-9 minutiae when it has
// some, else the minutiae extracted from its friction-ridge images), or a
// fingerprint image or finger image record (minutiae extracted). It is
// what `biogate extract` and `biogate match` read their arguments with,
// and what a service enrolling "a transaction, record or image" needs.
package input

import (
	"errors"
	"fmt"

	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/extract"
	"github.com/biogate/biogate/match/source"
	"github.com/biogate/biogate/match/templateio"
	"github.com/biogate/biogate/nist"
)

// Item is one template and where it came from.
type Item struct {
	Template match.Template
	// Where names the view, record or image inside the input ("view 2",
	// "record 3 (Type-9, IDC 1)"); "" for an image file.
	Where string
	// Extracted is true when the minutiae were extracted from an image
	// here, false when they were read from a record.
	Extracted bool
	// Image is the record or file the template came from when Extracted,
	// for callers that add Type-9 records beside it (its IDC); nil
	// otherwise.
	Image *source.Finger
	// Notes say what was assumed or could not be carried (an assumed
	// resolution, conversion findings).
	Notes []string
}

// Options tune Templates; nil means the defaults.
type Options struct {
	// PPI, when positive, is the resolution of the images read, replacing
	// what they state (or the 500 ppi assumed when they state none).
	PPI float64
	// Images makes a transaction holding both Type-9 minutiae and images
	// give templates extracted from its images instead of its Type-9s.
	// Either way, a transaction without the one (or whose ones cannot be
	// read) gives the other.
	Images bool
	// Extract tunes the extractor.
	Extract extract.Options
}

// Templates reads every template b holds, sniffing its format. When some
// parts cannot be read the others are returned with an error naming the
// parts left out; an error alone means nothing could be read.
func Templates(b []byte, o *Options) ([]Item, error) {
	if o == nil {
		o = &Options{}
	}
	switch sniff.Format(b) {
	case sniff.ISO:
		rec, f, err := iso.DecodeWith(b, &iso.DecodeOptions{Lenient: true})
		if rec == nil {
			return nil, fmt.Errorf("the %s record cannot be read: %w", f, err)
		}
		if mr, ok := rec.(*iso.MinutiaeRecord); ok {
			return fromMinutiae(mr)
		}
		if _, ok := rec.(*iso.FingerImageRecord); !ok {
			return nil, fmt.Errorf("the input is a %s record (%s), which holds no fingerprint", rec.Kind(), f)
		}
	case sniff.AN2, sniff.XML, sniff.JSON:
		t, err := source.DecodeTransaction(b)
		if err != nil {
			return nil, err
		}
		if !o.Images {
			items, err := fromType9(t)
			if len(items) > 0 {
				return items, err
			}
			fs, ferr := source.FromTransaction(t, nil)
			extracted, ierr := extractAll(fs, ferr, o)
			return orElse(extracted, ierr, err)
		}
		fs, ferr := source.FromTransaction(t, nil)
		extracted, err := extractAll(fs, ferr, o)
		if len(extracted) > 0 {
			return extracted, err
		}
		items, terr := fromType9(t)
		return orElse(items, terr, err)
	}
	fs, err := source.Load(b, nil)
	return extractAll(fs, err, o)
}

// orElse returns the items of a second try, with the errors of both
// (a transaction's "no image" is not one), or, when it found nothing, the
// errors of both tries.
func orElse(items []Item, err, first error) ([]Item, error) {
	var errs []error
	for _, e := range []error{first, err} {
		if e != nil && !errors.Is(e, source.ErrNoImage) {
			errs = append(errs, e)
		}
	}
	if len(items) > 0 {
		return items, errors.Join(errs...)
	}
	if len(errs) == 0 {
		return nil, errors.New("the transaction holds no Type-9 minutiae and no friction-ridge image")
	}
	return nil, errors.Join(errs...)
}

// extractAll extracts the minutiae of each image a source loader gave
// (err is the loader's), returning the templates and the errors of the
// images left out.
func extractAll(fingers []source.Finger, err error, o *Options) ([]Item, error) {
	if len(fingers) == 0 {
		return nil, err
	}
	var items []Item
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	for i := range fingers {
		it, err := Extract(&fingers[i], o)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil, errors.Join(errs...)
	}
	return items, errors.Join(errs...)
}

// Extract extracts the minutiae of one fingerprint image.
func Extract(fg *source.Finger, o *Options) (Item, error) {
	if o == nil {
		o = &Options{}
	}
	ppi := fg.PPI
	notes := append([]string(nil), fg.Notes...)
	if o.PPI > 0 {
		ppi = o.PPI
		if !fg.PPIStated {
			notes = dropAssumedPPI(notes)
		}
	}
	t, err := extract.ExtractWith(fg.Image, ppi, o.Extract)
	if err != nil {
		if fg.Where != "" {
			return Item{}, fmt.Errorf("%s: %w", fg.Where, err)
		}
		return Item{}, err
	}
	t.Finger = fg.Position
	if fg.Impression >= 0 {
		t.Impression = fg.Impression
	}
	return Item{Template: *t, Where: fg.Where, Extracted: true, Image: fg, Notes: notes}, nil
}

// dropAssumedPPI removes the note of an assumed resolution, which an
// explicit one replaces.
func dropAssumedPPI(notes []string) []string {
	out := notes[:0]
	for _, n := range notes {
		if len(n) < 19 || n[:19] != "resolution assumed " {
			out = append(out, n)
		}
	}
	return out
}

func fromMinutiae(rec *iso.MinutiaeRecord) ([]Item, error) {
	var items []Item
	for i := range rec.Views {
		t, rep, err := templateio.FromRecord(rec, i)
		if err != nil {
			return nil, err
		}
		it := Item{Template: t, Where: fmt.Sprintf("view %d", i+1)}
		for _, f := range rep.Findings {
			it.Notes = append(it.Notes, f.String())
		}
		items = append(items, it)
	}
	if len(items) == 0 {
		return nil, errors.New("the minutiae record holds no finger view")
	}
	return items, nil
}

// fromType9 reads the Type-9 minutiae of a transaction: the templates
// and the errors of the records that could not be read (none and nil when
// it has no Type-9 minutiae).
func fromType9(t *nist.Transaction) ([]Item, error) {
	var items []Item
	var errs []error
	for i, r := range t.Records {
		if r.Type != 9 || !nist.HasM1Minutiae(r) && !nist.HasLegacyMinutiae(r) {
			continue
		}
		idc, _ := r.IDC()
		where := fmt.Sprintf("record %d (Type-9, IDC %d)", i+1, idc)
		tm, rep, err := templateio.FromTransaction(t, r)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
			continue
		}
		it := Item{Template: tm, Where: where}
		for _, f := range rep.Findings {
			it.Notes = append(it.Notes, f.String())
		}
		items = append(items, it)
	}
	return items, errors.Join(errs...)
}
