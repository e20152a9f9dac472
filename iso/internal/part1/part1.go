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
