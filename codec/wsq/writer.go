package wsq

import (
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"io"
	"math"
	"strconv"
)

// Options are the encoding parameters. The zero value selects the defaults.
type Options struct {
	// Bitrate is the target bit rate in bits per pixel; 0 means 0.75
	// (about 15:1), the FBI's usual setting. 2.25 gives about 5:1.
	Bitrate float64
	// PPI is the scan resolution recorded in the NISTCOM comment; 0 means
	// 500 and -1 unknown.
	PPI int
	// Comments are written as extra COM segments after the NISTCOM one.
	Comments []string
}

// Encode writes m to w in WSQ format. Images that are not *image.Gray are
// converted with color.GrayModel.
//
// The stream has NBIS's layout: SOI, the NISTCOM comment, the caller's
// comments, DTT, DQT, SOF, then DHT 0 and block 1 (subbands 0-18), DHT 1 and
// blocks 2 (19-51) and 3 (52-59), and EOI.
func Encode(w io.Writer, m image.Image, o *Options) error {
	var opt Options
	if o != nil {
		opt = *o
	}
	if opt.Bitrate == 0 {
		opt.Bitrate = 0.75
	}
	if !(opt.Bitrate > 0) || math.IsInf(opt.Bitrate, 0) {
		return errors.New("wsq: bit rate must be positive")
	}
	if opt.PPI == 0 {
		opt.PPI = 500
	}
	if opt.PPI < -1 {
		return errors.New("wsq: invalid PPI")
	}
	b := m.Bounds()
	width, height := b.Dx(), b.Dy()
	if width < 1 || height < 1 || width > 0xffff || height > 0xffff {
		return UnsupportedError("image of " + strconv.Itoa(width) + "×" + strconv.Itoa(height) + " pixels")
	}
	if width*height > MaxPixels {
		return UnsupportedError("image exceeds MaxPixels")
	}
	if width < MinDimension || height < MinDimension {
		return UnsupportedError("image of " + strconv.Itoa(width) + "×" + strconv.Itoa(height) + " pixels is too small (MinDimension)")
	}
	for _, c := range opt.Comments {
		if len(c) > 0xffff-2 {
			return errors.New("wsq: comment longer than 65533 bytes")
		}
	}
	wt, qt := buildTrees(width, height)
	plans, err := analysisPlans(&wt)
	if err != nil {
		return err
	}
	pix := grayPixels(m)

	// Normalise, transform, allocate bits and quantize (Part 3).
	plane := getPlane(width * height)
	defer putPlane(plane)
	mShift, rScale := toSamples(plane, pix)
	tmp := getPlane(width * height)
	decompose(plane, tmp, width, &wt, plans)
	putPlane(tmp)
	v := variances(plane, width, &qt)
	rate := float32(opt.Bitrate)
	qb, zb := binWidths(&v, rate)
	for s := range qb {
		if qb[s] >= 65535 {
			// Not representable in the DQT segment; such a subband
			// quantizes to zero anyway.
			qb[s], zb[s] = 0, 0
		}
	}
	cbuf := coefPool.get(width * height)
	defer coefPool.put(cbuf)
	coef, sizes := quantize(cbuf[:0], plane, width, &qt, &qb, &zb)

	e := &encoder{out: bytePool.get(int(float64(width*height)*opt.Bitrate/8) + 2048)[:0]}
	e.u16(markerSOI)
	e.comment(nistcomFor(width, height, opt.PPI, rate).String())
	for _, c := range opt.Comments {
		e.comment(c)
	}
	e.dtt()
	e.dqt(&qb, &zb)
	e.sof(width, height, mShift, rScale)

	syms := symPool.get(len(coef)/4 + 16)[:0]
	var blk [3][]uint32
	for i, n := range sizes {
		start := len(syms)
		syms = appendSymbols(syms, coef[:n])
		coef = coef[n:]
		blk[i] = syms[start:]
	}
	var f1, f2 [numSymbols + 1]int
	countSymbols(&f1, blk[0])
	countSymbols(&f2, blk[1])
	countSymbols(&f2, blk[2])
	e.blocks(&f1, 0, blk[0])
	e.blocks(&f2, 1, blk[1], blk[2])
	e.u16(markerEOI)
	symPool.put(syms)
	_, err = w.Write(e.out)
	bytePool.put(e.out) // Writers must not retain the slice
	return err
}

// nistcomFor returns the NISTCOM comment NBIS writes for an encoded image.
func nistcomFor(width, height, ppi int, rate float32) NISTCOM {
	return NISTCOM{
		{"PIX_WIDTH", strconv.Itoa(width)},
		{"PIX_HEIGHT", strconv.Itoa(height)},
		{"PIX_DEPTH", "8"},
		{"PPI", strconv.Itoa(ppi)},
		{"LOSSY", "1"},
		{"COLORSPACE", "GRAY"},
		{"COMPRESSION", "WSQ"},
		{"WSQ_BITRATE", strconv.FormatFloat(float64(rate), 'f', 6, 32)},
	}
}

// grayPixels returns the pixels of m as a contiguous 8-bit grey raster.
func grayPixels(m image.Image) []uint8 {
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	if g, ok := m.(*image.Gray); ok {
		if g.Stride == w {
			return g.Pix[:w*h]
		}
		out := make([]uint8, w*h)
		for y := 0; y < h; y++ {
			copy(out[y*w:(y+1)*w], g.Pix[y*g.Stride:])
		}
		return out
	}
	out := make([]uint8, w*h)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			out[y*w+x] = color.GrayModel.Convert(m.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y
		}
	}
	return out
}

type encoder struct{ out []byte }

