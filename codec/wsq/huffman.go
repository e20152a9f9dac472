package wsq

// Huffman coding (IAFIS-IC-0110 Part 1, "Huffman coding", which follows
// ISO/IEC 10918-1 Annex C for table specification and Annex K.2 for code
// generation).

// A huffTable is a table as transmitted in a DHT segment.
type huffTable struct {
	defined bool
	counts  [maxHuffBits]uint8 // number of codes of each length 1..16
	values  []uint8            // symbols in order of increasing code length
}

// lutBits is the number of bits resolved by one table look-up.
const lutBits = 9

// A huffDecoder decodes symbols of one table.
type huffDecoder struct {
	lut     [1 << lutBits]uint16 // symbol<<8 | code length; 0 if the code is longer
	maxcode [maxHuffBits + 2]int32
	valptr  [maxHuffBits + 1]int32
	mincode [maxHuffBits + 1]int32
	values  []uint8
}

// build derives the canonical codes (ISO/IEC 10918-1 C.2, Figures C.1-C.2)
// and the decoding tables (F.2.2.3, Figure F.15). A table whose code space
// is over-subscribed is an error; a table that uses the all-ones code, which
// JPEG reserves but the WSQ reference encoder emits, is accepted.
func (d *huffDecoder) build(t *huffTable) bool {
	*d = huffDecoder{values: t.values}
	code, k := int32(0), 0
	for l := 1; l <= maxHuffBits; l++ {
		n := int32(t.counts[l-1])
		if n == 0 {
			d.maxcode[l] = -1
		} else {
			d.valptr[l] = int32(k)
			d.mincode[l] = code
			d.maxcode[l] = code + n - 1
			if code+n > 1<<l {
				return false
			}
			if l <= lutBits {
				for c := code; c < code+n; c++ {
					sym := uint16(t.values[k+int(c-code)])
					lo := c << (lutBits - l)
					for j := int32(0); j < 1<<(lutBits-l); j++ {
						d.lut[lo+j] = sym<<8 | uint16(l)
					}
				}
			}
			k += int(n)
			code += n
		}
		code <<= 1
	}
	d.maxcode[maxHuffBits+1] = 1 << 30 // sentinel
	return true
}

// A bitReader reads entropy-coded data (Part 1, "Entropy coded data"):
// bytes 0xFF are followed by a stuffed 0x00; 0xFF followed by anything else
// is a marker, which ends the coded segment.
type bitReader struct {
	buf    []byte
	pos    int    // next byte of buf to load
	acc    uint64 // loaded bits, most significant first
	n      uint   // number of valid bits in acc
	marker bool   // pos is at a marker: nothing more to load
	eof    bool   // the data ended without a marker
}

func (br *bitReader) fill() {
	for br.n <= 56 && !br.marker && !br.eof {
		if br.pos >= len(br.buf) {
			br.eof = true
			return
		}
		c := br.buf[br.pos]
		if c == 0xff {
			if br.pos+1 >= len(br.buf) {
				br.eof = true
				return
			}
			if br.buf[br.pos+1] != 0 {
				br.marker = true
				return
			}
			br.pos += 2
		} else {
			br.pos++
		}
		br.acc |= uint64(c) << (56 - br.n)
		br.n += 8
	}
}

// bits reads k <= 16 raw bits; ok is false when a marker or the end of the
// data comes first.
func (br *bitReader) bits(k uint) (v uint32, ok bool) {
	if br.n < k {
		br.fill()
		if br.n < k {
			return 0, false
		}
	}
	v = uint32(br.acc >> (64 - k))
	br.acc <<= k
	br.n -= k
	return v, true
}

// decode reads one symbol. It returns -1 when a marker (or the end of the
// data) interrupts the code: like the reference decoder, bits of an
// incomplete code before a marker are padding. It returns -2 for a bit
// pattern that is no code of the table.
func (br *bitReader) decode(d *huffDecoder) int {
	if br.n < maxHuffBits {
		br.fill()
	}
	if e := d.lut[br.acc>>(64-lutBits)]; e != 0 {
		l := uint(e & 0xff)
		if l > br.n {
			return -1
		}
		br.acc <<= l
		br.n -= l
		return int(e >> 8)
	}
	code := int32(0)
	for l := uint(1); l <= maxHuffBits; l++ {
		if l > br.n {
			return -1
		}
		code = code<<1 | int32(br.acc>>(64-l)&1)
		if code <= d.maxcode[l] {
			br.acc <<= l
			br.n -= l
			return int(d.values[d.valptr[l]+code-d.mincode[l]])
		}
	}
	return -2
}

