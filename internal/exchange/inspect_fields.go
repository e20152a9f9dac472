package exchange

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/biogate/biogate/internal/sniff"
	"github.com/biogate/biogate/nist"
)

// FieldSummary is one field of a record: its tag, its name from the
// field catalogue (nist/fields.tsv) for the transaction's version, where
// it lies in the input and its value, binary data summarised rather than
// dumped.
type FieldSummary struct {
	Tag      string `json:"tag"` // "14.013"; "14.013 (written 14.13)" when the input spelt it otherwise
	Mnemonic string `json:"mnemonic,omitempty"`
	Name     string `json:"name,omitempty"`
	// Offset is the byte offset of the field's first byte (its tag, or a
	// binary record's element) in the input, and Length the bytes it
	// takes up to, not including, the separator that ends it. Both are
	// absent when the input is not in the traditional encoding (XML and
	// the JSON form have no such offsets).
	Offset    *int64         `json:"offset,omitempty"`
	Length    *int64         `json:"length,omitempty"`
	Subfields [][]string     `json:"subfields,omitempty"`
	Binary    *BinarySummary `json:"binary,omitempty"`
}

// BinarySummary describes a binary field's data; for the image data of an
// image record, with the image's declared compression and size.
type BinarySummary struct {
	Bytes       int    `json:"bytes"`
	SHA256      string `json:"sha256"`
	Compression string `json:"compression,omitempty"`
	Width       int    `json:"width,omitempty"`
	Height      int    `json:"height,omitempty"`
	BitsPerPix  int    `json:"bitsPerPixel,omitempty"`
}

// fieldSummaries lists the fields of record r of t; withOffsets when the
// input was the traditional encoding the offsets refer to.
func fieldSummaries(t *nist.Transaction, r *nist.Record, ver nist.Version, withOffsets bool) []FieldSummary {
	out := make([]FieldSummary, 0, len(r.Fields))
	img, isImage := t.ImageOf(r)
	for _, f := range r.Fields {
		fs := FieldSummary{Tag: nist.FieldTag(r.Type, f.Number)}
		if f.Tag != "" {
			fs.Tag += " (written " + f.Tag + ")"
		}
		if def, ok := nist.LookupField(r.Type, f.Number, ver); ok {
			fs.Mnemonic, fs.Name = def.Mnemonic, def.Name
		}
		if withOffsets && f.Offset >= 0 {
			// ANSI/NIST-ITL 1-2011 §7.2: a tagged field is its tag, a
			// colon and its value; a binary record's element is its bytes.
			off := f.Offset
			n := r.ValueOffset(f) - f.Offset + int64(len(f.Value))
			fs.Offset, fs.Length = &off, &n
		}
		if f.Binary {
			sum := sha256.Sum256(f.Value)
			bin := &BinarySummary{Bytes: len(f.Value), SHA256: hex.EncodeToString(sum[:])}
			if isImage && sameBytes(img.Data(), f.Value) {
				if c, ok := img.Compression(); ok || c != "" {
					bin.Compression = string(c)
				}
				bin.Width, _ = img.Width()
				bin.Height, _ = img.Height()
				bin.BitsPerPix, _ = img.BitsPerPixel()
			}
			fs.Binary = bin
		} else {
			fs.Subfields = f.Subfields()
		}
		out = append(out, fs)
	}
	return out
}

// hasOffsets reports whether the offsets of a transaction read from input
// of format are offsets in that input: only the traditional encoding is
// decoded directly (XML and the JSON form are read back through it).
func hasOffsets(format string) bool { return format == sniff.AN2 }

// sameBytes reports whether a and b are the same slice of memory.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
