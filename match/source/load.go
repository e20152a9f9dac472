package source

import (
	"context"
	"errors"
	"fmt"

	"github.com/biogate/biogate/internal/exchange"
	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// Load reads every fingerprint image of b, whose format is sniffed: an
// image file gives one Finger, a transaction one per friction-ridge image
// record, an ISO/IEC 19794-4 or INCITS 381 record one per view.
//
// When some images of a transaction or record cannot be read, Load
// returns the others together with an error joining an *Error per image
// left out; when none can be read, no Finger and that error. An input of
// no format Biogate reads, or a record of another kind (minutiae, face,
// iris), is an error of its own.
func Load(b []byte, o *Options) ([]Finger, error) {
	switch f := sniff.Format(b); f {
	case sniff.WSQ, sniff.PNG, sniff.JPEG, sniff.JP2, sniff.TIFF, sniff.BMP, sniff.PGM:
		fg, err := ImageFile(b, o)
		if err != nil {
			return nil, err
		}
		return []Finger{fg}, nil
	case sniff.ISO:
		rec, format, err := iso.DecodeWith(b, &iso.DecodeOptions{Lenient: true})
		if rec == nil {
			return nil, fmt.Errorf("the %s record cannot be read: %w", format, err)
		}
		fr, ok := rec.(*iso.FingerImageRecord)
		if !ok {
			return nil, fmt.Errorf("the input is a %s record (%s), not a finger image record", rec.Kind(), format)
		}
		return FromRecord(fr, o)
	case sniff.AN2, sniff.XML, sniff.JSON:
		t, err := DecodeTransaction(b)
		if err != nil {
			return nil, err
		}
		return FromTransaction(t, o)
	}
	return nil, errors.New("the input is not an image, transaction or ISO/INCITS record Biogate reads")
}

// DecodeTransaction decodes a transaction in any of its encodings
// (traditional, NIEM XML, Biogate's JSON form) leniently, through the
// exchange core: a problem a lenient decode recovers from does not keep
// its images or minutiae from being read.
func DecodeTransaction(b []byte) (*nist.Transaction, error) {
	in, err := exchange.Load(context.Background(), b, nil)
	if err != nil {
		return nil, err
	}
	if in.Transaction == nil {
		return nil, fmt.Errorf("the input is a %s, not a transaction", in.Format)
	}
	return in.Transaction, nil
}
