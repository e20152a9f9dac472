package codec

import "fmt"

// A FormatError reports that image data is not valid for the compression it
// was decoded as. Err is the underlying codec's error, when there is one.
type FormatError struct {
	Compression Compression
	Msg         string
	Err         error
}

func (e *FormatError) Error() string {
	switch {
	case e.Err != nil && e.Msg != "":
		return fmt.Sprintf("codec: invalid %s data: %s: %v", e.Compression, e.Msg, e.Err)
	case e.Err != nil:
		return fmt.Sprintf("codec: invalid %s data: %v", e.Compression, e.Err)
	}
	return fmt.Sprintf("codec: invalid %s data: %s", e.Compression, e.Msg)
}

func (e *FormatError) Unwrap() error { return e.Err }

// An UnsupportedError reports a compression, or a feature of one, that this
// build cannot decode or encode: lossless JPEG, JPEG 2000 without the openjp2
// build tag, or what an underlying codec reports as unsupported.
type UnsupportedError struct {
	Compression Compression
	Feature     string // what is missing, in words
	Err         error  // the underlying codec's error, if any
}

func (e *UnsupportedError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("codec: %s: unsupported: %s: %v", e.Compression, e.Feature, e.Err)
	}
	return fmt.Sprintf("codec: %s: unsupported: %s", e.Compression, e.Feature)
}

func (e *UnsupportedError) Unwrap() error { return e.Err }
