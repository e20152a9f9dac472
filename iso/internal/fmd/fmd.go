// Package fmd holds the finger minutiae data that 19794-2 and INCITS 378
// share: the 6-byte (and 2011 5-byte) minutia, and the extended data
// blocks with their ridge-count and core/delta layouts. Each edition's
// codec says which angle range and which core/delta layout apply.
package fmd

import (
	"bytes"
	"fmt"

	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/iso/internal/bin"
)

// Rules are the per-edition value ranges checked while reading.
type Rules struct {
	// MaxAngle is the largest valid minutia angle: 255 in ISO, 179 in ANSI.
	MaxAngle uint8
	// SpecialQuality allows the minutia qualities 254 and 255 (2009/2011).
	SpecialQuality bool
	// CoreDelta is the core/delta block layout.
	CoreDelta Layout
}

// Layout is a core/delta block layout.
type Layout int

const (
	// LayoutISO is 19794-2 (2005 clause 7.5.3, 2011 clause 8.2.3): count
	// bytes with the low 6 bits the count; each point's X word carries 2
	// type bits (01 = angle information present).
	LayoutISO Layout = iota
	// LayoutANSI is INCITS 378 (2004 clause 6.6.2.2): the count byte's top
	// 2 bits are the type (01 = angles present) for all its points; X and Y
	// are plain 16-bit words.
	LayoutANSI
)

// ReadMinutiae reads n minutiae of size bytes (6, or 5 without quality).
func ReadMinutiae(r *bin.Reader, n, size int, rules Rules) []iso.Minutia {
	if n == 0 {
		return nil
	}
	if r.Remaining() < n*size {
		r.Bytes(n*size, "minutiae") // reports the truncation
		return nil
	}
	ms := make([]iso.Minutia, n)
	saved := r.Item
	r.Item = "minutia"
	for i := range ms {
		r.Index = i + 1
		m := &ms[i]
		off := r.Off
		xw := r.U16("type and x")
		yw := r.U16("y")
		m.Type, m.X = uint8(xw>>14), xw&0x3FFF
		m.Reserved, m.Y = uint8(yw>>14), yw&0x3FFF
		m.Angle = r.U8("angle")
		if size == 6 {
			m.Quality = r.U8("quality")
		}
		if m.Type == 3 {
			r.Problem(off, "type", iso.ErrRange, "3 is reserved")
		}
		if m.Angle > rules.MaxAngle {
			r.Problem(off+4, "angle", iso.ErrRange, "%d out of range 0-%d", m.Angle, rules.MaxAngle)
		}
		if size == 6 && m.Quality > 100 && !(rules.SpecialQuality && m.Quality >= 254) {
			r.Problem(off+5, "quality", iso.ErrRange, "%d out of range 0-100", m.Quality)
		}
	}
	r.Item = saved
	return ms
}

// WriteMinutiae writes minutiae of size bytes.
func WriteMinutiae(w *bin.Writer, ms []iso.Minutia, size int) {
	for _, m := range ms {
		w.U16(uint16(m.Type&3)<<14 | m.X&0x3FFF)
		w.U16(uint16(m.Reserved&3)<<14 | m.Y&0x3FFF)
		w.U8(m.Angle)
		if size == 6 {
			w.U8(m.Quality)
		}
	}
}

// ReadExtended reads a view's extended data: the 2-byte total length and
// the blocks. It returns the blocks and, where the total disagrees with the
// sum of the block lengths, the declared total.
func ReadExtended(r *bin.Reader, rules Rules) ([]iso.ExtendedBlock, uint16) {
	start := r.Off
	total := r.U16("extended data length")
	if r.Failed() {
		return nil, 0
	}
	end := r.Off + int(total)
	if end > len(r.B) {
		r.Problem(start, "extended data length", iso.ErrLength, "%d runs %d bytes past the end of the input", total, end-len(r.B))
		end = len(r.B)
	}
	var blocks []iso.ExtendedBlock
	sum := 0
	saved := r.Item
	r.Item = "extended data block"
	for r.Off < end && !r.Failed() {
		r.Index = len(blocks) + 1
		off := r.Off
		if end-r.Off < 4 {
			r.Fail(off, "", iso.ErrLength, "%d bytes left in the extended data, too few for a block header", end-r.Off)
			break
		}
		var b iso.ExtendedBlock
		b.Type = r.U16("type")
		l := int(r.U16("length"))
		if l < 4 {
			r.Fail(off+2, "length", iso.ErrLength, "%d is shorter than the block header", l)
			break
		}
		n := l - 4
		if r.Off+n > end {
			r.Problem(off+2, "length", iso.ErrLength, "%d runs %d bytes past the extended data", l, r.Off+n-end)
			n = end - r.Off
			b.DeclaredLength = uint16(l)
		}
		data := r.Bytes(n, "data")
		sum += l
		parseBlock(r, &b, data, rules, off)
		blocks = append(blocks, b)
	}
	r.Item = saved
	var declared uint16
	if sum != int(total) {
		declared = total
	}
	return blocks, declared
}

