package exchange

import (
	"math"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/match"
	"github.com/biogate/biogate/match/templateio"
	"github.com/biogate/biogate/nist"
)

// MinutiaeSummary is the minutiae of one finger (a Type-9 record, or a
// view of an ISO/INCITS minutiae record) in the conventions of ISO/IEC
// 19794-2:2011 clause 7.4, read by package templateio (which applies
// package convert's unit rules): pixels with the origin at the upper-left
// pixel, x to the right and y downwards; angles in degrees [0, 360)
// counter-clockwise from the positive x axis.
type MinutiaeSummary struct {
	// Count is the number of minutiae, the record's own count (9.010 MIN,
	// 9.136 NOM, a view's number of minutiae): len(Points).
	Count int `json:"count"`
	// Width, Height and PPI are the coordinate space: the image the
	// minutiae were taken from.
	Width  int     `json:"width,omitempty"`
	Height int     `json:"height,omitempty"`
	PPI    float64 `json:"ppi,omitempty"`
	// ImageRecord is the index (from 1) of the transaction's image record
	// of the same IDC, the print the minutiae belong to; absent when there
	// is none (and for ISO/INCITS records).
	ImageRecord *int           `json:"imageRecord,omitempty"`
	Points      []MinutiaPoint `json:"points"`
}

// MinutiaPoint is one minutia.
type MinutiaPoint struct {
	X     int     `json:"x"`
	Y     int     `json:"y"`
	Angle float64 `json:"angle"`
	Type  string  `json:"type"` // "ending", "bifurcation" or "other"
	// Quality is 0-100 (100 best); absent when the record reports none.
	Quality *int `json:"quality,omitempty"`
}

// minutiaTypes name match.MinutiaType (19794-2:2011 Table 7).
var minutiaTypes = map[match.MinutiaType]string{
	match.RidgeEnding: "ending", match.Bifurcation: "bifurcation", match.Other: "other",
}

// minutiaeSummary describes a template read by templateio.
func minutiaeSummary(tm match.Template) *MinutiaeSummary {
	s := &MinutiaeSummary{Count: len(tm.Minutiae), Width: tm.Width, Height: tm.Height,
		PPI: math.Round(tm.PPI*100) / 100, Points: make([]MinutiaPoint, len(tm.Minutiae))}
	for i, m := range tm.Minutiae {
		p := MinutiaPoint{X: m.X, Y: m.Y, Angle: math.Round(m.Angle*1000) / 1000, Type: minutiaTypes[m.Type]}
		if p.Type == "" {
			p.Type = "other"
		}
		if m.Quality >= 0 {
			q := m.Quality
			p.Quality = &q
		}
		s.Points[i] = p
	}
	return s
}

// recordMinutiae reads the minutiae of Type-9 record r of t (the INCITS
// 378 block 9.126-9.141 when present, else the legacy block 9.005-9.012);
// nil, nil when r holds neither.
func recordMinutiae(t *nist.Transaction, r *nist.Record) (*MinutiaeSummary, error) {
	if r.Type != 9 || !nist.HasM1Minutiae(r) && !nist.HasLegacyMinutiae(r) {
		return nil, nil
	}
	tm, _, err := templateio.FromTransaction(t, r)
	if err != nil {
		return nil, err
	}
	s := minutiaeSummary(tm)
	s.ImageRecord = imageRecordOf(t, r)
	return s, nil
}

// printTypes are the friction ridge image record types, in the order an
// image of the same IDC is looked for (ANSI/NIST-ITL 1-2011 §8.9: the
// IDC of a Type-9 record is that of the image it was taken from).
var printTypes = []int{14, 4, 13, 15, 19, 3, 5, 6}

// imageRecordOf returns the index (from 1) of the image record of t with
// the IDC of r and image data, nil when there is none.
func imageRecordOf(t *nist.Transaction, r *nist.Record) *int {
	idc, ok := r.IDC()
	if !ok {
		return nil
	}
	for _, typ := range printTypes {
		for i, o := range t.Records {
			if o.Type != typ {
				continue
			}
			im, _ := t.ImageOf(o)
			if n, ok := o.IDC(); ok && n == idc && len(im.Data()) > 0 {
				index := i + 1
				return &index
			}
		}
	}
	return nil
}

// viewMinutiae reads view (from 0) of an ISO/INCITS minutiae record.
func viewMinutiae(rec *iso.MinutiaeRecord, view int) (*MinutiaeSummary, error) {
	tm, _, err := templateio.FromRecord(rec, view)
	if err != nil {
		return nil, err
	}
	return minutiaeSummary(tm), nil
}
