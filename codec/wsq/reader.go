package wsq

import (
	"encoding/binary"
	"image"
	"image/color"
	"io"
)

func init() {
	image.RegisterFormat("wsq", "\xff\xa0", func(r io.Reader) (image.Image, error) { return Decode(r) }, DecodeConfig)
}

// A decoder holds the state of one decode of an in-memory stream.
type decoder struct {
	data []byte
	pos  int

	frame     frameHeader
	haveFrame bool
	dtt       transformTable
	dqt       quantTable
	dht       [maxHuffTables]huffTable
	comments  []string
	restart   int // restart interval from DRT; informational
	inBlocks  bool
}

// Decode reads a WSQ image from r.
func Decode(r io.Reader) (*image.Gray, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	d := &decoder{data: data}
	return d.decode()
}

// DecodeConfig returns the dimensions and colour model of a WSQ image
// without decoding its pixels. It reads r only up to the frame header.
func DecodeConfig(r io.Reader) (image.Config, error) {
	sr := &streamReader{r: r}
	if _, err := sr.marker(true); err != nil {
		return image.Config{}, err
	}
	for {
		m, err := sr.marker(false)
		if err != nil {
			return image.Config{}, err
		}
		p, err := sr.segment(m)
		if err != nil {
			return image.Config{}, err
		}
		switch m {
		case markerSOF:
			f, err := parseSOF(p)
			if err != nil {
				return image.Config{}, err
			}
			return image.Config{ColorModel: color.GrayModel, Width: f.width, Height: f.height}, nil
		case markerDTT, markerDQT, markerDHT, markerDRT, markerCOM:
		default:
			return image.Config{}, formatErr(sr.off-len(p.b)-4, markerName(m), "unexpected %s marker before the frame header", markerName(m))
		}
	}
}

// A streamReader reads marker segments from an io.Reader, for the
// functions that look only at the header.
type streamReader struct {
	r   io.Reader
	off int
}

func (s *streamReader) marker(first bool) (int, error) {
	var b [2]byte
	if _, err := io.ReadFull(s.r, b[:]); err != nil {
		return 0, s.eof(err, "marker")
	}
	s.off += 2
	m := int(binary.BigEndian.Uint16(b[:]))
	if first && m != markerSOI {
		return 0, formatErr(s.off-2, "SOI", "missing SOI marker (found %#04x)", m)
	}
	if b[0] != 0xff {
		return 0, formatErr(s.off-2, "marker", "expected a marker, found %#04x", m)
	}
	return m, nil
}

func (s *streamReader) segment(m int) (payload, error) {
	var b [2]byte
	name := markerName(m)
	if _, err := io.ReadFull(s.r, b[:]); err != nil {
		return payload{}, s.eof(err, name)
	}
	s.off += 2
	n := int(binary.BigEndian.Uint16(b[:]))
	if n < 2 {
		return payload{}, formatErr(s.off-2, name, "segment length %d", n)
	}
	buf := make([]byte, n-2)
	if _, err := io.ReadFull(s.r, buf); err != nil {
		return payload{}, s.eof(err, name)
	}
	p := payload{b: buf, off: s.off, seg: name}
	s.off += n - 2
	return p, nil
}

func (s *streamReader) eof(err error, seg string) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return formatErr(s.off, seg, "unexpected end of data")
	}
	return err
}

// marker reads the two-byte marker at d.pos.
func (d *decoder) marker() (int, error) {
	if len(d.data)-d.pos < 2 {
		return 0, formatErr(len(d.data), "marker", "unexpected end of data")
	}
	m := int(binary.BigEndian.Uint16(d.data[d.pos:]))
	if d.data[d.pos] != 0xff {
		return 0, formatErr(d.pos, "marker", "expected a marker, found %#04x", m)
	}
	d.pos += 2
	return m, nil
}

