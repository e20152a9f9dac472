package xml

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Value codecs between a traditional item and the text of its XML element.
// Each is the identity on values outside the form it converts, so that an
// unusual value still travels unchanged.

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// dtToXML converts a traditional date (YYYYMMDD, ANSI/NIST-ITL 1-2011 §7.7.2.3)
// or GMT date-time (YYYYMMDDhhmmssZ, §7.7.2.2) to xs:date / xs:dateTime, and
// says which of nc:Date (false) or nc:DateTime (true) holds it.
func dtToXML(v string) (string, bool) {
	switch {
	case len(v) == 8 && allDigits(v):
		return v[0:4] + "-" + v[4:6] + "-" + v[6:8], false
	case len(v) == 15 && allDigits(v[:14]) && v[14] == 'Z':
		return v[0:4] + "-" + v[4:6] + "-" + v[6:8] + "T" + v[8:10] + ":" + v[10:12] + ":" + v[12:14] + "Z", true
	case len(v) == 14 && allDigits(v):
		return v[0:4] + "-" + v[4:6] + "-" + v[6:8] + "T" + v[8:10] + ":" + v[10:12] + ":" + v[12:14], true
	}
	return v, strings.Contains(v, "T")
}

// dtFromXML is the inverse of dtToXML. An xs:dateTime with a zone offset
// is converted to UTC, the only time the traditional encoding has
// (YYYYMMDDhhmmssZ, ANSI/NIST-ITL 1-2011 §7.7.2.2): the same instant, which
// dtToXML then writes with "Z". An xs:date with a zone gives its date
// (YYYYMMDD, §7.7.2.3 has no zone). Other text (fractional seconds,
// values that are no date) is kept as it is.
func dtFromXML(s string) string {
	isDate := func(s string) bool {
		return len(s) == 10 && allDigits(s[0:4]) && s[4] == '-' && allDigits(s[5:7]) && s[7] == '-' && allDigits(s[8:10])
	}
	switch {
	case isDate(s):
		return s[0:4] + s[5:7] + s[8:10]
	case len(s) == 11 && isDate(s[:10]) && s[10] == 'Z', len(s) == 16 && isDate(s[:10]) && zoneOffset(s[10:]) != nil:
		return s[0:4] + s[5:7] + s[8:10]
	case len(s) >= 19 && isDate(s[:10]) && s[10] == 'T' && allDigits(s[11:13]) && s[13] == ':' && allDigits(s[14:16]) && s[16] == ':' && allDigits(s[17:19]):
		base := s[0:4] + s[5:7] + s[8:10] + s[11:13] + s[14:16] + s[17:19]
		switch z := s[19:]; {
		case z == "":
			return base
		case z == "Z":
			return base + "Z"
		case zoneOffset(z) != nil:
			if t, err := time.Parse(time.RFC3339, s); err == nil {
				return t.UTC().Format("20060102150405") + "Z"
			}
		}
	}
	return s
}

// zoneOffset parses an xs:dateTime zone offset "+hh:mm" / "-hh:mm"
// (hh at most 14); nil when z is not one.
func zoneOffset(z string) *time.Duration {
	if len(z) != 6 || (z[0] != '+' && z[0] != '-') || !allDigits(z[1:3]) || z[3] != ':' || !allDigits(z[4:6]) {
		return nil
	}
	h, m := int(z[1]-'0')*10+int(z[2]-'0'), int(z[4]-'0')*10+int(z[5]-'0')
	if h > 14 || m > 59 || (h == 14 && m != 0) {
		return nil
	}
	d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
	if z[0] == '-' {
		d = -d
	}
	return &d
}

// xmlSafe reports whether s can be the text of an element and read back
// unchanged: valid UTF-8, only XML 1.0 characters, no CR (which parsers
// normalise, XML 1.0 §2.11).
func xmlSafe(s string) bool {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n <= 1 {
			return false
		}
		switch {
		case r == '\t' || r == '\n':
		case r < 0x20 || r == '\r':
			return false
		case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return false
		}
		i += n
	}
	return true
}
