package convert

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/biogate/biogate/codec"
	"github.com/biogate/biogate/iso"
	"github.com/biogate/biogate/nist"
)

// ImageOptions tunes the image conversions; nil means the defaults.
type ImageOptions struct {
	// Source is written as the source agency (xx.004 SRC) of the tagged
	// records made; "" writes "UNKNOWN", reported as assumed. ISO/IEC
	// 19794 records do not name an agency.
	Source string
	// Date is the capture date written (xx.005, YYYYMMDD) when the source
	// has none (the 2005 editions carry no date); "" leaves the field out,
	// reported.
	Date string
}

func (o *ImageOptions) source(rep *Report, n string) string {
	if o != nil && o.Source != "" {
		return o.Source
	}
	rep.assume("source agency ("+n+" SRC)", "", "ISO/IEC 19794 records name none; \"UNKNOWN\" written")
	return "UNKNOWN"
}

// setDate writes the capture date field n of r from a 2011 capture date,
// else from the options, else reports it missing.
func setDate(r *nist.Record, n int, c *iso.Capture, o *ImageOptions, rep *Report, where string) {
	tag := nist.FieldTag(r.Type, n)
	if c != nil && c.DateTime.Year != 0xFFFF && c.DateTime.Month >= 1 && c.DateTime.Month <= 12 && c.DateTime.Day >= 1 && c.DateTime.Day <= 31 {
		d := c.DateTime
		r.Set(n, fmt.Sprintf("%04d%02d%02d", d.Year, d.Month, d.Day))
		if d.Hour != 0xFF {
			rep.drop("capture time of day", where, "%s holds the date only", tag)
		}
		return
	}
	if o != nil && o.Date != "" {
		r.Set(n, o.Date)
		rep.assume("capture date ("+tag+")", where, "the source has none; %s from the options", o.Date)
		return
	}
	rep.assume("capture date ("+tag+")", where, "the source has none; the field, mandatory, is left out (give ImageOptions.Date)")
}

// readDate reads a YYYYMMDD field into a 2011 capture date (time unknown).
func readDate(r *nist.Record, n int) (iso.DateTime, bool) {
	s := r.Text(n)
	if len(s) != 8 {
		return iso.UnknownDateTime, false
	}
	y, e1 := strconv.Atoi(s[:4])
	m, e2 := strconv.Atoi(s[4:6])
	d, e3 := strconv.Atoi(s[6:])
	if e1 != nil || e2 != nil || e3 != nil || m < 1 || m > 12 || d < 1 || d > 31 {
		return iso.UnknownDateTime, false
	}
	dt := iso.UnknownDateTime
	dt.Year, dt.Month, dt.Day = uint16(y), uint8(m), uint8(d)
	return dt, true
}

// compressionToCGA names the compression of an ISO code of edition ed as
// a CGA string; an error when ANSI/NIST-ITL has none (the image must be
// transcoded first, which this package does not do).
func compressionToCGA(ed codec.Edition, code int) (codec.Compression, string, error) {
	c, ok := codec.FromISO(ed, code)
	if !ok {
		return c, "", fmt.Errorf("convert: compression code %d of %s names no compression ANSI/NIST-ITL knows; transcode the image first", code, ed)
	}
	s, ok := c.CGA()
	if !ok {
		return c, "", fmt.Errorf("convert: %s (code %d of %s) has no ANSI/NIST-ITL CGA; transcode the image first", c, code, ed)
	}
	return c, s, nil
}

// cgaToISO gives the ISO code of a CGA string in edition ed.
func cgaToISO(cga string, ed codec.Edition) (codec.Compression, int, error) {
	c, ok := codec.FromCGA(cga)
	if !ok {
		return c, 0, fmt.Errorf("convert: CGA %q is not a compression ANSI/NIST-ITL Table 15 names", cga)
	}
	code, ok := c.ISOCode(ed)
	if !ok {
		return c, 0, fmt.Errorf("convert: %s has no code in %s; transcode the image first", c, ed)
	}
	return c, code, nil
}

// unmapped reports the fields of r that no rule carried: every field not
// in mapped (LEN and IDC are always mapped).
func unmapped(rep *Report, r *nist.Record, target string, mapped ...int) {
	m := map[int]bool{1: true, 2: true}
	for _, n := range mapped {
		m[n] = true
	}
	var names []string
	seen := map[int]bool{}
	for _, f := range r.Fields {
		if m[f.Number] || seen[f.Number] {
			continue
		}
		seen[f.Number] = true
		names = append(names, nist.FieldTag(r.Type, f.Number))
	}
	if len(names) > 0 {
		sort.Strings(names)
		rep.drop("fields "+strings.Join(names, ", "), "", "%s has no place for them", target)
	}
}

// qualityItems writes a quality subfield (position or nothing, score,
// vendor as 4 hex digits, algorithm) of FQM, SQS and IQS.
func qualityItems(pos string, q iso.QualityBlock) []string {
	items := []string{}
	if pos != "" {
		items = append(items, pos)
	}
	return append(items, strconv.Itoa(int(q.Score)), fmt.Sprintf("%04X", q.Vendor), strconv.Itoa(int(q.Algorithm)))
}

// readQualityItems reads quality subfields whose score is at item k.
func readQualityItems(f *nist.Field, k int) []iso.QualityBlock {
	if f == nil {
		return nil
	}
	var out []iso.QualityBlock
	for _, s := range f.Subfields() {
		if len(s) <= k {
			continue
		}
		sc, err := strconv.Atoi(s[k])
		if err != nil || sc < 0 || sc > 255 {
			continue
		}
		q := iso.QualityBlock{Score: uint8(sc)}
		if len(s) > k+1 {
			v, _ := strconv.ParseUint(s[k+1], 16, 16)
			q.Vendor = uint16(v)
		}
		if len(s) > k+2 {
			a, _ := strconv.ParseUint(s[k+2], 10, 16)
			q.Algorithm = uint16(a)
		}
		out = append(out, q)
	}
	return out
}

func intField(r *nist.Record, n int) (int, bool) {
	f := r.Field(n)
	if f == nil {
		return 0, false
	}
	return f.Int()
}

func copyBytes(b []byte) []byte { return append([]byte(nil), b...) }
