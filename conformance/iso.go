package conformance

import (
	"errors"
	"fmt"
	"sort"
	"strconv"

	"github.com/biogate/biogate/iso"
)

// ISOOptions controls [CheckISO] and [CheckISORecord]; nil means defaults.
type ISOOptions struct {
	// MaxLevel is the highest conformance level checked (ISO/IEC 29109-1
	// clause 6): Level1, Level2 or Level3. Zero means all three; Level 3
	// decodes every image, which costs the most.
	MaxLevel Level
}

func (o *ISOOptions) maxLevel() Level {
	if o == nil || o.MaxLevel == 0 {
		return Level3
	}
	return o.MaxLevel
}

// CheckISO checks an ISO/IEC 19794 or ANSI INCITS record against the
// assertions of its edition, by the levels of ISO/IEC 29109 (parts 2, 4,
// 5 and 6 for finger minutiae, finger image, face and iris): Level 1 the
// header and the value of every field, Level 2 the internal consistency of
// lengths, counts, indices and coordinates, Level 3 the image data, which
// must decode with the declared compression to the declared size and bit
// depth.
//
// f names the edition; "" identifies it from the bytes with
// [iso.Identify] (INCITS 385-2004 and the 19794-2 card formats cannot be
// identified and must be named). The record is decoded leniently: the
// problems the decoder reports become findings, and a record the decoder
// cannot follow to its end gives one finding saying where it stops. The
// codecs must be linked in (import github.com/biogate/biogate/iso/all).
func CheckISO(b []byte, f iso.Format, opts *ISOOptions) *Report {
	if f == "" {
		var err error
		if f, err = iso.Identify(b); err != nil {
			c := newISOChecker(f, opts)
			c.identifyFailed(b, err)
			return c.report()
		}
	}
	c := newISOChecker(f, opts)
	c.raw = b
	if !f.Known() {
		c.add("decode", 0, "", -1, "%s is not a format this package checks", f)
		return c.report()
	}
	c.checkMagic(b)
	rec, err := iso.DecodeAs(b, f, &iso.DecodeOptions{Lenient: true})
	if rec == nil {
		c.decodeFailed(err)
		return c.report()
	}
	c.check(rec)
	var ps iso.Problems
	if errors.As(err, &ps) {
		c.problems(ps)
	} else if err != nil {
		c.decodeFailed(err)
	}
	return c.report()
}

// CheckISORecord checks a decoded record against the assertions of
// edition f ("" means the record's own Format). Without the bytes, the
// format identifier and version are not checked; byte offsets are those
// the record has when encoded in f, which for a record decoded from f are
// the offsets in its input.
func CheckISORecord(rec iso.Record, f iso.Format, opts *ISOOptions) *Report {
	if f == "" {
		f = recordFormat(rec)
	}
	c := newISOChecker(f, opts)
	switch {
	case rec == nil:
		c.add("decode", 0, "", -1, "no record")
	case !f.Known() || f.Kind() != rec.Kind():
		c.add("decode", 0, "", -1, "a %s record cannot be checked as %q", rec.Kind(), f)
	default:
		c.check(rec)
	}
	return c.report()
}

func recordFormat(rec iso.Record) iso.Format {
	switch r := rec.(type) {
	case *iso.MinutiaeRecord:
		return r.Format
	case *iso.FingerImageRecord:
		return r.Format
	case *iso.FaceRecord:
		return r.Format
	case *iso.IrisRecord:
		return r.Format
	}
	return ""
}

// isoChecker collects the findings of one record.
type isoChecker struct {
	f        iso.Format
	fam      isoFamily
	max      Level
	raw      []byte // nil when checking a decoded record only
	findings []Finding
}

func newISOChecker(f iso.Format, opts *ISOOptions) *isoChecker {
	return &isoChecker{f: f, fam: familyOf(f), max: opts.maxLevel()}
}

