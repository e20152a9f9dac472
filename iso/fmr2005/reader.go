package fmr2005

import (
	"fmt"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/iso/internal/bin"
	"github.com/biogate/biogate/iso/internal/fmd"
)

const (
	magic     = "FMR\x00 20\x00"
	headerLen = 24 // clause 7.3
)

// rules: angles use the whole byte (clause 7.4.2.3); minutia quality 0-100.
var rules = fmd.Rules{MaxAngle: 255, CoreDelta: fmd.LayoutISO}

// Decode decodes an ISO/IEC 19794-2:2005 record. With opts.Lenient it
// returns the record together with an [iso.Problems] error listing the
// recoverable problems found.
func Decode(b []byte, opts *iso.DecodeOptions) (*iso.MinutiaeRecord, error) {
	r := bin.NewReader(b, iso.FMR2005, opts)
	rec := read(r)
	if _, err := r.Result(rec); err != nil {
		if r.Failed() {
			return nil, err
		}
		return rec, err
	}
	return rec, nil
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
	r.Magic(magic)
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
	finish(r, rec, uint64(length))
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

// finish keeps the bytes after the last view and the declared length where
// it disagrees with the content, reporting both.
func finish(r *bin.Reader, rec *iso.MinutiaeRecord, length uint64) {
	if r.Failed() {
		return
	}
	end := uint64(r.Off)
	rec.Trailing = r.Rest(len(r.B))
	total := uint64(len(r.B))
	if length != total {
		rec.DeclaredLength = length
	}
	switch {
	case length < end:
		r.Problem(8, "record length", iso.ErrLength, "%d is shorter than the %d bytes of header and views", length, end)
	case length > total:
		r.Problem(8, "record length", iso.ErrLength, "%d is longer than the %d bytes present", length, total)
	case length > end:
		r.Problem(int(end), "", iso.ErrLength, "%d bytes after the last view inside the record length (kept)", length-end)
	}
	if length < total && length >= end {
		r.Problem(int(length), "", iso.ErrTrailing, "%d bytes after the record's declared length %d (kept)", total-length, length)
	}
}
