// Package part1 reads and writes the representation header that ISO/IEC
// 19794-1:2011 gives every 2011 edition (clause 13.4): capture date and
// time, capture device, quality blocks and certification blocks.
package part1

import (
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/iso/internal/bin"
)

// ReadCapture reads the capture date-time (9 bytes), device technology (1),
// device vendor (2), device type (2), the quality blocks (count, then 5
// bytes each) and, when withCerts, the certification blocks (count, then 3
// bytes each).
func ReadCapture(r *bin.Reader, withCerts bool) *iso.Capture {
	c := &iso.Capture{}
	c.DateTime = ReadDateTime(r)
	c.DeviceTechnology = r.U8("capture device technology")
	c.DeviceVendor = r.U16("capture device vendor")
	c.DeviceType = r.U16("capture device type")
	n := int(r.U8("number of quality blocks"))
	if n > 0 && r.Remaining() >= 5*n {
		c.Quality = make([]iso.QualityBlock, n)
		for i := range c.Quality {
			q := &c.Quality[i]
			q.Score = r.U8("quality score")
			q.Vendor = r.U16("quality algorithm vendor")
			q.Algorithm = r.U16("quality algorithm")
		}
	} else if n > 0 {
		r.Bytes(5*n, "quality blocks") // reports the truncation
	}
	if withCerts {
		n := int(r.U8("number of certification blocks"))
		if n > 0 && r.Remaining() >= 3*n {
			c.Certifications = make([]iso.CertificationBlock, n)
			for i := range c.Certifications {
				cb := &c.Certifications[i]
				cb.Authority = r.U16("certification authority")
				cb.Scheme = r.U8("certification scheme")
			}
		} else if n > 0 {
			r.Bytes(3*n, "certification blocks")
		}
	}
	return c
}

// ReadDateTime reads a 9-byte capture date and time.
func ReadDateTime(r *bin.Reader) iso.DateTime {
	var d iso.DateTime
	d.Year = r.U16("capture year")
	d.Month = r.U8("capture month")
	d.Day = r.U8("capture day")
	d.Hour = r.U8("capture hour")
	d.Minute = r.U8("capture minute")
	d.Second = r.U8("capture second")
	d.Millisecond = r.U16("capture millisecond")
	return d
}

// WriteCapture writes what ReadCapture reads. A nil capture is written as
// an unknown date, unknown device and no quality blocks.
func WriteCapture(w *bin.Writer, c *iso.Capture, withCerts bool) {
	if c == nil {
		c = &iso.Capture{DateTime: iso.UnknownDateTime}
	}
	d := c.DateTime
	w.U16(d.Year)
	w.U8(d.Month)
	w.U8(d.Day)
	w.U8(d.Hour)
	w.U8(d.Minute)
	w.U8(d.Second)
	w.U16(d.Millisecond)
	w.U8(c.DeviceTechnology)
	w.U16(c.DeviceVendor)
	w.U16(c.DeviceType)
	w.U8(uint8(len(c.Quality)))
	for _, q := range c.Quality {
		w.U8(q.Score)
		w.U16(q.Vendor)
		w.U16(q.Algorithm)
	}
	if withCerts {
		w.U8(uint8(len(c.Certifications)))
		for _, cb := range c.Certifications {
			w.U16(cb.Authority)
			w.U8(cb.Scheme)
		}
	}
}

// CheckCapture reports the counts that do not fit their one-byte fields.
func CheckCapture(c *iso.Capture) string {
	if c == nil {
		return ""
	}
	if len(c.Quality) > 255 {
		return "more than 255 quality blocks"
	}
	if len(c.Certifications) > 255 {
		return "more than 255 certification blocks"
	}
	return ""
}

// ReadGeneral reads the start of a 2011 general header (clause 13.3): the
// format identifier and version, the 4-byte record length, the 2-byte
// number of representations (named count in errors) and the certification
// flag. The edition's own header fields follow.
func ReadGeneral(r *bin.Reader, magic, count string) (length uint64, n int, certFlag uint8) {
	r.Magic(magic)
	length = uint64(r.U32("record length"))
	n = int(r.U16(count))
	certFlag = r.U8("certification flag")
	return length, n, certFlag
}

// WriteGeneral writes what ReadGeneral reads, with a zero record length
// for [bin.Writer.EndRecord]'s length to replace.
func WriteGeneral(w *bin.Writer, magic string, n int, certFlag uint8) {
	w.Bytes([]byte(magic))
	w.U32(0)
	w.U16(uint16(n))
	w.U8(certFlag)
}

// OpenRep reads a representation's 4-byte length and returns a reader
// over r bounded by it, and the representation's end. It returns a nil
// reader, having recorded the problem in r, when the length cannot be
// read or does not fit. Once the representation is read, [CloseRep] hands
// the reader's problems back to r.
func OpenRep(r *bin.Reader) (sub *bin.Reader, end int) {
	start := r.Off
	declared := r.U32("representation length")
	end = start + int(declared)
	if r.Failed() {
		return nil, end
	}
	if declared < 4 || end > len(r.B) || end < start {
		r.Fail(start, "representation length", iso.ErrLength, "%d does not fit the %d bytes left", declared, len(r.B)-start)
		return nil, end
	}
	s := *r
	s.B = r.B[:end]
	return &s, end
}

// CloseRep copies sub's problems back to r and moves r to end.
func CloseRep(r, sub *bin.Reader, end int) {
	r.Err, r.Problems = sub.Err, sub.Problems
	r.Off = end
}

// EndRep writes back a representation's 4-byte length at at: the bytes
// written since, or declared when it is not zero.
func EndRep(w *bin.Writer, at int, declared uint32) {
	l := uint32(w.Len() - at)
	if declared != 0 {
		l = declared
	}
	w.PutU32(at, l)
}
