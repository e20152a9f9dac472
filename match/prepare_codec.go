package match

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
)

// Serialised form of a Prepared (all integers little-endian):
//
//	offset 0   "MCC" and format version 1
//	offset 4   uint16 minutiae of the source template
//	offset 6   uint16 cylinders n (at most MaxMinutiae)
//	then n records of preparedRecordSize bytes:
//	  float32 x, y, theta (500 ppi, y upwards, radians in [-π, π))
//	  uint16 direction in 1/65536 turns
//	  cylWords uint64: validity mask of the base, then the ND layers
//
// Decoding checks every field, so a stored gallery that was damaged gives
// a FormatError, not a wrong score.
const (
	preparedMagic      = "MCC\x01"
	preparedHeaderSize = 8
	preparedRecordSize = 3*4 + 2 + cylWords*8
)

// FormatError reports a serialised Prepared that cannot be decoded, with
// the byte offset of the fault.
type FormatError struct {
	Offset int
	Msg    string
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("match: prepared template: %s at byte %d", e.Msg, e.Offset)
}

// MarshalBinary encodes p in the form described above; it never fails.
func (p *Prepared) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, preparedHeaderSize+len(p.cyl)*preparedRecordSize)
	b = append(b, preparedMagic...)
	b = binary.LittleEndian.AppendUint16(b, uint16(min(p.minutiae, math.MaxUint16)))
	b = binary.LittleEndian.AppendUint16(b, uint16(len(p.cyl)))
	for i := range p.cyl {
		m := p.min[i]
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(m.x))
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(m.y))
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(m.theta))
		b = binary.LittleEndian.AppendUint16(b, m.dir)
		for _, l := range p.cyl[i].bits {
			for _, w := range l {
				b = binary.LittleEndian.AppendUint64(b, w)
			}
		}
	}
	return b, nil
}

// UnmarshalBinary decodes the form written by MarshalBinary into p.
func (p *Prepared) UnmarshalBinary(b []byte) error {
	if len(b) < preparedHeaderSize {
		return &FormatError{len(b), "truncated header"}
	}
	if string(b[:4]) != preparedMagic {
		return &FormatError{0, fmt.Sprintf("magic %q, want %q", b[:4], preparedMagic)}
	}
	minutiae := int(binary.LittleEndian.Uint16(b[4:]))
	n := int(binary.LittleEndian.Uint16(b[6:]))
	if n > MaxMinutiae {
		return &FormatError{6, fmt.Sprintf("%d cylinders, at most %d", n, MaxMinutiae)}
	}
	if want := preparedHeaderSize + n*preparedRecordSize; len(b) != want {
		return &FormatError{len(b), fmt.Sprintf("%d bytes for %d cylinders, want %d", len(b), n, want)}
	}
	q := Prepared{minutiae: minutiae, cyl: make([]cylinder, n), min: make([]minutia, n)}
	for i := range n {
		off := preparedHeaderSize + i*preparedRecordSize
		r := b[off:]
		m := minutia{
			x:     math.Float32frombits(binary.LittleEndian.Uint32(r)),
			y:     math.Float32frombits(binary.LittleEndian.Uint32(r[4:])),
			theta: math.Float32frombits(binary.LittleEndian.Uint32(r[8:])),
			dir:   binary.LittleEndian.Uint16(r[12:]),
		}
		for j, v := range []float32{m.x, m.y} {
			if math.IsNaN(float64(v)) || math.Abs(float64(v)) > maxCoordinate {
				return &FormatError{off + 4*j, fmt.Sprintf("cylinder %d: coordinate %v out of range", i, v)}
			}
		}
		if !(m.theta >= -math.Pi && m.theta < math.Pi) {
			return &FormatError{off + 8, fmt.Sprintf("cylinder %d: direction %v outside [-π, π)", i, m.theta)}
		}
		c := &q.cyl[i]
		for k := range c.bits {
			for w := range c.bits[k] {
				c.bits[k][w] = binary.LittleEndian.Uint64(r[14+8*(k*cellWords+w):])
			}
		}
		if err := c.check(); err != "" {
			return &FormatError{off + 14, fmt.Sprintf("cylinder %d: %s", i, err)}
		}
		q.min[i] = m
	}
	*p = q
	return nil
}

// maxCoordinate bounds decoded positions: 19794-2 coordinates are 14-bit
// pixels, scaled to 500 ppi from at least 50 ppi.
const maxCoordinate = 1 << 18

// check verifies a decoded cylinder's structure (cells only inside the
// disc, elements only in valid cells, at least the valid cells of a valid
// cylinder) and sets its derived counts; it returns what is wrong, or "".
func (c *cylinder) check() string {
	valid := 0
	for w := range cellWords {
		if c.bits[0][w]&^discMask[w] != 0 {
			return "valid cell outside the disc"
		}
		valid += bits.OnesCount64(c.bits[0][w])
	}
	if float64(valid) < mccMinVC*float64(cellsInCircle) {
		return fmt.Sprintf("%d valid cells, fewer than a valid cylinder has", valid)
	}
	c.ones = 0
	for k := 1; k <= mccNd; k++ {
		for w := range cellWords {
			l := c.bits[k][w]
			if l&^c.bits[0][w] != 0 {
				return fmt.Sprintf("layer %d sets an invalid cell", k-1)
			}
			c.ones += uint16(bits.OnesCount64(l))
		}
	}
	c.cells = uint16(valid)
	c.full = valid == cellsInCircle
	return ""
}
