package wsq

import (
	"encoding/binary"
	"strconv"
)

// Marker segment contents (IAFIS-IC-0110 Part 1, "Syntax": frame header,
// block header, transform table, quantization table, Huffman table,
// restart interval and comment segments).

// frameHeader is the SOF segment.
type frameHeader struct {
	black, white  uint8
	width, height int
	mShift        float32 // M: mean shift of the image
	rScale        float32 // R: rescale factor
	encoder       uint8
	software      uint16
}

// transformTable holds the synthesis filters of a DTT segment.
type transformTable struct {
	defined bool
	lo, hi  []float32
}

// quantTable is the DQT segment: bin centre C and, per subband, the bin
// width Q and zero-bin width Z.
type quantTable struct {
	defined   bool
	binCenter float32
	q, z      [maxSubbands]float32
}

// scaled returns the value of a (scale, integer) pair, integer / 10^scale,
// computed as the reference decoder does: repeated single-precision division.
func scaled(v uint32, scale uint8) float32 {
	f := float32(v)
	for ; scale > 0; scale-- {
		f = float32(float64(f) / 10.0)
	}
	return f
}

// A payload is the body of a marker segment, with its offset in the stream
// for error reports.
type payload struct {
	b   []byte
	off int // stream offset of b[0]
	seg string
}

func (p *payload) short(need int) error {
	return formatErr(p.off+len(p.b), p.seg, "segment too short: %d bytes, need %d", len(p.b), need)
}

func parseSOF(p payload) (frameHeader, error) {
	b := p.b
	if len(b) < 15 {
		return frameHeader{}, p.short(15)
	}
	f := frameHeader{
		black:    b[0],
		white:    b[1],
		height:   int(binary.BigEndian.Uint16(b[2:])),
		width:    int(binary.BigEndian.Uint16(b[4:])),
		mShift:   scaled(uint32(binary.BigEndian.Uint16(b[7:])), b[6]),
		rScale:   scaled(uint32(binary.BigEndian.Uint16(b[10:])), b[9]),
		encoder:  b[12],
		software: binary.BigEndian.Uint16(b[13:]),
	}
	if f.width == 0 || f.height == 0 {
		return f, formatErr(p.off+2, p.seg, "image is %d×%d pixels", f.width, f.height)
	}
	if f.width < MinDimension || f.height < MinDimension {
		return f, UnsupportedError("image of " + strconv.Itoa(f.width) + "×" + strconv.Itoa(f.height) + " pixels is too small (MinDimension)")
	}
	if f.width*f.height > MaxPixels {
		return f, UnsupportedError("image of " + strconv.Itoa(f.width) + "×" + strconv.Itoa(f.height) + " pixels exceeds MaxPixels")
	}
	return f, nil
}

// parseDTT reads a transform table. The segment carries the right halves of
// the analysis low-pass filter (whose modulation gives the synthesis
// high-pass) and of the analysis high-pass filter (giving the synthesis
// low-pass); the full filters follow by symmetry.
func parseDTT(p payload) (transformTable, error) {
	b := p.b
	if len(b) < 2 {
		return transformTable{}, p.short(2)
	}
	hsz, lsz := int(b[0]), int(b[1])
	if hsz == 0 || lsz == 0 || hsz > 32 || lsz > 32 {
		return transformTable{}, UnsupportedError("filter lengths " + strconv.Itoa(hsz) + "/" + strconv.Itoa(lsz))
	}
	nh, nl := (hsz+1)/2, (lsz+1)/2
	need := 2 + 6*(nh+nl)
	if len(b) < need {
		return transformTable{}, p.short(need)
	}
	coef := func(i int) float32 {
		c := b[2+6*i:]
		v := scaled(binary.BigEndian.Uint32(c[2:]), c[1])
		if c[0] != 0 {
			v = -v
		}
		return v
	}
	sign := func(k int) float32 { return float32(1 - 2*(k&1)) }
	t := transformTable{defined: true, hi: make([]float32, hsz), lo: make([]float32, lsz)}
	a := nh - 1
	for k := 0; k < nh; k++ {
		v := sign(k) * coef(k)
		if hsz%2 == 1 {
			t.hi[k+a] = v
			t.hi[a-k] = v
		} else {
			t.hi[k+a+1] = v
			t.hi[a-k] = -v
		}
	}
	a = nl - 1
	for k := 0; k < nl; k++ {
		c := coef(nh + k)
		if lsz%2 == 1 {
			v := sign(k) * c
			t.lo[k+a] = v
			t.lo[a-k] = v
		} else {
			v := sign(k+1) * c
			t.lo[k+a+1] = v
			t.lo[a-k] = v
		}
	}
	return t, nil
}

func parseDQT(p payload) (quantTable, error) {
	b := p.b
	const need = 3 + maxSubbands*6
	if len(b) < need {
		return quantTable{}, p.short(need)
	}
	t := quantTable{defined: true}
	t.binCenter = scaled(uint32(binary.BigEndian.Uint16(b[1:])), b[0])
	for i := 0; i < maxSubbands; i++ {
		c := b[3+6*i:]
		t.q[i] = scaled(uint32(binary.BigEndian.Uint16(c[1:])), c[0])
		t.z[i] = scaled(uint32(binary.BigEndian.Uint16(c[4:])), c[3])
	}
	return t, nil
}

// parseDHT reads one or more Huffman tables into tabs.
func parseDHT(p payload, tabs *[maxHuffTables]huffTable) error {
	b := p.b
	off := 0
	if len(b) == 0 {
		return p.short(1 + maxHuffBits)
	}
	for off < len(b) {
		if len(b)-off < 1+maxHuffBits {
			return formatErr(p.off+off, p.seg, "truncated table: %d bytes left", len(b)-off)
		}
		id := int(b[off])
		if id >= maxHuffTables {
			return formatErr(p.off+off, p.seg, "table identifier %d out of range", id)
		}
		var t huffTable
		t.defined = true
		n := 0
		for i := 0; i < maxHuffBits; i++ {
			t.counts[i] = b[off+1+i]
			n += int(t.counts[i])
		}
		if n > numSymbols {
			return formatErr(p.off+off+1, p.seg, "table %d has %d codes", id, n)
		}
		off += 1 + maxHuffBits
		if len(b)-off < n {
			return formatErr(p.off+len(b), p.seg, "table %d needs %d values, %d bytes left", id, n, len(b)-off)
		}
		t.values = append([]uint8(nil), b[off:off+n]...)
		var d huffDecoder
		if !d.build(&t) {
			return formatErr(p.off+off-maxHuffBits, p.seg, "table %d: code lengths over-subscribe the code space", id)
		}
		off += n
		tabs[id] = t
	}
	return nil
}
