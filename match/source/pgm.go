package source

import (
	"errors"
	"fmt"
	"image"
)

// decodePGM reads a binary greymap (Netpbm PGM, magic "P5"): the header
// "P5 width height maxval" in ASCII decimal, separated by white space,
// '#' comments allowed, one white-space byte, then width×height samples,
// one byte each when maxval < 256, else two, most significant first.
// Samples are scaled to 0-255 by maxval. The size is checked against
// maxPixels before anything is allocated.
func decodePGM(b []byte, maxPixels int) (*image.Gray, error) {
	if len(b) < 2 || b[0] != 'P' || b[1] != '5' {
		return nil, errors.New("pgm: not a binary greymap (P5)")
	}
	off := 2
	var v [3]int
	for k := range v {
		for off < len(b) {
			switch c := b[off]; {
			case c == '#':
				for off < len(b) && b[off] != '\n' {
					off++
				}
			case c == ' ' || c == '\t' || c == '\n' || c == '\r':
				off++
			default:
				goto number
			}
		}
	number:
		start := off
		for off < len(b) && b[off] >= '0' && b[off] <= '9' && off-start < 6 {
			v[k] = v[k]*10 + int(b[off]-'0')
			off++
		}
		if off == start {
			return nil, fmt.Errorf("pgm: header value %d missing or not a number at byte %d", k+1, off)
		}
	}
	w, h, maxval := v[0], v[1], v[2]
	if off >= len(b) {
		return nil, errors.New("pgm: no image data after the header")
	}
	off++ // the single white-space byte ending the header
	switch {
	case w <= 0 || h <= 0 || w*h > maxPixels:
		return nil, fmt.Errorf("pgm: %d×%d pixels: outside 1 to %d pixels", w, h, maxPixels)
	case maxval <= 0 || maxval > 65535:
		return nil, fmt.Errorf("pgm: maxval %d outside 1-65535", maxval)
	}
	bps := 1
	if maxval > 255 {
		bps = 2
	}
	if need := w * h * bps; len(b)-off < need {
		return nil, fmt.Errorf("pgm: %d bytes of image data, %d×%d needs %d", len(b)-off, w, h, need)
	}
	m := image.NewGray(image.Rect(0, 0, w, h))
	for i := range m.Pix {
		s := int(b[off+i*bps])
		if bps == 2 {
			s = s<<8 | int(b[off+i*bps+1])
		}
		m.Pix[i] = uint8((min(s, maxval)*255 + maxval/2) / maxval)
	}
	return m, nil
}
