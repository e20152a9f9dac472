package wsq

import "fmt"

// A FormatError reports that the input is not a valid WSQ stream.
type FormatError struct {
	Offset  int64  // byte offset in the stream where the problem was found
	Segment string // marker or segment being read, e.g. "SOF", "DHT", "SOB data"
	Msg     string
}

func (e *FormatError) Error() string {
	if e.Segment == "" {
		return fmt.Sprintf("wsq: invalid format at byte %#x: %s", e.Offset, e.Msg)
	}
	return fmt.Sprintf("wsq: invalid format in %s at byte %#x: %s", e.Segment, e.Offset, e.Msg)
}

// An UnsupportedError reports that the input uses a valid but unimplemented
// feature, or exceeds an implementation limit.
type UnsupportedError string

func (e UnsupportedError) Error() string { return "wsq: unsupported feature: " + string(e) }

func formatErr(off int, seg, format string, args ...any) error {
	return &FormatError{Offset: int64(off), Segment: seg, Msg: fmt.Sprintf(format, args...)}
}