// add records a finding of assertion suffix (the part of the id after the
// edition prefix) for view or image rec (1-based; 0 for the record
// header), field and byte offset (-1 unknown). The level, severity and
// source come from the catalogue; an assertion the catalogue does not
// define for this edition is reported as a level 1 error under its id.
func (c *isoChecker) add(suffix string, rec int, field string, off int64, format string, args ...any) {
	a, ok := lookupISOAssertion(c.f, suffix)
	if !ok {
		a = isoAssertion{ID: suffix, Level: Level1, Severity: Error}
	}
	if a.Level > c.max {
		return
	}
	c.findings = append(c.findings, Finding{
		Assertion: isoPrefix(c.f) + "." + suffix,
		Level:     a.Level,
		Severity:  a.Severity,
		Location:  Location{Record: rec, Field: field, Offset: off},
		Message:   fmt.Sprintf(format, args...),
		Source:    a.source(c.fam),
	})
}

// warn is add with the severity lowered to a warning, for the cases an
// assertion's text calls out as doubtful (an edition's code table that
// is not certain, a reading the standard leaves open).
func (c *isoChecker) warn(suffix string, rec int, field string, off int64, format string, args ...any) {
	n := len(c.findings)
	c.add(suffix, rec, field, off, format, args...)
	if len(c.findings) > n {
		c.findings[n].Severity = Warning
	}
}

func (c *isoChecker) report() *Report {
	rep := &Report{Catalogues: []string{isoCatalogueName(c.f)}, Findings: c.findings}
	if rep.Findings == nil {
		rep.Findings = []Finding{}
	}
	sort.SliceStable(rep.Findings, func(i, j int) bool {
		a, b := rep.Findings[i].Location, rep.Findings[j].Location
		if a.Record != b.Record {
			return a.Record < b.Record
		}
		if a.Offset != b.Offset {
			return a.Offset < b.Offset
		}
		return rep.Findings[i].Assertion < rep.Findings[j].Assertion
	})
	return rep
}

// checkMagic checks the format identifier and version (bytes 0-7) that
// every record format begins with.
func (c *isoChecker) checkMagic(b []byte) {
	m := c.f.Magic()
	if m == nil {
		return
	}
	if len(b) < 4 || string(b[:4]) != string(m[:4]) {
		c.add("header.format", 0, "format identifier", 0, "format identifier is %q, want %q", prefixBytes(b, 4), m[:4])
		return
	}
	v := m[4:8]
	variant20 := (c.f == iso.ANSI378v2004 || c.f == iso.FMR2005) && len(b) >= 8 && string(b[4:8]) == iso.Version20Variant+"\x00"
	if len(b) < 8 || (string(b[4:8]) != string(v) && !variant20 && !(c.f == iso.Iris2005 && string(b[4:8]) == "013\x00")) {
		c.add("header.version", 0, "version", 4, "version is %q, want %q", prefixBytes(b[4:], 4), v)
	}
	if variant20 {
		c.warn("header.version", 0, "version", 4, "version is \"020\", want \" 20\" (as at least one widely used Java library writes it; the layout is that of %s, read as such and kept as written)", c.f)
	}
	if c.f == iso.Iris2005 && len(b) >= 8 && string(b[4:8]) == "013\x00" {
		c.add("header.version", 0, "version", 4, "version is \"013\", want \"010\" (NIST biomdi writes \"013\"; the layout is that of 19794-6:2005)")
		c.findings[len(c.findings)-1].Severity = Warning
	}
}

func prefixBytes(b []byte, n int) []byte {
	if len(b) < n {
		return b
	}
	return b[:n]
}

func (c *isoChecker) identifyFailed(b []byte, err error) {
	var fe *iso.FormatError
	if errors.As(err, &fe) && errors.Is(err, iso.ErrMagic) {
		c.findings = append(c.findings, Finding{Assertion: "ISO19794.header.format", Level: Level1, Severity: Error,
			Location: Location{Field: "format identifier", Offset: 0},
			Message:  fmt.Sprintf("format identifier %q is not FMR, FIR, FAC or IIR: not an ISO/IEC 19794 or INCITS record", prefixBytes(b, 4)),
			Source:   "ISO/IEC 19794-1 (format identifier); 19794-2/-4/-5/-6 record header"})
		return
	}
	c.findings = append(c.findings, Finding{Assertion: "ISO19794.header.version", Level: Level1, Severity: Error,
		Location: Location{Field: "version", Offset: 4},
		Message:  fmt.Sprintf("the record cannot be identified: %v", err),
		Source:   "ISO/IEC 19794-1 (version number); 19794-2/-4/-5/-6 record header"})
}