// parseBlock fills the typed fields of a ridge-count or core/delta block,
// and keeps data as bytes where they would not give back the same bytes.
func parseBlock(r *bin.Reader, b *iso.ExtendedBlock, data []byte, rules Rules, off int) {
	switch b.Type {
	case iso.BlockRidgeCount:
		rc, ok := parseRidgeCounts(data)
		if !ok {
			r.Problem(off, "ridge counts", iso.ErrLength, "%d data bytes are not a method byte and whole (index, index, count) triples", len(data))
			b.Data = data
			return
		}
		b.RidgeCounts = rc
	case iso.BlockCoreDelta:
		cd, ok := parseCoreDelta(data, rules.CoreDelta)
		if !ok {
			r.Problem(off, "cores and deltas", iso.ErrLength, "%d data bytes do not hold the cores and deltas their counts announce", len(data))
			b.Data = data
			return
		}
		b.CoreDelta = cd
	default:
		b.Data = data
		return
	}
	if !bytes.Equal(BlockContent(b, rules.CoreDelta), data) {
		b.Data = data
	}
}

func parseRidgeCounts(d []byte) (*iso.RidgeCounts, bool) {
	if len(d) < 1 || (len(d)-1)%3 != 0 {
		return nil, false
	}
	rc := &iso.RidgeCounts{Method: d[0]}
	if n := (len(d) - 1) / 3; n > 0 {
		rc.Counts = make([]iso.RidgeCount, n)
		for i := range rc.Counts {
			t := d[1+3*i:]
			rc.Counts[i] = iso.RidgeCount{Index1: t[0], Index2: t[1], Count: t[2]}
		}
	}
	return rc, true
}

// parsePoint parses a core's or delta's 4-byte position and says whether
// angle information follows: in LayoutISO by the type in X's top 2 bits,
// in LayoutANSI by the type in the count byte's top 2 bits (info).
func parsePoint(xy []byte, layout Layout, info uint8) (typ uint8, x, y uint16, hasAngle bool) {
	xw := uint16(xy[0])<<8 | uint16(xy[1])
	y = uint16(xy[2])<<8 | uint16(xy[3])
	if layout == LayoutISO {
		typ, x = uint8(xw>>14), xw&0x3FFF
		return typ, x, y, typ == 1
	}
	return 0, xw, y, info>>6 == 1
}

func parseCoreDelta(d []byte, layout Layout) (*iso.CoreDelta, bool) {
	cd := &iso.CoreDelta{}
	p := 0
	next := func(n int) []byte {
		if p+n > len(d) {
			return nil
		}
		s := d[p : p+n]
		p += n
		return s
	}
	c := next(1)
	if c == nil {
		return nil, false
	}
	cd.CoreInfo = c[0] & 0xC0
	for i := 0; i < int(c[0]&0x3F); i++ {
		xy := next(4)
		if xy == nil {
			return nil, false
		}
		var k iso.Core
		k.Type, k.X, k.Y, k.HasAngle = parsePoint(xy, layout, cd.CoreInfo)
		if k.HasAngle {
			a := next(1)
			if a == nil {
				return nil, false
			}
			k.Angle = a[0]
		}
		cd.Cores = append(cd.Cores, k)
	}
	c = next(1)
	if c == nil {
		return nil, false
	}
	cd.DeltaInfo = c[0] & 0xC0
	for i := 0; i < int(c[0]&0x3F); i++ {
		xy := next(4)
		if xy == nil {
			return nil, false
		}
		var k iso.Delta
		k.Type, k.X, k.Y, k.HasAngle = parsePoint(xy, layout, cd.DeltaInfo)
		if k.HasAngle {
			a := next(3)
			if a == nil {
				return nil, false
			}
			copy(k.Angles[:], a)
		}
		cd.Deltas = append(cd.Deltas, k)
	}
	return cd, p == len(d)
}

