package codec

import (
	"fmt"
	"image"
	"image/color"
	"io"
)

// RawLayout describes uncompressed pixels, which carry no header: the size
// comes from the record (ANSI/NIST HLL/VLL .006/.007 and BPX .012; ISO/IEC
// 19794-4 view width/height and the header's pixel depth).
//
// Samples are stored row by row from the top left, most significant byte
// (and bit) first, as both families store integers.
//
//   - [None]: each sample in whole bytes. Depth 1-8: one byte a pixel;
//     9-16: two bytes (the value in the low bits); 24: R, G, B bytes;
//     48: R, G, B as 16-bit values. Grey samples below 8 or 16 bits are
//     scaled to the full range of [*image.Gray] or [*image.Gray16].
//   - [NoneBitPacked]: grey samples of Depth bits (1-16) packed without
//     gaps; each row starts on a byte boundary (UNVERIFIED: 19794-4 says
//     bit-packed, and we found no sample or second source on row padding).
type RawLayout struct {
	Width, Height int
	Depth         int // bits per pixel
}

// RawLayoutOf returns the layout [Encode] writes m in with [None]: 8-bit
// grey for grey images, 16-bit for [*image.Gray16], 24-bit RGB otherwise
// (alpha is dropped).
func RawLayoutOf(m image.Image) RawLayout {
	b := m.Bounds()
	l := RawLayout{Width: b.Dx(), Height: b.Dy(), Depth: 24}
	switch m.ColorModel() {
	case color.GrayModel:
		l.Depth = 8
	case color.Gray16Model:
		l.Depth = 16
	}
	return l
}

// maxRawPixels bounds the size of a raw image (an implementation limit, the
// same as codec/jp2's): the data must also be long enough, so this only
// matters for huge inputs.
const maxRawPixels = 1 << 26

// rowBytes returns the bytes per row for l under c, or an error.
func (l RawLayout) rowBytes(c Compression) (int, error) {
	if l.Width <= 0 || l.Height <= 0 {
		return 0, fmt.Errorf("image size %dx%d", l.Width, l.Height)
	}
	if int64(l.Width)*int64(l.Height) > maxRawPixels {
		return 0, &UnsupportedError{Compression: c, Feature: fmt.Sprintf("images over %d pixels", maxRawPixels)}
	}
	switch {
	case c == NoneBitPacked && l.Depth >= 1 && l.Depth <= 16:
		return (l.Width*l.Depth + 7) / 8, nil
	case c == None && l.Depth >= 1 && l.Depth <= 8:
		return l.Width, nil
	case c == None && l.Depth <= 16 && l.Depth > 8:
		return 2 * l.Width, nil
	case c == None && l.Depth == 24:
		return 3 * l.Width, nil
	case c == None && l.Depth == 48:
		return 6 * l.Width, nil
	}
	return 0, &UnsupportedError{Compression: c, Feature: fmt.Sprintf("%d bits per pixel", l.Depth)}
}

// decodeRaw decodes uncompressed pixels. Data beyond the image is ignored.
func decodeRaw(data []byte, c Compression, l *RawLayout) (image.Image, error) {
	if l == nil {
		return nil, &FormatError{Compression: c, Msg: "uncompressed data needs a RawLayout (width, height, depth)"}
	}
	stride, err := l.rowBytes(c)
	if err != nil {
		if _, ok := err.(*UnsupportedError); ok {
			return nil, err
		}
		return nil, &FormatError{Compression: c, Msg: err.Error()}
	}
	if need := int64(stride) * int64(l.Height); int64(len(data)) < need {
		return nil, &FormatError{Compression: c, Msg: fmt.Sprintf("%d bytes for %dx%d pixels of %d bits, want %d", len(data), l.Width, l.Height, l.Depth, need)}
	}
	r := image.Rect(0, 0, l.Width, l.Height)
	switch {
	case l.Depth == 24:
		m := image.NewRGBA(r)
		for i, j := 0, 0; i < l.Width*l.Height; i, j = i+1, j+3 {
			copy(m.Pix[4*i:], data[j:j+3])
			m.Pix[4*i+3] = 0xFF
		}
		return m, nil
	case l.Depth == 48:
		m := image.NewRGBA64(r)
		for i, j := 0, 0; i < l.Width*l.Height; i, j = i+1, j+6 {
			copy(m.Pix[8*i:], data[j:j+6])
			m.Pix[8*i+6], m.Pix[8*i+7] = 0xFF, 0xFF
		}
		return m, nil
	}
	// Grey: read each sample, then scale it to 8 or 16 bits.
	max := uint32(1)<<l.Depth - 1
	sample := func(row []byte, x int) uint32 {
		if c == NoneBitPacked {
			var v uint32
			bit := x * l.Depth
			for k := 0; k < l.Depth; k, bit = k+1, bit+1 {
				v = v<<1 | uint32(row[bit/8]>>(7-bit%8))&1
			}
			return v
		}
		if l.Depth > 8 {
			return (uint32(row[2*x])<<8 | uint32(row[2*x+1])) & max
		}
		return uint32(row[x]) & max
	}
	if l.Depth <= 8 {
		m := image.NewGray(r)
		for y := 0; y < l.Height; y++ {
			row := data[y*stride : (y+1)*stride]
			for x := 0; x < l.Width; x++ {
				m.Pix[y*m.Stride+x] = uint8((sample(row, x)*0xFF + max/2) / max)
			}
		}
		return m, nil
	}
	m := image.NewGray16(r)
	for y := 0; y < l.Height; y++ {
		row := data[y*stride : (y+1)*stride]
		for x := 0; x < l.Width; x++ {
			v := (sample(row, x)*0xFFFF + max/2) / max
			m.Pix[y*m.Stride+2*x], m.Pix[y*m.Stride+2*x+1] = uint8(v>>8), uint8(v)
		}
	}
	return m, nil
}

// encodeRaw writes m uncompressed in the layout RawLayoutOf(m) gives.
func encodeRaw(w io.Writer, m image.Image) error {
	l := RawLayoutOf(m)
	b := m.Bounds()
	var row []byte
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row = row[:0]
		for x := b.Min.X; x < b.Max.X; x++ {
			c := m.At(x, y)
			switch l.Depth {
			case 8:
				row = append(row, color.GrayModel.Convert(c).(color.Gray).Y)
			case 16:
				v := color.Gray16Model.Convert(c).(color.Gray16).Y
				row = append(row, uint8(v>>8), uint8(v))
			default:
				r, g, bl, _ := c.RGBA()
				row = append(row, uint8(r>>8), uint8(g>>8), uint8(bl>>8))
			}
		}
		if _, err := w.Write(row); err != nil {
			return err
		}
	}
	return nil
}
