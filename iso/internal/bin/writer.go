package bin

import "github.com/biogate/biogate/iso"

// Writer appends big-endian integers to a byte slice.
type Writer struct {
	B []byte
}

// U8 appends one byte.
func (w *Writer) U8(v uint8) { w.B = append(w.B, v) }

// U16 appends a big-endian 16-bit integer.
func (w *Writer) U16(v uint16) { w.B = append(w.B, byte(v>>8), byte(v)) }

// U24 appends the low 24 bits of v, big-endian.
func (w *Writer) U24(v uint32) { w.B = append(w.B, byte(v>>16), byte(v>>8), byte(v)) }

// U32 appends a big-endian 32-bit integer.
func (w *Writer) U32(v uint32) { w.B = append(w.B, byte(v>>24), byte(v>>16), byte(v>>8), byte(v)) }

// U48 appends the low 48 bits of v, big-endian.
func (w *Writer) U48(v uint64) {
	w.B = append(w.B, byte(v>>40), byte(v>>32), byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

// Bytes appends p.
func (w *Writer) Bytes(p []byte) { w.B = append(w.B, p...) }

// Len is the number of bytes written.
func (w *Writer) Len() int { return len(w.B) }

// PutU16 overwrites two bytes at off.
func (w *Writer) PutU16(off int, v uint16) { w.B[off], w.B[off+1] = byte(v>>8), byte(v) }

// PutU32 overwrites four bytes at off.
func (w *Writer) PutU32(off int, v uint32) {
	w.B[off], w.B[off+1], w.B[off+2], w.B[off+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
}

// PutU48 overwrites six bytes at off.
func (w *Writer) PutU48(off int, v uint64) {
	for i := 5; i >= 0; i-- {
		w.B[off+i] = byte(v)
		v >>= 8
	}
}

// EndRecord appends trailing and returns the record length to write back:
// the bytes written since start, or declared when it is not zero.
func (w *Writer) EndRecord(start int, trailing []byte, declared uint64) uint64 {
	w.Bytes(trailing)
	if declared != 0 {
		return declared
	}
	return uint64(w.Len() - start)
}

// MagicFMR20 writes the format identifier and version of a 378-2004 or
// 19794-2:2005 record: the version read (version, "020") where the record
// carried that variant, else the editions' own " 20".
func (w *Writer) MagicFMR20(version string) {
	if version == iso.Version20Variant {
		w.Bytes([]byte("FMR\x00" + iso.Version20Variant + "\x00"))
		return
	}
	w.Bytes([]byte("FMR\x00 20\x00"))
}