// BlockContent returns the data bytes of a block: Data when set, else the
// typed fields encoded in layout.
func BlockContent(b *iso.ExtendedBlock, layout Layout) []byte {
	if b.Data != nil {
		return b.Data
	}
	var w bin.Writer
	switch {
	case b.RidgeCounts != nil:
		w.U8(b.RidgeCounts.Method)
		for _, c := range b.RidgeCounts.Counts {
			w.U8(c.Index1)
			w.U8(c.Index2)
			w.U8(c.Count)
		}
	case b.CoreDelta != nil:
		cd := b.CoreDelta
		w.U8(cd.CoreInfo&0xC0 | uint8(len(cd.Cores))&0x3F)
		for _, k := range cd.Cores {
			if layout == LayoutISO {
				w.U16(uint16(k.Type&3)<<14 | k.X&0x3FFF)
			} else {
				w.U16(k.X)
			}
			w.U16(k.Y)
			if k.HasAngle {
				w.U8(k.Angle)
			}
		}
		w.U8(cd.DeltaInfo&0xC0 | uint8(len(cd.Deltas))&0x3F)
		for _, k := range cd.Deltas {
			if layout == LayoutISO {
				w.U16(uint16(k.Type&3)<<14 | k.X&0x3FFF)
			} else {
				w.U16(k.X)
			}
			w.U16(k.Y)
			if k.HasAngle {
				w.Bytes(k.Angles[:])
			}
		}
	}
	return w.B
}

// ExtendedLength is the number of bytes WriteExtended writes, and an
// error message when a length does not fit its field.
func ExtendedLength(blocks []iso.ExtendedBlock, layout Layout) (int, string) {
	n := 2
	for i := range blocks {
		c := len(BlockContent(&blocks[i], layout))
		if 4+c > 0xFFFF {
			return 0, "extended data block longer than 65535 bytes"
		}
		n += 4 + c
	}
	if n-2 > 0xFFFF {
		return 0, "extended data longer than 65535 bytes"
	}
	return n, ""
}

// WriteExtended writes the total length and the blocks.
func WriteExtended(w *bin.Writer, blocks []iso.ExtendedBlock, declared uint16, layout Layout) {
	at := w.Len()
	w.U16(0)
	sum := 0
	for i := range blocks {
		b := &blocks[i]
		c := BlockContent(b, layout)
		l := uint16(4 + len(c))
		if b.DeclaredLength != 0 {
			l = b.DeclaredLength
		}
		w.U16(b.Type)
		w.U16(l)
		w.Bytes(c)
		sum += int(l)
	}
	if declared != 0 {
		sum = int(declared)
	}
	w.PutU16(at, uint16(sum))
}

// CheckCoreDelta validates the counts of a core/delta block for encoding.
func CheckCoreDelta(cd *iso.CoreDelta) string {
	if cd == nil {
		return ""
	}
	if len(cd.Cores) > 63 || len(cd.Deltas) > 63 {
		return "more than 63 cores or deltas"
	}
	return ""
}

// CheckView reports what in a view of 6-byte minutiae does not fit its
// encoding: the field, to follow the view's name ("" for the view
// itself), and the message; msg is "" when all fits. packed says the view
// number and impression type share one byte.
func CheckView(v *iso.MinutiaeView, layout Layout, packed bool) (field, msg string) {
	if len(v.Minutiae) > 255 {
		return ": number of minutiae", fmt.Sprintf("%d does not fit in one byte", len(v.Minutiae))
	}
	if packed && (v.ViewNumber > 15 || v.Impression > 15) {
		return ": view number and impression type", fmt.Sprintf("%d and %d must each fit in 4 bits", v.ViewNumber, v.Impression)
	}
	if _, msg := ExtendedLength(v.Extensions, layout); msg != "" {
		return "", msg
	}
	for j := range v.Extensions {
		if msg := CheckCoreDelta(v.Extensions[j].CoreDelta); msg != "" {
			return "", msg
		}
	}
	return "", ""
}