// segment reads the length-prefixed body of the segment of marker m.
func (d *decoder) segment(m int) (payload, error) {
	name := markerName(m)
	if len(d.data)-d.pos < 2 {
		return payload{}, formatErr(len(d.data), name, "unexpected end of data")
	}
	n := int(binary.BigEndian.Uint16(d.data[d.pos:]))
	if n < 2 {
		return payload{}, formatErr(d.pos, name, "segment length %d", n)
	}
	if len(d.data)-d.pos < n {
		return payload{}, formatErr(len(d.data), name, "unexpected end of data: segment of %d bytes", n)
	}
	p := payload{b: d.data[d.pos+2 : d.pos+n], off: d.pos + 2, seg: name}
	d.pos += n
	return p, nil
}

// table handles a table or miscellaneous segment (DTT, DQT, DHT, DRT, COM),
// which may appear anywhere between SOI and the first SOB, and between
// blocks. It reports false for any other marker.
func (d *decoder) table(m int) (bool, error) {
	switch m {
	case markerDTT, markerDQT, markerDHT, markerDRT, markerCOM:
	default:
		return false, nil
	}
	p, err := d.segment(m)
	if err != nil {
		return true, err
	}
	switch m {
	case markerDTT:
		if d.inBlocks {
			return true, UnsupportedError("transform table redefined after the first block")
		}
		d.dtt, err = parseDTT(p)
	case markerDQT:
		if d.inBlocks {
			return true, UnsupportedError("quantization table redefined after the first block")
		}
		d.dqt, err = parseDQT(p)
	case markerDHT:
		err = parseDHT(p, &d.dht)
	case markerDRT:
		if len(p.b) < 2 {
			return true, p.short(2)
		}
		d.restart = int(binary.BigEndian.Uint16(p.b))
	case markerCOM:
		d.comments = append(d.comments, string(p.b))
	}
	return true, err
}

// header reads SOI and the segments up to and including the first SOB
// marker (Part 1, "Interchange format": tables may come in any order).
func (d *decoder) header() error {
	m, err := d.marker()
	if err != nil {
		return err
	}
	if m != markerSOI {
		return formatErr(0, "SOI", "missing SOI marker (found %#04x)", m)
	}
	for {
		start := d.pos
		m, err := d.marker()
		if err != nil {
			return err
		}
		if ok, err := d.table(m); ok {
			if err != nil {
				return err
			}
			continue
		}
		switch m {
		case markerSOF:
			if d.haveFrame {
				return formatErr(start, "SOF", "second frame header")
			}
			p, err := d.segment(m)
			if err != nil {
				return err
			}
			if d.frame, err = parseSOF(p); err != nil {
				return err
			}
			d.haveFrame = true
		case markerSOB:
			if !d.haveFrame {
				return formatErr(start, "SOB", "block before the frame header")
			}
			if !d.dtt.defined {
				return formatErr(start, "SOB", "no transform table (DTT) before the first block")
			}
			if !d.dqt.defined {
				return formatErr(start, "SOB", "no quantization table (DQT) before the first block")
			}
			d.pos = start // the block loop reads the SOB itself
			return nil
		default:
			return formatErr(start, markerName(m), "unexpected marker %#04x before the first block", m)
		}
	}
}

func (d *decoder) decode() (*image.Gray, error) {
	if err := d.header(); err != nil {
		return nil, err
	}
	f := &d.frame
	wt, qt := buildTrees(f.width, f.height)
	expected := 0
	for i := 0; i < numSubbands; i++ {
		if d.dqt.q[i] != 0 {
			expected += qt[i].w * qt[i].h
		}
	}
	// Compile the filter plans first: an image too small for the filter
	// bank is refused before any large allocation.
	plans, err := synthesisPlans(&wt, &d.dtt)
	if err != nil {
		return nil, err
	}
	coef, err := d.entropyDecode(expected)
	if err != nil {
		return nil, err
	}
	defer coefPool.put(coef)
	plane := getPlane(f.width * f.height)
	defer putPlane(plane)
	unquantize(plane, f.width, &d.dqt, &qt, coef)
	tmp := getPlane(f.width * f.height)
	defer putPlane(tmp)
	reconstruct(plane, tmp, f.width, &wt, plans)
	img := image.NewGray(image.Rect(0, 0, f.width, f.height))
	toPixels(img.Pix, plane, f.mShift, f.rScale)
	return img, nil
}

