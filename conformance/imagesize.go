package conformance

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/codec/jp2"
	"github.com/biogate/biogate/codec/wsq"
	"github.com/biogate/biogate/nist"
)

// declaredCompression returns the compression an image record declares:
// CGA (.011) for tagged records, GCA (.008) for Types 3 and 4.
func declaredCompression(r *nist.Record) (codec.Compression, string, bool) {
	switch r.Type {
	case 3, 4:
		g, ok := num(r, 8)
		if !ok {
			return 0, "", false
		}
		c, ok := codec.FromGCA(g)
		return c, nist.FieldTag(r.Type, 8), ok
	case 10, 13, 14, 15, 16, 17, 19, 20:
		c, ok := codec.FromCGA(r.Text(11))
		return c, nist.FieldTag(r.Type, 11), ok
	}
	return 0, "", false
}

// dataField returns the image data field: .999, or .009 of Types 3-6.
func dataField(r *nist.Record) *nist.Field {
	if r.Type >= 3 && r.Type <= 6 {
		return r.Field(9)
	}
	return r.Field(999)
}

// headerSize reads the image size from the data's own header without
// decoding the pixels; false when the header cannot be read cheaply.
func headerSize(c codec.Compression, data []byte) (image.Config, error, bool) {
	var (
		cfg image.Config
		err error
	)
	switch c {
	case codec.WSQ20:
		if w, h, ok := wsqFrameSize(data); ok {
			return image.Config{ColorModel: color.GrayModel, Width: w, Height: h}, nil, true
		}
		cfg, err = wsq.DecodeConfig(bytes.NewReader(data)) // for its error
	case codec.JPEGB:
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	case codec.PNG:
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	case codec.JP2, codec.JP2L:
		cfg, err = jp2.DecodeConfig(bytes.NewReader(data))
		var u jp2.UnsupportedError
		if errors.As(err, &u) {
			return cfg, nil, false
		}
	default:
		return cfg, nil, false
	}
	return cfg, err, true
}

// wsqFrameSize reads the width and height of the WSQ frame header (SOF)
// in place, walking the table segments before it (FBI WSQ specification
// IAFIS-IC-0110 §3: SOI, then DTT/DQT/DHT/DRT/COM segments, then SOF). It
// reports false for anything wsq.DecodeConfig would refuse, which then
// gives the error.
func wsqFrameSize(b []byte) (w, h int, ok bool) {
	if len(b) < 2 || b[0] != 0xff || b[1] != 0xa0 { // SOI
		return 0, 0, false
	}
	p := 2
	for p+4 <= len(b) {
		if b[p] != 0xff {
			return 0, 0, false
		}
		m := b[p+1]
		n := int(b[p+2])<<8 | int(b[p+3])
		if n < 2 || p+2+n > len(b) {
			return 0, 0, false
		}
		seg := b[p+4 : p+2+n]
		switch m {
		case 0xa2: // SOF
			if len(seg) < 15 {
				return 0, 0, false
			}
			h, w = int(seg[2])<<8|int(seg[3]), int(seg[4])<<8|int(seg[5])
			if w < wsq.MinDimension || h < wsq.MinDimension || w*h > wsq.MaxPixels {
				return 0, 0, false
			}
			return w, h, true
		case 0xa4, 0xa5, 0xa6, 0xa7, 0xa8: // DTT, DQT, DHT, DRT, COM
			p += 2 + n
		default:
			return 0, 0, false
		}
	}
	return 0, 0, false
}

// imageData: an image record's data is of the compression it declares
// and its header gives the declared HLL x VLL; uncompressed data has
// exactly the bytes HLL x VLL x BPX/8 need (ANSI/NIST-ITL 1-2011 §7.7.6-7
// HLL/VLL, Table 15 CGA/GCA, §8.4.8 GCA).
func imageData(in *Input) []Finding {
	var out []Finding
	for i, r := range in.Transaction.Records {
		c, cgaTag, ok := declaredCompression(r)
		d := dataField(r)
		if !ok || d == nil || len(d.Value) == 0 {
			continue
		}
		w, okw := num(r, 6)
		h, okh := num(r, 7)
		if err := codec.Check(c, d.Value); err != nil {
			out = append(out, l2(cgaTag+".data", at(i+1, r, d.Number, -1, -1), "ANSI/NIST-ITL 1-2011 Table 15 (compression codes)",
				"%s declares %s, but %v", cgaTag, c, err))
			continue
		}
		if c == codec.None && okw && okh {
			bpx := 8
			if b, ok := num(r, 12); ok && r.Type != 10 {
				bpx = b
			}
			if r.Type == 10 && r.Text(12) != "GRAY" {
				bpx = 24
			}
			if want := (w*h*bpx + 7) / 8; want != len(d.Value) {
				out = append(out, l2(nist.FieldTag(r.Type, d.Number)+".size", at(i+1, r, d.Number, -1, -1), "ANSI/NIST-ITL 1-2011 §7.7.6-7 HLL/VLL and BPX",
					"uncompressed image of %dx%d at %d bits per pixel needs %d bytes, but %s holds %d", w, h, bpx, want, nist.FieldTag(r.Type, d.Number), len(d.Value)))
			}
			continue
		}
		cfg, err, ok := headerSize(c, d.Value)
		if !ok || err != nil || !okw || !okh {
			continue // a header that does not read is a Level 3 finding
		}
		if cfg.Width != w || cfg.Height != h {
			out = append(out, l2(nist.FieldTag(r.Type, 6)+".size", at(i+1, r, 6, -1, -1), "ANSI/NIST-ITL 1-2011 §7.7.6-7 HLL/VLL",
				"%s HLL x VLL is %dx%d, but the %s data is %dx%d", nist.FieldTag(r.Type, 6), w, h, c, cfg.Width, cfg.Height))
		}
	}
	return out
}