// Encoder side: code lengths from symbol frequencies with the procedure of
// ISO/IEC 10918-1 K.2 as implemented by the WSQ reference encoder, including
// its tie-breaking, so that tables match NBIS's byte for byte.

const numSymbols = 256

// codeSizes returns the optimal code length of each symbol (Figure K.1).
// freq has numSymbols+1 entries; the last is the reserved code point and
// must be 1.
func codeSizes(freq []int) []int {
	size := make([]int, len(freq))
	others := make([]int, len(freq))
	for i := range others {
		others[i] = -1
	}
	for {
		v1, v2 := leastTwo(freq)
		if v2 < 0 {
			return size
		}
		freq[v1] += freq[v2]
		freq[v2] = 0
		size[v1]++
		for others[v1] != -1 {
			v1 = others[v1]
			size[v1]++
		}
		others[v1] = v2
		size[v2]++
		for others[v2] != -1 {
			v2 = others[v2]
			size[v2]++
		}
	}
}

// leastTwo finds the symbols with the smallest and next smallest non-zero
// frequency; among equal frequencies the larger symbol is taken.
func leastTwo(freq []int) (v1, v2 int) {
	v1, v2 = -1, -1
	var f1, f2 int
	seen := 0
	for i, f := range freq {
		if f == 0 {
			continue
		}
		if seen == 0 {
			f1, v1 = f, i
			seen = 1
			continue
		}
		if seen == 1 {
			f2, v2 = f, i
			seen = 2
		}
		if f1 < f && f2 < f {
			continue
		}
		if f < f1 || (f == f1 && i > v1) {
			f2, v2 = f1, v1
			f1, v1 = f, i
			continue
		}
		if f < f2 || (f == f2 && i > v2) {
			f2, v2 = f, i
		}
	}
	return v1, v2
}

// makeTable builds the DHT contents and the code of each symbol from symbol
// frequencies (freq[numSymbols] is the reserved point, set to 1).
func makeTable(freq []int) (t huffTable, codes [numSymbols]uint16, sizes [numSymbols]uint8) {
	size := codeSizes(freq)
	maxSize := 0
	for _, l := range size {
		maxSize = max(maxSize, l)
	}
	bits := make([]int, max(maxSize, 2*maxHuffBits)+1)
	adjust := false
	for i := 0; i < numSymbols; i++ {
		if size[i] != 0 {
			bits[size[i]-1]++
			if size[i] > maxHuffBits {
				adjust = true
			}
		}
	}
	if adjust {
		// Limit code lengths to 16 bits (Figure K.3). The reserved code
		// point takes part, as in the standard, and is removed at the end.
		bits[size[numSymbols]-1]++
		i := len(bits) - 1
		for ; i > maxHuffBits-1; i-- {
			for bits[i] > 0 {
				j := i - 2
				for bits[j] == 0 {
					j--
				}
				bits[i] -= 2
				bits[i-1]++
				bits[j+1] += 2
				bits[j]--
			}
		}
		for bits[i] == 0 {
			i--
		}
		bits[i]--
	}
	// Symbols in order of code length, then value (Figure K.4).
	for l := 1; l <= maxSize; l++ {
		for s := 0; s < numSymbols; s++ {
			if size[s] == l {
				t.values = append(t.values, uint8(s))
			}
		}
	}
	for l := 0; l < maxHuffBits; l++ {
		t.counts[l] = uint8(bits[l])
	}
	t.defined = true
	// Canonical codes (Figures C.1-C.3).
	code, k := uint16(0), 0
	for l := 1; l <= maxHuffBits; l++ {
		for n := 0; n < bits[l-1]; n++ {
			s := t.values[k]
			codes[s], sizes[s] = code, uint8(l)
			code++
			k++
		}
		code <<= 1
	}
	t.values = t.values[:k]
	return t, codes, sizes
}

// A bitWriter writes entropy-coded data with 0xFF byte stuffing.
type bitWriter struct {
	out []byte
	acc uint64
	n   uint
}

func (bw *bitWriter) write(v uint32, k uint) {
	bw.acc = bw.acc<<k | uint64(v)&(1<<k-1)
	bw.n += k
	for bw.n >= 8 {
		bw.n -= 8
		c := byte(bw.acc >> bw.n)
		bw.out = append(bw.out, c)
		if c == 0xff {
			bw.out = append(bw.out, 0)
		}
	}
}

// flush pads the last byte with one bits.
func (bw *bitWriter) flush() {
	if bw.n > 0 {
		pad := 8 - bw.n
		bw.write(1<<pad-1, pad)
	}
}