// entropyDecode reads the blocks (Part 1, "Block" and "Entropy-coded
// segments") and returns the quantized coefficients of all coded subbands
// in order. Tables and comments may appear between blocks; restart markers
// inside a block reset the bit stream.
func (d *decoder) entropyDecode(expected int) ([]int16, error) {
	d.inBlocks = true
	// The coefficient buffer comes from the pool shared with Encode; the
	// caller returns it (see decode).
	coef := coefPool.get(min(expected, 4096+16*len(d.data)))[:0]
	count := 0
	// put appends n copies of v (n > 1 only for zero runs).
	grow := func(n int) {
		if need := len(coef) + n; need > cap(coef) {
			c := max(2*cap(coef), need)
			c = min(c, expected+1)
			nc := make([]int16, len(coef), c)
			copy(nc, coef)
			coef = nc
		}
	}
	var dec huffDecoder
	for {
		start := d.pos
		m, err := d.marker()
		if err != nil {
			return nil, err
		}
		if ok, err := d.table(m); ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		switch m {
		case markerEOI:
			if count < expected {
				return nil, formatErr(start, "EOI", "image data ends after %d of %d coefficients", count, expected)
			}
			return coef[:expected], nil
		case markerSOB:
		default:
			return nil, formatErr(start, markerName(m), "unexpected marker %#04x between blocks", m)
		}
		p, err := d.segment(m)
		if err != nil {
			return nil, err
		}
		if len(p.b) < 1 {
			return nil, p.short(1)
		}
		id := int(p.b[0])
		if id >= maxHuffTables || !d.dht[id].defined {
			return nil, formatErr(p.off, "SOB", "block uses undefined Huffman table %d", id)
		}
		dec.build(&d.dht[id])

		br := bitReader{buf: d.data[d.pos:]}
		for {
			if count > expected {
				return nil, formatErr(d.pos+br.pos, "SOB data", "more coefficients than the image has (%d)", expected)
			}
			s := br.decode(&dec)
			if s < 0 {
				if s == -2 {
					return nil, formatErr(d.pos+br.pos, "SOB data", "invalid Huffman code")
				}
				if br.eof {
					return nil, formatErr(len(d.data), "SOB data", "unexpected end of data in block")
				}
				at := d.pos + br.pos
				rm := int(d.data[at])<<8 | int(d.data[at+1])
				if rm >= markerRST0 && rm <= markerRST7 {
					d.pos = at + 2
					br = bitReader{buf: d.data[d.pos:]}
					continue
				}
				d.pos = at
				break
			}
			switch {
			case s >= 1 && s <= maxZeroRun:
				if count+s > expected {
					return nil, formatErr(d.pos+br.pos, "SOB data", "zero run past the last coefficient")
				}
				grow(s)
				coef = coef[:len(coef)+s]
				clear(coef[len(coef)-s:])
				count += s
			case s > symRun16 && s < 0xff:
				if count < expected {
					grow(1)
					coef = append(coef, int16(s-symCoeffMid))
				}
				count++
			case s >= symEsc8Pos && s <= symRun16:
				k := uint(8)
				if s == symEsc16Pos || s == symEsc16Neg || s == symRun16 {
					k = 16
				}
				v, ok := br.bits(k)
				if !ok {
					return nil, formatErr(d.pos+br.pos, "SOB data", "marker or end of data inside a coefficient")
				}
				switch s {
				case symRun8, symRun16:
					n := int(v)
					if count+n > expected {
						return nil, formatErr(d.pos+br.pos, "SOB data", "zero run past the last coefficient")
					}
					grow(n)
					coef = coef[:len(coef)+n]
					clear(coef[len(coef)-n:])
					count += n
				default:
					c := int16(v)
					if s == symEsc8Neg || s == symEsc16Neg {
						c = int16(-int32(v))
					}
					if count < expected {
						grow(1)
						coef = append(coef, c)
					}
					count++
				}
			default:
				return nil, formatErr(d.pos+br.pos, "SOB data", "invalid Huffman symbol %d", s)
			}
		}
	}
}