func (e *encoder) u8(v int)  { e.out = append(e.out, byte(v)) }
func (e *encoder) u16(v int) { e.out = binary.BigEndian.AppendUint16(e.out, uint16(v)) }

func (e *encoder) comment(c string) {
	e.u16(markerCOM)
	e.u16(len(c) + 2)
	e.out = append(e.out, c...)
}

// scaledUint16 returns the (scale, value) pair NBIS writes for a positive
// single-precision quantity: the value is multiplied by ten until it
// reaches 65535, and the last step undone with rounding.
func scaledUint16(f float32) (scale int, v uint16) {
	if f == 0 {
		return 0, 0
	}
	for f < 65535 {
		scale++
		f *= 10
	}
	return scale - 1, uint16(int32(float64(f)/10.0 + 0.5))
}

// dtt writes the transform table: the right halves of the analysis low-pass
// and high-pass filters (Part 1, "Transform table").
func (e *encoder) dtt() {
	e.u16(markerDTT)
	e.u16(58)
	e.u8(len(analysisLo))
	e.u8(len(analysisHi))
	put := func(f float32) {
		sign := 0
		if !(f >= 0) {
			sign, f = 1, -f
		}
		scale := 0
		var v uint32
		if f != 0 {
			for float64(f) < 4294967295.0 {
				scale++
				f = float32(float64(f) * 10.0)
			}
			scale--
			v = uint32(float64(f)/10.0 + 0.5)
		}
		e.u8(sign)
		e.u8(scale)
		e.out = binary.BigEndian.AppendUint32(e.out, v)
	}
	for _, f := range analysisLo[len(analysisLo)/2:] {
		put(f)
	}
	for _, f := range analysisHi[len(analysisHi)/2:] {
		put(f)
	}
}

// dqt writes the quantization table with bin centre C = 0.44.
func (e *encoder) dqt(qb, zb *[maxSubbands]float32) {
	e.u16(markerDQT)
	e.u16(389)
	e.u8(2)
	e.u16(44)
	for s := 0; s < maxSubbands; s++ {
		var qs, zs int
		var qv, zv uint16
		if s < numSubbands && qb[s] != 0 {
			qs, qv = scaledUint16(qb[s])
			zs, zv = scaledUint16(zb[s])
		}
		e.u8(qs)
		e.u16(int(qv))
		e.u8(zs)
		e.u16(int(zv))
	}
}

// sof writes the frame header (encoder number 2, software number 0, as NBIS).
func (e *encoder) sof(width, height int, m, r float32) {
	e.u16(markerSOF)
	e.u16(17)
	e.u8(0)
	e.u8(255)
	e.u16(height)
	e.u16(width)
	s, v := scaledUint16(m)
	e.u8(s)
	e.u16(int(v))
	s, v = scaledUint16(r)
	e.u8(s)
	e.u16(int(v))
	e.u8(2)
	e.u16(0)
}

// blocks writes Huffman table id, built from freq, then one block per
// symbol slice, each coded with that table.
func (e *encoder) blocks(freq *[numSymbols + 1]int, id int, blks ...[]uint32) {
	freq[numSymbols] = 1
	t, codes, sizes := makeTable(freq[:])
	e.u16(markerDHT)
	e.u16(3 + maxHuffBits + len(t.values))
	e.u8(id)
	for _, c := range t.counts {
		e.u8(int(c))
	}
	e.out = append(e.out, t.values...)
	for _, b := range blks {
		e.u16(markerSOB)
		e.u16(3)
		e.u8(id)
		bw := bitWriter{out: e.out}
		for _, v := range b {
			sym := v & 0xff
			bw.write(uint32(codes[sym]), uint(sizes[sym]))
			if n := uint(v >> 24); n > 0 {
				bw.write(v>>8&0xffff, n)
			}
		}
		bw.flush()
		e.out = bw.out
	}
}

// countSymbols adds the frequencies of packed symbols to freq.
func countSymbols(freq *[numSymbols + 1]int, syms []uint32) {
	for _, v := range syms {
		freq[v&0xff]++
	}
}

// appendSymbols turns quantized coefficients into Huffman symbols and
// appends them to syms, packed as symbol | extra bits<<8 | bit count<<24
// (Part 1, "Huffman coding": zero runs of up to 100 coded directly, longer
// ones with an 8- or 16-bit length; coefficients -73..74 coded directly,
// larger ones with 8 or 16 bits).
func appendSymbols(syms []uint32, coef []int16) []uint32 {
	run := func(n int) uint32 {
		switch {
		case n <= maxZeroRun:
			return uint32(n)
		case n <= 0xff:
			return symRun8 | uint32(n)<<8 | 8<<24
		default:
			return symRun16 | uint32(n)<<8 | 16<<24
		}
	}
	n := 0 // length of the current zero run
	for _, c := range coef {
		if c == 0 {
			if n == 0xffff {
				syms = append(syms, run(n))
				n = 0
			}
			n++
			continue
		}
		if n > 0 {
			syms = append(syms, run(n))
			n = 0
		}
		var v uint32
		switch {
		case c > maxCoeff:
			if c > 255 {
				v = symEsc16Pos | uint32(uint16(c))<<8 | 16<<24
			} else {
				v = symEsc8Pos | uint32(c)<<8 | 8<<24
			}
		case c < 1-maxCoeff:
			if c < -255 {
				v = symEsc16Neg | uint32(uint16(-c))<<8 | 16<<24
			} else {
				v = symEsc8Neg | uint32(-c)<<8 | 8<<24
			}
		default:
			v = uint32(int(c) + symCoeffMid)
		}
		syms = append(syms, v)
	}
	if n > 0 {
		syms = append(syms, run(n))
	}
	return syms
}