// decodeFailed turns a decode that returned no record into one finding.
func (c *isoChecker) decodeFailed(err error) {
	var fe *iso.FormatError
	if errors.As(err, &fe) {
		if errors.Is(fe, iso.ErrMagic) {
			return // checkMagic has said it
		}
		rec, _ := problemScope(fe.Field)
		suffix := c.problemAssertion(fe)
		if errors.Is(fe, iso.ErrTruncated) || suffix == "" {
			suffix = "decode"
		}
		c.add(suffix, rec, fe.Field, fe.Offset, "the record cannot be read past this point: %s", fe.Msg)
		return
	}
	c.add("decode", 0, "", -1, "the record cannot be read: %v", err)
}

// problems turns the decoder's recoverable problems into findings, leaving
// out those a check on the decoded record has already reported under the
// same assertion for the same view (parsing and validation see the same
// defect; it is reported once, by the check that knows the standard's
// clause).
func (c *isoChecker) problems(ps iso.Problems) {
	type key struct {
		id  string
		rec int
	}
	seen := map[key]bool{}
	for _, f := range c.findings {
		seen[key{f.Assertion, f.Location.Record}] = true
	}
	for _, p := range ps {
		rec, _ := problemScope(p.Field)
		suffix := c.problemAssertion(p)
		if suffix == "" {
			suffix = "decode"
		}
		if seen[key{isoPrefix(c.f) + "." + suffix, rec}] {
			continue
		}
		c.add(suffix, rec, p.Field, p.Offset, "%s", p.Msg)
	}
}

var scopeRE = lazyRegexp(`^(?:view|representation|image|subtype \d+ image) (\d+)`)

// problemScope returns the view or image number a decoder problem's field
// path begins with ("view 2 minutia 14: angle" → 2), and the rest.
func problemScope(field string) (int, string) {
	m := scopeRE().FindStringSubmatchIndex(field)
	if m == nil {
		return 0, field
	}
	n, _ := strconv.Atoi(field[m[2]:m[3]])
	return n, field[m[1]:]
}

var (
	lastFieldRE = lazyRegexp(`(?:^|: )([^:]*)$`)
	blockRE     = lazyRegexp(`extended data block \d+`)
	minutiaRE   = lazyRegexp(`minutia \d+`)
)

// problemAssertion maps a decoder problem onto the assertion that says the
// same thing; "" when none does.
func (c *isoChecker) problemAssertion(p *iso.FormatError) string {
	_, rest := problemScope(p.Field)
	field := rest
	if m := lastFieldRE().FindStringSubmatch(rest); m != nil {
		field = m[1]
	}
	inBlock := blockRE().MatchString(rest)
	inMinutia := minutiaRE().MatchString(rest)
	switch {
	case errors.Is(p, iso.ErrMagic):
		return "header.format"
	case errors.Is(p, iso.ErrTrailing):
		return "record.trailing"
	case field == "record length":
		return "header.length"
	case p.Field == "" && errors.Is(p, iso.ErrLength):
		return "record.trailing"
	case field == "extended data length":
		return "view.ext.length"
	case inBlock && field == "length":
		return "view.ext.block.length"
	case inBlock && field == "":
		return "view.ext.length"
	case field == "ridge counts":
		return "view.ext.ridgecount.structure"
	case field == "cores and deltas":
		return "view.ext.coredelta.structure"
	case field == "type" && c.fam == famCard:
		return "card.minutia.type"
	case inMinutia && field == "type":
		return "view.minutia.type"
	case inMinutia && field == "angle":
		return "view.minutia.angle"
	case inMinutia && field == "quality":
		return "view.minutia.quality"
	case field == "finger position":
		return "view.position"
	case field == "finger quality":
		return "view.quality"
	case field == "capture equipment":
		return "header.equipment"
	case field == "certification flag":
		return "header.certification"
	case field == "record header length":
		return "header.headerlength"
	case field == "minutia size":
		return "view.minutia.size"
	case field == "representation length" || field == "":
		switch c.f.Kind() {
		case iso.KindMinutiae, iso.KindFingerImage:
			return "view.length"
		}
		return "image.length"
	case field == "view length":
		return "view.length"
	case field == "facial record data length":
		return "image.length"
	}
	return ""
}
