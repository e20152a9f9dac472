// Package ansi378 implements ANSI INCITS 378 finger minutiae records:
// 378-2004, 378-2009 and 378-2009 Amendment 1, and the 2007 draft of 378
// that NIST libbiomeval reads as "ANSI2007View", decoding into and encoding
// from [iso.MinutiaeRecord].
//
// All editions store angles in units of 2 degrees (0-179) and resolution
// in pixels per centimetre. The layouts (integers big-endian):
//
//	378-2004 (" 20"): 26-byte header: length (2 bytes, or 0 and then 4
//	  bytes), CBEFF product owner and type, capture equipment, width,
//	  height, X and Y resolution, views, reserved; 4-byte view headers as
//	  in 19794-2:2005.
//	2007 draft ("030"): 20-byte header: length (4), product owner and
//	  type, capture equipment (2), views, reserved; 17-byte view headers.
//	378-2009 ("030") and 2009/AM1 ("035"): 21-byte header: length (4),
//	  product owner and type, device certification (1), device type ID
//	  (2), views, reserved; 17-byte view headers: position, view number,
//	  impression type, quality, quality algorithm vendor and ID, width,
//	  height, X and Y resolution, number of minutiae.
//
// In every edition the core/delta block keeps the "angles present" type in
// the top two bits of each count byte and plain 16-bit X and Y words.
//
// Importing this package registers its formats with package iso.
package ansi378

import (
	"io"

	"github.com/biogate/biogate/iso"
)

func init() {
	for _, f := range []iso.Format{iso.ANSI378v2004, iso.ANSI378v2007, iso.ANSI378v2009, iso.ANSI378v2009AM1} {
		f := f
		iso.Register(iso.Codec{
			Format: f,
			Decode: func(b []byte, opts *iso.DecodeOptions) (iso.Record, error) {
				rec, err := Decode(b, f, opts)
				if rec == nil {
					return nil, err
				}
				return rec, err
			},
			Encode: func(w io.Writer, r iso.Record) error { return encodeRecord(w, r, f) },
		})
	}
}
