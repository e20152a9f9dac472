package exchange

import (
	"fmt"

	"github.com/biogate/biogate/convert"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// ViewSummary is one view (finger minutiae or image view, face image,
// iris image; a 2011 edition's representation) of an ISO/IEC 19794 or
// INCITS record.
type ViewSummary struct {
	// Index counts from 1: the view parameter of POST /v1/render.
	Index    int              `json:"index"`
	Image    *ImageSummary    `json:"image,omitempty"`
	Minutiae *MinutiaeSummary `json:"minutiae,omitempty"`
}

// viewSummaries describes the views of rec; a view that cannot be read
// adds a note instead of its minutiae.
func viewSummaries(rec iso.Record) ([]ViewSummary, []string) {
	var out []ViewSummary
	var notes []string
	n := viewCount(rec)
	for i := range n {
		v := ViewSummary{Index: i + 1}
		if m, ok := rec.(*iso.MinutiaeRecord); ok {
			s, err := viewMinutiae(m, i)
			if err != nil {
				notes = append(notes, fmt.Sprintf("view %d: minutiae: %v", i+1, err))
			}
			v.Minutiae = s
		} else {
			im, err := viewImage(rec, i)
			if err != nil {
				notes = append(notes, fmt.Sprintf("view %d: %v", i+1, err))
				v.Image = &ImageSummary{}
			} else {
				v.Image = imageSummary(im)
			}
		}
		out = append(out, v)
	}
	return out, notes
}

// viewCount is the number of views (images) of rec.
func viewCount(rec iso.Record) int {
	switch x := rec.(type) {
	case *iso.MinutiaeRecord:
		return len(x.Views)
	case *iso.FingerImageRecord:
		return len(x.Views)
	case *iso.FaceRecord:
		return len(x.Images)
	case *iso.IrisRecord:
		return len(x.Images)
	}
	return 0
}

// viewImage gives view (from 0) of an image record as the ANSI/NIST-ITL
// image record package convert makes of it (Type-14, Type-10, Type-17), so
// that its image is described and decoded by the same rules as a
// transaction's (compression codes mapped by convert and codec).
func viewImage(rec iso.Record, view int) (nist.Image, error) {
	var r *nist.Record
	var err error
	switch x := rec.(type) {
	case *iso.FingerImageRecord:
		r, _, err = convert.FingerImageToType14(x, view, nil)
	case *iso.FaceRecord:
		r, _, err = convert.FaceToType10(x, view, nil)
	case *iso.IrisRecord:
		r, _, err = convert.IrisToType17(x, view, nil)
	default:
		return nist.Image{}, &Error{Kind: KindNoImage, Msg: fmt.Sprintf("a %s record holds no image", rec.Kind())}
	}
	if err != nil {
		return nist.Image{}, &Error{Kind: KindUnsupported, Msg: fmt.Sprintf("view %d", view+1), Err: err}
	}
	t := nist.NewTransaction(nist.V0502)
	t.AddRecord(r)
	im, _ := t.ImageOf(r)
	return im, nil
}
