package xml

import (
	"strings"
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

// dtFromXML is the inverse of dtToXML.
func dtFromXML(s string) string {
	isDate := func(s string) bool {
		return len(s) == 10 && allDigits(s[0:4]) && s[4] == '-' && allDigits(s[5:7]) && s[7] == '-' && allDigits(s[8:10])
	}
	switch {
	case isDate(s):
		return s[0:4] + s[5:7] + s[8:10]
	case len(s) >= 19 && isDate(s[:10]) && s[10] == 'T' && allDigits(s[11:13]) && s[13] == ':' && allDigits(s[14:16]) && s[16] == ':' && allDigits(s[17:19]):
		base := s[0:4] + s[5:7] + s[8:10] + s[11:13] + s[14:16] + s[17:19]
		switch s[19:] {
		case "":
			return base
		case "Z":
			return base + "Z"
		}
	}
	return s
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
