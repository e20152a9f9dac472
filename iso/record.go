package iso

import (
	"bytes"
	"fmt"
	"io"
	"sync"
)

// Record is a decoded record of one of the four kinds: *MinutiaeRecord,
// *FingerImageRecord, *FaceRecord or *IrisRecord. Use a type switch to get
// at the fields.
type Record interface {
	Kind() Kind
}

// DecodeOptions controls decoding; nil means strict.
type DecodeOptions struct {
	// Lenient makes the decoder go on past every problem it can recover
	// from, returning the record together with a [Problems] error. A strict
	// decode returns the first problem and no record.
	Lenient bool
}

// Codec is what an edition's package registers: its decoder and encoder.
type Codec struct {
	Format Format
	Decode func(b []byte, opts *DecodeOptions) (Record, error)
	Encode func(w io.Writer, r Record) error
}

var (
	codecsMu sync.RWMutex
	codecs   = map[Format]Codec{}
)

// Register makes a codec available to [Decode], [DecodeAs] and [Encode].
// Codec packages call it from init.
func Register(c Codec) {
	codecsMu.Lock()
	defer codecsMu.Unlock()
	codecs[c.Format] = c
}

func lookup(f Format) (Codec, error) {
	codecsMu.RLock()
	c, ok := codecs[f]
	codecsMu.RUnlock()
	if !ok {
		if !f.Known() {
			return c, UnsupportedError(fmt.Sprintf("format %q", string(f)))
		}
		return c, UnsupportedError(fmt.Sprintf("no codec linked in for %s (import github.com/biogate/biogate/iso/all)", f))
	}
	return c, nil
}

// Decode identifies b's format with [Identify] and decodes it strictly.
func Decode(b []byte) (Record, Format, error) {
	return DecodeWith(b, nil)
}

// DecodeWith is [Decode] with options: with Lenient set it returns the
// record and a [Problems] error when the problems were recoverable.
func DecodeWith(b []byte, opts *DecodeOptions) (Record, Format, error) {
	f, err := Identify(b)
	if err != nil {
		return nil, "", err
	}
	r, err := DecodeAs(b, f, opts)
	return r, f, err
}

// DecodeAs decodes b as format f, for the formats Identify cannot tell
// (the card formats, INCITS 385-2004) or when the caller knows better.
func DecodeAs(b []byte, f Format, opts *DecodeOptions) (Record, error) {
	c, err := lookup(f)
	if err != nil {
		return nil, err
	}
	return c.Decode(b, opts)
}

// Encode writes r in format f. The record's kind must match the format's.
func Encode(w io.Writer, r Record, f Format) error {
	if r == nil {
		return fmt.Errorf("iso: encode %s: nil record", f)
	}
	if r.Kind() != f.Kind() {
		return fmt.Errorf("iso: cannot encode a %s record as %s", r.Kind(), f)
	}
	c, err := lookup(f)
	if err != nil {
		return err
	}
	return c.Encode(w, r)
}

// Marshal is Encode into a new byte slice.
func Marshal(r Record, f Format) ([]byte, error) {
	var buf bytes.Buffer
	if err := Encode(&buf, r, f); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
