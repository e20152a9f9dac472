package fmr2005

import (
	"fmt"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/iso/internal/bin"
	"github.com/biogate/biogate/iso/internal/fmd"
)

const headerLen = 24 // clause 7.3

// rules: angles use the whole byte (clause 7.4.2.3); minutia quality 0-100.
var rules = fmd.Rules{MaxAngle: 255, CoreDelta: fmd.LayoutISO}

// Decode decodes an ISO/IEC 19794-2:2005 record. With opts.Lenient it
// returns the record together with an [iso.Problems] error listing the
// recoverable problems found.
func Decode(b []byte, opts *iso.DecodeOptions) (*iso.MinutiaeRecord, error) {
	r := bin.NewReader(b, iso.FMR2005, opts)
	return bin.Outcome(r, read(r))
}

func decodeRecord(b []byte, opts *iso.DecodeOptions) (iso.Record, error) {
	rec, err := Decode(b, opts)
	if rec == nil {
		return nil, err
	}
	return rec, err
}

func read(r *bin.Reader) *iso.MinutiaeRecord {
	rec := &iso.MinutiaeRecord{Format: iso.FMR2005}
	rec.Version20 = r.MagicFMR20()
	length := r.U32("record length")
	rec.Equipment = r.U16("capture equipment")
	rec.Width = r.U16("image width")
	rec.Height = r.U16("image height")
	rec.XRes = r.U16("x resolution")
	rec.YRes = r.U16("y resolution")
	n := int(r.U8("number of finger views"))
	rec.Reserved = r.U8("reserved")
	if r.Failed() {
		return rec
	}
	if length < headerLen {
		r.Problem(8, "record length", iso.ErrLength, "%d is shorter than the %d-byte header", length, headerLen)
	}
	if rec.Equipment&0x7000 != 0 {
		r.Problem(12, "capture equipment", iso.ErrRange, "compliance bits 0x%X are reserved", rec.Equipment&0x7000)
	}
	for i := 0; i < n && !r.Failed(); i++ {
		r.Scope = fmt.Sprintf("view %d", i+1)
		rec.Views = append(rec.Views, readView(r, rec))
	}
	r.Scope = ""
	if !r.Failed() {
		rec.Trailing, rec.DeclaredLength = bin.Finish(r, uint64(length), "view")
	}
	return rec
}

func readView(r *bin.Reader, rec *iso.MinutiaeRecord) iso.MinutiaeView {
	v := iso.MinutiaeView{Width: rec.Width, Height: rec.Height, XRes: rec.XRes, YRes: rec.YRes}
	off := r.Off
	v.Position = r.U8("finger position")
	vi := r.U8("view number and impression type")
	v.ViewNumber, v.Impression = vi>>4, vi&0x0F
	v.Quality = r.U8("finger quality")
	n := int(r.U8("number of minutiae"))
	if r.Failed() {
		return v
	}
	if v.Position > 10 {
		r.Problem(off, "finger position", iso.ErrRange, "%d out of range 0-10", v.Position)
	}
	if v.Quality > 100 {
		r.Problem(off+2, "finger quality", iso.ErrRange, "%d out of range 0-100", v.Quality)
	}
	v.Minutiae = fmd.ReadMinutiae(r, n, 6, rules)
	v.Extensions, v.ExtDeclaredLength = fmd.ReadExtended(r, rules)
	return v
}
